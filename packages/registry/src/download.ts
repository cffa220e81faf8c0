import { createHash, type Hash } from 'node:crypto';
import { mkdir, open, readFile, rm, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { MfcError, commitRename, writeFileAtomic } from '@mfc/diagnostics';
import { acquireLock, digestFileName, type Digest, type StoreLayout } from '@mfc/store';
import type { RegistryClient } from './client.js';
import { registryCodeError, registryError } from './errors.js';
import { header, type HttpResponse } from './http.js';

/** One byte range of a blob and how much of it is on disk. */
export interface PartState {
  offset: number;
  size: number;
  done: number;
}

/** `state.json` of a resumable download; `done` never counts bytes not yet written. */
export interface DownloadState {
  version: 1;
  digest: Digest;
  size: number;
  parts: PartState[];
}

export interface TransferTuning {
  /** Parts fetched at once (default 4). */
  concurrency?: number;
  /** Bytes per part (default size/16 clamped to [100 MB, 1000 MB], as Ollama splits). */
  partSize?: number;
  /** No byte for this long = a stalled connection, retried (default 30 s). */
  stallMs?: number;
  /** Tries per part for errors other than stalls (default 6). */
  retries?: number;
  /** First backoff (doubles each try, at most 10 s; default 1 s). */
  retryBaseMs?: number;
}

export interface BlobDownload {
  client: RegistryClient;
  layout: StoreLayout;
  digest: Digest;
  size: number;
  scope: string;
  tuning?: TransferTuning;
  /** Bytes on disk so far (resumed ones included). */
  onProgress?: (done: number, total: number) => void;
}

export interface DownloadResult {
  /** Bytes received over the network. */
  fetched: number;
  /** Bytes that were already on disk from an interrupted pull. */
  resumed: number;
}

const MiB = 1024 * 1024;

/** Ollama's split: size/16 clamped to [100 MB, 1000 MB]. */
export function planParts(size: number, partSize?: number): PartState[] {
  const each = Math.max(
    1,
    partSize ?? Math.min(1000 * 1000 * 1000, Math.max(100 * 1000 * 1000, Math.ceil(size / 16))),
  );
  const parts: PartState[] = [];
  for (let offset = 0; offset < size; offset += each) {
    parts.push({ offset, size: Math.min(each, size - offset), done: 0 });
  }
  if (parts.length === 0) parts.push({ offset: 0, size: 0, done: 0 });
  return parts;
}

/** The state file, if it describes this blob and is consistent; else undefined. */
export function parseState(text: string, digest: Digest, size: number): DownloadState | undefined {
  try {
    const s = JSON.parse(text) as DownloadState;
    if (s.version !== 1 || s.digest !== digest || s.size !== size || !Array.isArray(s.parts))
      return undefined;
    let at = 0;
    for (const p of s.parts) {
      if (p.offset !== at || p.size < 0 || p.done < 0 || p.done > p.size) return undefined;
      at += p.size;
    }
    return at === size || (size === 0 && at === 0) ? s : undefined;
  } catch {
    return undefined;
  }
}

class Stalled extends Error {}

function envInt(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = Number(env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** Tuning from `MFC_PULL_CONCURRENCY`, `MFC_PULL_PART_SIZE`, `MFC_STALL_MS`, `MFC_RETRY_BASE_MS`. */
export function tuningFromEnv(env: NodeJS.ProcessEnv): TransferTuning {
  return {
    concurrency: envInt(env, 'MFC_PULL_CONCURRENCY'),
    partSize: envInt(env, 'MFC_PULL_PART_SIZE'),
    stallMs: envInt(env, 'MFC_STALL_MS'),
    retryBaseMs: envInt(env, 'MFC_RETRY_BASE_MS'),
  };
}

/**
 * Downloads one blob into the store: parallel ranged parts written into
 * `.mfc/downloads/sha256-<hex>/data` with their progress in `state.json`
 * (so a killed pull resumes where it stopped), then verified and renamed to
 * the blob path.
 */
export async function downloadBlob(job: BlobDownload): Promise<DownloadResult> {
  const { layout, digest, size } = job;
  const tuning = job.tuning ?? {};
  const dir = join(layout.downloadsDir, digestFileName(digest));
  const dataPath = join(dir, 'data');
  const statePath = join(dir, 'state.json');
  const lock = await acquireLock(
    join(layout.locksDir, `download-${digestFileName(digest)}.lock`),
    `pulling ${digest}`,
  );
  let fd: FileHandle | undefined;
  let released = false;
  try {
    await mkdir(dir, { recursive: true });
    let state: DownloadState | undefined;
    try {
      state = parseState(await readFile(statePath, 'utf8'), digest, size);
      if (state && (await stat(dataPath)).size !== size) state = undefined;
    } catch {
      state = undefined;
    }
    if (!state) {
      state = { version: 1, digest, size, parts: planParts(size, tuning.partSize) };
      await writeFile(dataPath, '');
      fd = await open(dataPath, 'r+');
      await fd.truncate(size);
      await saveState(statePath, state);
    } else {
      fd = await open(dataPath, 'r+');
    }
    const resumed = state.parts.reduce((s, p) => s + p.done, 0);
    let onDisk = resumed;
    job.onProgress?.(onDisk, size);

    // Where the bytes come from: the registry itself (200) or presigned storage (307).
    const source = await resolveSource(job);
    // A hasher follows the frontier: whatever is contiguous on disk from byte 0 is read
    // back (from the page cache) and hashed while the other parts still download.
    const hash = createHash('sha256');
    let frontier = 0;
    let hashing: Promise<void> | undefined;
    const hashBuf = Buffer.allocUnsafe(4 * MiB);
    const advance = () => {
      if (hashing || !fd) return;
      const file = fd;
      hashing = (async () => {
        for (;;) {
          const p = state.parts.find((q) => frontier >= q.offset && frontier < q.offset + q.size);
          if (!p || p.offset + p.done <= frontier) break;
          const n = Math.min(p.offset + p.done - frontier, hashBuf.length);
          const { bytesRead } = await file.read(hashBuf, 0, n, frontier);
          if (bytesRead === 0) break;
          hash.update(hashBuf.subarray(0, bytesRead));
          frontier += bytesRead;
        }
      })()
        .catch(() => {})
        .finally(() => {
          hashing = undefined;
        });
    };

    let dirty = false;
    let saving: Promise<void> = Promise.resolve();
    const flush = async () => {
      if (!dirty) return;
      dirty = false;
      // No fsync: a state that claims bytes a crash lost fails the final digest check,
      // and the blob is then fetched again from scratch.
      await saveState(statePath, JSON.parse(JSON.stringify(state)) as DownloadState);
    };
    const timer = setInterval(() => {
      saving = saving.then(flush).catch(() => {});
    }, 150);
    let fetched = 0;
    try {
      const queue = state.parts.filter((p) => p.done < p.size);
      const workers = Array.from(
        { length: Math.min(tuning.concurrency ?? 4, queue.length) },
        async () => {
          for (let part = queue.shift(); part; part = queue.shift()) {
            await fetchPart(job, source, part, fd!, tuning, (chunk, position) => {
              fetched += chunk.length;
              onDisk += chunk.length;
              dirty = true;
              if (position <= frontier + 8 * MiB) advance();
              job.onProgress?.(onDisk, size);
            });
          }
        },
      );
      await Promise.all(workers);
    } finally {
      clearInterval(timer);
      await saving;
      dirty = true;
      await flush().catch(() => {});
    }
    while (hashing) await hashing;
    await hashFrom(fd, hash, frontier, size);
    await fd.close();
    fd = undefined;

    const actual: Digest = `sha256:${hash.digest('hex')}`;
    if (actual !== digest) {
      await rm(dir, { recursive: true, force: true });
      if (resumed > 0) {
        // The saved state was wrong (a crash before the data reached the disk): start over.
        released = true;
        await lock.release();
        return downloadBlob(job);
      }
      throw registryCodeError(
        'REGISTRY_DIGEST_MISMATCH',
        `blob ${digest}: digest mismatch, got ${actual}`,
        {
          hint: 'the download was corrupted or the registry serves wrong data; pull again',
        },
      );
    }
    await mkdir(layout.blobsDir, { recursive: true });
    await commitRename(dataPath, layout.blobPath(digest));
    await rm(dir, { recursive: true, force: true });
    return { fetched, resumed };
  } finally {
    await fd?.close().catch(() => {});
    if (!released) await lock.release();
  }
}

/** Feeds the file's bytes from `from` to `size` into `hash`. */
async function hashFrom(fd: FileHandle, hash: Hash, from: number, size: number): Promise<void> {
  const buf = Buffer.allocUnsafe(4 * MiB);
  for (let at = from; at < size;) {
    const { bytesRead } = await fd.read(buf, 0, Math.min(buf.length, size - at), at);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    at += bytesRead;
  }
}

async function saveState(path: string, state: DownloadState): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(state), { sync: false });
}

interface Source {
  url: URL;
}

/** GET the blob without following a cross-host redirect: its target is where parts come from. */
async function resolveSource(job: BlobDownload): Promise<Source> {
  let url = job.client.url(`/v2/${job.client.ref.repository}/blobs/${job.digest}`);
  for (let hop = 0; hop < 10; hop++) {
    const res = await job.client.request(
      {
        method: 'GET',
        url,
        headers: { Range: 'bytes=0-0' },
        scope: job.scope,
        followRedirects: false,
      },
      `pulling ${job.digest}`,
    );
    const location = header(res, 'location');
    if ([301, 302, 303, 307, 308].includes(res.status) && location) {
      res.discard();
      const next = new URL(location, url);
      if (next.host !== job.client.base.host) return { url: next };
      url = next;
      continue;
    }
    if (res.status === 200 || res.status === 206) {
      res.body.destroy();
      // 200 + Location (a proxy's hint): use it like a redirect.
      return { url: location ? new URL(location, url) : url };
    }
    throw registryError(`pulling ${job.digest}`, res.status, await res.text().catch(() => ''), {
      host: job.client.ref.host,
    });
  }
  throw registryCodeError('REGISTRY_REDIRECT_LOOP', `pulling ${job.digest}: too many redirects`);
}

/** Fetches the rest of one part with retries; stalls are retried without using up a try. */
async function fetchPart(
  job: BlobDownload,
  source: Source,
  part: PartState,
  fd: FileHandle,
  tuning: TransferTuning,
  onBytes: (chunk: Buffer, position: number) => void,
): Promise<void> {
  const retries = tuning.retries ?? 6;
  const base = tuning.retryBaseMs ?? 1000;
  const stallMs = tuning.stallMs ?? 30_000;
  let tries = 0;
  let stalls = 0;
  while (part.done < part.size) {
    const before = part.done;
    try {
      await fetchRange(job, source, part, fd, stallMs, onBytes);
      return;
    } catch (err) {
      if (
        err instanceof MfcError &&
        !err.code.startsWith('REGISTRY_HTTP_5') &&
        err.code !== 'REGISTRY_UNREACHABLE' &&
        err.code !== 'REGISTRY_TRANSFER'
      )
        throw err;
      if ((err as NodeJS.ErrnoException).code === 'ENOSPC') throw err;
      if (err instanceof Stalled || part.done > before) {
        // progress was made or the connection just hung: not a failed try
        if (err instanceof Stalled && ++stalls > 100) throw err;
        continue;
      }
      if (++tries >= retries) throw err;
      await sleep(Math.min(10_000, base * 2 ** (tries - 1)));
    }
  }
}

async function fetchRange(
  job: BlobDownload,
  source: Source,
  part: PartState,
  fd: FileHandle,
  stallMs: number,
  onBytes: (chunk: Buffer, position: number) => void,
): Promise<void> {
  const start = part.offset + part.done;
  const end = part.offset + part.size - 1;
  const ac = new AbortController();
  let stalled = false;
  let timer = setTimeout(() => {
    stalled = true;
    ac.abort();
  }, stallMs);
  const poke = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      ac.abort();
    }, stallMs);
  };
  let res: HttpResponse;
  try {
    res = await job.client.request(
      {
        method: 'GET',
        url: source.url,
        headers: { Range: `bytes=${start}-${end}` },
        scope: job.scope,
        signal: ac.signal,
      },
      `pulling ${job.digest}`,
    );
  } catch (err) {
    clearTimeout(timer);
    if (stalled) throw new Stalled('stalled');
    throw err;
  }
  try {
    let skip = 0;
    if (res.status === 200)
      skip = start; // the server ignored Range: skip to our offset
    else if (res.status !== 206) {
      throw registryError(`pulling ${job.digest}`, res.status, await res.text().catch(() => ''), {
        host: source.url.host,
      });
    }
    res.body.on('error', () => {});
    // Chunks are written in batches of 256 KiB (one writev instead of one write per 64 KiB chunk).
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const writeOut = async () => {
      if (pendingBytes === 0) return;
      const batch = pending;
      pending = [];
      pendingBytes = 0;
      let position = part.offset + part.done;
      await fd.writev(batch, position);
      for (const c of batch) {
        part.done += c.length;
        onBytes(c, position);
        position += c.length;
      }
    };
    let room = part.size - part.done;
    for await (const raw of res.body) {
      poke();
      let chunk = raw as Buffer;
      if (skip > 0) {
        if (chunk.length <= skip) {
          skip -= chunk.length;
          continue;
        }
        chunk = chunk.subarray(skip);
        skip = 0;
      }
      if (chunk.length > room) chunk = chunk.subarray(0, room);
      room -= chunk.length;
      if (chunk.length > 0) {
        pending.push(chunk);
        pendingBytes += chunk.length;
      }
      if (pendingBytes >= 256 * 1024 || room === 0) await writeOut();
      if (room === 0) break;
    }
    await writeOut();
    if (part.done < part.size) {
      throw registryCodeError(
        'REGISTRY_TRANSFER',
        `pulling ${job.digest}: the connection closed early`,
      );
    }
  } catch (err) {
    if (stalled) throw new Stalled('stalled');
    if (err instanceof MfcError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO') throw err;
    throw registryCodeError(
      'REGISTRY_TRANSFER',
      `pulling ${job.digest}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  } finally {
    clearTimeout(timer);
    if (!res.body.complete) res.body.destroy();
  }
}
