import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, link, mkdir, stat, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { basename, dirname, resolve } from 'node:path';
import {
  checkInputStats,
  commitRename,
  diskFullError,
  isDiskFull,
  syncPath,
  writeFileAtomic,
} from '@mfc/diagnostics';
import { isDigest, parseDigest, type Digest } from './digest.js';
import { DigestCache } from './digest-cache.js';
import { hashCopyFile, hashFile } from './hashcopy.js';
import type { StoreLayout } from './layout.js';
import { discardTempPath, newTempPath, releaseTempPath } from './tempfiles.js';
import { storeError } from './error-codes.js';

export interface IngestProgress {
  phase: 'hashing' | 'copying';
  done: number;
  total: number;
}

export interface IngestOptions {
  /** Hard-link the file into the store instead of copying (falls back to a copy across file systems). */
  link?: boolean;
  /** Fail unless the file has this digest. */
  expectedDigest?: Digest;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestResult {
  digest: Digest;
  size: number;
  /** `existing`: the blob was already there and nothing was copied. */
  action: 'existing' | 'copied' | 'linked';
  /** `--link` was asked for but the file had to be copied (e.g. another file system). */
  linkFallback?: string;
}

/**
 * A blob written to a partial file in the store's temporary folder and not yet
 * under its name: `commitStaged` renames it into place, `discardStaged`
 * deletes it. Imports and pulls stage everything first, so a failure leaves
 * nothing in `blobs/`.
 */
export interface StagedBlob {
  readonly path: string;
  readonly digest: Digest;
  readonly size: number;
}

/** Content-addressed files under `blobs/`, written via a partial file and a rename. */
export class BlobStore {
  private readonly cache: DigestCache;

  constructor(readonly layout: StoreLayout) {
    this.cache = new DigestCache(layout.digestCacheDir, layout.tmpDir);
  }

  path(digest: Digest): string {
    return this.layout.blobPath(digest);
  }

  /** The blob's size, or undefined when it is absent. */
  async size(digest: Digest): Promise<number | undefined> {
    try {
      const st = await stat(this.path(digest));
      return st.isFile() ? st.size : undefined;
    } catch {
      return undefined;
    }
  }

  async has(digest: Digest, size?: number): Promise<boolean> {
    const actual = await this.size(digest);
    return actual !== undefined && (size === undefined || actual === size);
  }

  /** Stores bytes (a JSON or text layer). Returns its digest and size. */
  async writeBytes(
    data: string | Uint8Array,
  ): Promise<{ digest: Digest; size: number; action: 'existing' | 'copied' }> {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const digest: Digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (await this.has(digest, bytes.length))
      return { digest, size: bytes.length, action: 'existing' };
    try {
      await writeFileAtomic(this.path(digest), bytes, { mode: 0o644, tmpDir: this.layout.tmpDir });
    } catch (err) {
      if (isDiskFull(err))
        throw diskFullError(this.layout.root, bytes.length, 'writing a layer', err);
      throw err;
    }
    return { digest, size: bytes.length, action: 'copied' };
  }

  /**
   * Brings a file into the store. Reads it once at most: a copy hashes while
   * copying; `link` hashes the linked inode. A file whose digest is known
   * (digest cache, or a blob path of this store) and whose blob exists is not
   * read at all.
   */
  async ingestFile(source: string, options: IngestOptions = {}): Promise<IngestResult> {
    const src = resolve(source);
    const st = await stat(src, { bigint: true });
    checkInputStats(src, st);
    const total = Number(st.size);
    await mkdir(this.layout.blobsDir, { recursive: true });

    // Known digest: the cache, or the file is a blob of this store (`mfc show --modelfile`).
    const known = (await this.cache.get(st)) ?? this.blobNameDigest(src);
    if (known && (await this.has(known, total))) {
      if (options.expectedDigest && options.expectedDigest !== known)
        this.mismatch(src, options.expectedDigest, known);
      const blobSt = await stat(this.path(known), { bigint: true });
      const sameFile = blobSt.ino === st.ino && blobSt.dev === st.dev;
      // A blob's own path is trusted only through the cache or after one verification.
      if (sameFile && !(await this.cache.get(st))) {
        const { digest } = await hashFile(src, (done) =>
          options.onProgress?.({ phase: 'hashing', done, total }),
        );
        if (digest !== known) {
          throw storeError('STORE_CORRUPT_BLOB', `blob ${known} has digest ${digest}`, {
            location: { file: src },
            hint: 'the store is damaged; remove this blob and rebuild the models that use it',
          });
        }
        await this.cache.set(st, known);
      }
      return { digest: known, size: total, action: 'existing' };
    }

    let linkFallback: string | undefined;
    if (options.link) {
      const linked = await this.tryLink(src, total, options);
      if (typeof linked !== 'string') {
        await this.cache.set(st, linked.digest);
        return linked;
      }
      linkFallback = linked;
    }

    const tmp = newTempPath(this.layout.tmpDir);
    try {
      const { digest, size } = await hashCopyFile(src, tmp, (done) =>
        options.onProgress?.({ phase: 'copying', done, total }),
      );
      if (options.expectedDigest && options.expectedDigest !== digest)
        this.mismatch(src, options.expectedDigest, digest);
      let action: IngestResult['action'] = 'copied';
      if (await this.has(digest, size)) {
        discardTempPath(tmp);
        action = 'existing';
      } else {
        await commitRename(tmp, this.path(digest));
        releaseTempPath(tmp);
      }
      const after = await stat(src, { bigint: true });
      if (after.size === st.size && after.mtimeNs === st.mtimeNs && after.ctimeNs === st.ctimeNs) {
        await this.cache.set(st, digest);
      }
      return { digest, size, action, ...(linkFallback ? { linkFallback } : {}) };
    } catch (err) {
      discardTempPath(tmp);
      if (isDiskFull(err))
        throw diskFullError(this.layout.root, total, `copying ${src} into the models folder`, err);
      throw err;
    }
  }

  /**
   * Moves a file mfc itself wrote (a merged or quantized GGUF) into the store:
   * hashed once, renamed (no copy when it is on the store's file system).
   */
  async adoptFile(path: string, onProgress?: (p: IngestProgress) => void): Promise<IngestResult> {
    const total = (await stat(path)).size;
    const { digest, size } = await hashFile(path, (done) =>
      onProgress?.({ phase: 'hashing', done, total }),
    );
    await mkdir(this.layout.blobsDir, { recursive: true });
    if (await this.has(digest, size)) {
      await unlink(path);
      return { digest, size, action: 'existing' };
    }
    try {
      await commitRename(path, this.path(digest));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      const r = await this.ingestFile(path, { expectedDigest: digest, onProgress });
      await unlink(path);
      return r;
    }
    await chmod(this.path(digest), 0o644);
    return { digest, size, action: 'copied' };
  }

  /** Hard-links and hashes; returns the reason as a string when linking is impossible. */
  private async tryLink(
    src: string,
    total: number,
    options: IngestOptions,
  ): Promise<IngestResult | string> {
    const tmp = newTempPath(this.layout.tmpDir);
    try {
      await unlink(tmp).catch(() => {});
      await link(src, tmp);
    } catch (err) {
      discardTempPath(tmp);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EXDEV') return 'the file is on another file system';
      if (code === 'EPERM' || code === 'EACCES' || code === 'ENOTSUP' || code === 'EMLINK') {
        return `the file system refused a hard link (${code})`;
      }
      throw err;
    }
    try {
      const { digest, size } = await hashFile(tmp, (done) =>
        options.onProgress?.({ phase: 'hashing', done, total }),
      );
      if (options.expectedDigest && options.expectedDigest !== digest)
        this.mismatch(src, options.expectedDigest, digest);
      if (await this.has(digest, size)) {
        discardTempPath(tmp);
        return { digest, size, action: 'existing' };
      }
      await commitRename(tmp, this.path(digest));
      releaseTempPath(tmp);
      return { digest, size, action: 'linked' };
    } catch (err) {
      discardTempPath(tmp);
      throw err;
    }
  }

  private blobNameDigest(src: string): Digest | undefined {
    if (dirname(src) !== this.layout.blobsDir) return undefined;
    const name = basename(src);
    return isDigest(name) ? parseDigest(name) : undefined;
  }

  private mismatch(src: string, expected: Digest, actual: Digest): never {
    throw storeError(
      'STORE_DIGEST_MISMATCH',
      `digest mismatch, expected ${expected}, got ${actual}`,
      {
        location: { file: src },
      },
    );
  }

  /**
   * Streams bytes into a partial file (hashed on the way, fsynced), without
   * giving them a blob name yet: the caller compares the digest with what it
   * expected, then commits or discards.
   */
  async stageStream(source: AsyncIterable<Buffer>): Promise<StagedBlob> {
    const tmp = newTempPath(this.layout.tmpDir);
    const hash = createHash('sha256');
    let size = 0;
    try {
      const out = createWriteStream(tmp, { flags: 'wx', mode: 0o644, highWaterMark: 1 << 20 });
      await pipeline(
        source,
        async function* (chunks: AsyncIterable<Buffer>) {
          for await (const chunk of chunks) {
            hash.update(chunk);
            size += chunk.length;
            yield chunk;
          }
        },
        out,
      );
      await syncPath(tmp);
      return { path: tmp, digest: `sha256:${hash.digest('hex')}`, size };
    } catch (err) {
      discardTempPath(tmp);
      throw err;
    }
  }

  /** Gives a staged blob its name (a rename; an existing identical blob wins). */
  async commitStaged(staged: StagedBlob): Promise<'existing' | 'copied'> {
    await mkdir(this.layout.blobsDir, { recursive: true });
    if (await this.has(staged.digest, staged.size)) {
      discardTempPath(staged.path);
      return 'existing';
    }
    await commitRename(staged.path, this.path(staged.digest));
    releaseTempPath(staged.path);
    return 'copied';
  }

  discardStaged(staged: StagedBlob): void {
    discardTempPath(staged.path);
  }

  /** Deletes a blob file (missing is fine). */
  async remove(digest: Digest): Promise<void> {
    await unlink(this.path(digest)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}
