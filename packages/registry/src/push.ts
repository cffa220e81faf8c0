import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';

import { parseManifest, type ConvertedArtifact, type Descriptor } from '@mfc/oci';
import { parseName, sha256Digest, type Digest, type Store, type StoredModel } from '@mfc/store';
import { repositoryScope, type RegistryClient } from './client.js';
import { registryCodeError, registryError } from './errors.js';
import { header } from './http.js';

export type PushEvent =
  | {
      kind: 'blob';
      digest: Digest;
      mediaType: string;
      total: number;
      done: number;
      state: 'exists' | 'mounted' | 'uploading' | 'done';
    }
  | { kind: 'manifest'; digest: Digest };

export interface PushOptions {
  client: RegistryClient;
  store: Store;
  model: StoredModel;
  /**
   * Push this instead of the model's own manifest: a conversion of it
   * (`@mfc/oci`'s ModelPack or Docker Model Runner artifact). Blobs without
   * `data` are the store's.
   */
  artifact?: ConvertedArtifact;
  /** Bytes per PATCH (default 128 MiB; `MFC_PUSH_CHUNK`). */
  chunkSize?: number;
  onEvent?: (e: PushEvent) => void;
}

export interface PushResult {
  manifestDigest: Digest;
  blobs: { digest: Digest; size: number; state: 'exists' | 'mounted' | 'uploaded' }[];
  /** Blob bytes sent to the registry. */
  uploaded: number;
}

const MiB = 1024 * 1024;

/**
 * `mfc push`: every layer then the config (HEAD first; present ones are
 * skipped, ones another repository of the registry has are mounted, the rest
 * uploaded in PATCH chunks with a monolithic PUT fallback), then the manifest
 * file's exact bytes, so the registry's digest is the local model's.
 */
export async function pushModel(options: PushOptions): Promise<PushResult> {
  const { client, store, model } = options;
  const { ref } = client;
  const emit = options.onEvent ?? (() => {});
  const { artifact } = options;
  const bytes = artifact?.manifestBytes ?? (await readFile(model.manifestPath));
  const manifest = parseManifest(bytes, { file: model.manifestPath });
  const mediaType = artifact?.mediaType ?? manifest.mediaType;
  const data = new Map(
    (artifact?.blobs ?? []).flatMap((b) => (b.data ? [[b.descriptor.digest, b.data]] : [])),
  );
  const scope = repositoryScope(ref.repository, 'push');
  const sources = await mountSources(store, ref.host, ref.repository);
  const result: PushResult = { manifestDigest: sha256Digest(bytes), blobs: [], uploaded: 0 };
  const seen = new Set<Digest>();
  for (const d of [...manifest.layers, manifest.config]) {
    if (seen.has(d.digest)) continue;
    seen.add(d.digest);
    const bytesOf = data.get(d.digest);
    const path = store.blobs.path(d.digest);
    const read: ReadRange = bytesOf
      ? (start, end) => Readable.from([bytesOf.subarray(start, end + 1)])
      : (start, end) => createReadStream(path, { start, end });
    const state = await pushBlob(options, d, read, scope, sources, emit);
    if (state === 'uploaded') result.uploaded += d.size;
    result.blobs.push({ digest: d.digest, size: d.size, state });
  }
  const res = await client.expect(
    {
      method: 'PUT',
      url: `/v2/${ref.repository}/manifests/${ref.tag}`,
      headers: { 'Content-Type': mediaType, 'Content-Length': String(bytes.length) },
      body: () => bytes,
      scope,
    },
    `pushing manifest of ${ref.repository}:${ref.tag}`,
    [200, 201, 202],
  );
  res.discard();
  const said = header(res, 'docker-content-digest');
  if (said && said !== result.manifestDigest) {
    throw registryCodeError(
      'REGISTRY_DIGEST_MISMATCH',
      `the registry stored the manifest as ${said}, not ${result.manifestDigest}`,
      { hint: 'the registry rewrote the manifest; pulls will see other bytes' },
    );
  }
  emit({ kind: 'manifest', digest: result.manifestDigest });
  return result;
}

/**
 * Repositories of the same registry that (as far as the local store knows)
 * hold each digest: models pulled from or pushed to that host, by name.
 */
async function mountSources(
  store: Store,
  host: string,
  repository: string,
): Promise<Map<Digest, string[]>> {
  const out = new Map<Digest, string[]>();
  for (const m of await store.list()) {
    if (m.name.host.toLowerCase() !== host.toLowerCase()) continue;
    const repo = `${m.name.namespace}/${m.name.model}`;
    if (repo === repository) continue;
    for (const l of [m.manifest.config, ...m.manifest.layers]) {
      const list = out.get(l.digest) ?? [];
      if (!list.includes(repo)) list.push(repo);
      out.set(l.digest, list);
    }
  }
  return out;
}

/** Bytes `start..end` (inclusive) of a blob being pushed. */
type ReadRange = (start: number, end: number) => Readable;

async function pushBlob(
  options: PushOptions,
  d: Descriptor & { from?: string },
  read: ReadRange,
  scope: string,
  sources: Map<Digest, string[]>,
  emit: (e: PushEvent) => void,
): Promise<'exists' | 'mounted' | 'uploaded'> {
  const { client } = options;
  const { ref } = client;
  const what = `pushing ${d.digest}`;
  const report = (state: 'exists' | 'mounted' | 'uploading' | 'done', done = d.size) =>
    emit({ kind: 'blob', digest: d.digest, mediaType: d.mediaType, total: d.size, done, state });
  const blobUrl = `/v2/${ref.repository}/blobs/${d.digest}`;
  const head = await client.request({ method: 'HEAD', url: blobUrl, scope }, what);
  head.discard();
  if (head.status >= 200 && head.status < 300) {
    report('exists');
    return 'exists';
  }
  if (head.status !== 404) throw registryError(what, head.status, '', { host: ref.host });

  // Cross-repository mount: the layer's `from` (Ollama's inherited layers) or a known repository.
  const candidates = [...(sources.get(d.digest) ?? [])];
  if (typeof d.from === 'string' && d.from) {
    const n = parseName(d.from);
    if (n.host.toLowerCase() === ref.host.toLowerCase())
      candidates.unshift(`${n.namespace}/${n.model}`);
  }
  let session: string | undefined;
  for (const from of [...new Set(candidates)].slice(0, 3)) {
    const res = await client.request(
      {
        method: 'POST',
        url: `/v2/${ref.repository}/blobs/uploads/?mount=${encodeURIComponent(d.digest)}&from=${encodeURIComponent(from)}`,
        headers: { 'Content-Length': '0' },
        scope: `${scope} repository:${from}:pull`,
      },
      what,
    );
    const body = await res.text();
    if (res.status === 201) {
      report('mounted');
      return 'mounted';
    }
    if (res.status === 202) {
      session = uploadLocation(res.headers);
      break;
    }
    if (res.status !== 404 && res.status !== 401 && res.status !== 403)
      throw registryError(what, res.status, body, { host: ref.host });
  }
  const progress = (done: number) => report('uploading', done);
  progress(0);
  session ??= await startUpload(client, scope, what);
  const chunk = options.chunkSize ?? 128 * MiB;
  try {
    const last = await uploadChunks(client, session, read, d.size, chunk, scope, what, progress);
    await closeUpload(client, last, d, scope, what);
  } catch (err) {
    if (!(err instanceof ChunkRefused)) throw err;
    // The registry does not take chunks: one PUT with the whole blob.
    const fresh = await startUpload(client, scope, what);
    await closeUpload(client, fresh, d, scope, what, read, progress);
  }
  report('done');
  return 'uploaded';
}

/**
 * Ends an upload session: `PUT <session>?digest=` with no body after chunks,
 * or with the whole blob (the monolithic upload).
 */
async function closeUpload(
  client: RegistryClient,
  session: string,
  d: Descriptor,
  scope: string,
  what: string,
  whole?: ReadRange,
  progress?: (done: number) => void,
): Promise<void> {
  const res = await client.expect(
    {
      method: 'PUT',
      url: withDigest(client, session, d.digest),
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Length': whole ? String(d.size) : '0',
      },
      body: whole ? () => counted(whole(0, d.size - 1), 0, progress) : undefined,
      scope,
    },
    what,
    [201, 204],
  );
  res.discard();
}

/** `stream`, reporting `base` + the bytes read so far as they are read (for progress within a chunk). */
function counted(
  stream: Readable,
  base: number,
  progress: ((done: number) => void) | undefined,
): Readable {
  if (!progress) return stream;
  let n = base;
  stream.on('data', (c: Buffer) => progress((n += c.length)));
  return stream;
}

class ChunkRefused extends Error {}

function uploadLocation(headers: Record<string, string | string[] | undefined>): string {
  const v = headers['docker-upload-location'] ?? headers.location;
  const s = Array.isArray(v) ? v[0] : v;
  if (!s)
    throw registryCodeError(
      'REGISTRY_NO_LOCATION',
      'the registry started an upload without a Location',
    );
  return s;
}

async function startUpload(client: RegistryClient, scope: string, what: string): Promise<string> {
  const res = await client.expect(
    {
      method: 'POST',
      url: `/v2/${client.ref.repository}/blobs/uploads/`,
      headers: { 'Content-Length': '0' },
      scope,
    },
    what,
    [202],
  );
  res.discard();
  return uploadLocation(res.headers);
}

function withDigest(client: RegistryClient, session: string, digest: Digest): URL {
  const u = new URL(session, client.base);
  u.searchParams.set('digest', digest);
  return u;
}

async function uploadChunks(
  client: RegistryClient,
  session: string,
  read: ReadRange,
  size: number,
  chunk: number,
  scope: string,
  what: string,
  progress: (done: number) => void,
): Promise<string> {
  let location = session;
  for (let start = 0; start < size || (size === 0 && start === 0); start += chunk) {
    const end = Math.min(size, start + chunk) - 1;
    const length = end - start + 1;
    if (length <= 0) break;
    const res = await client.request(
      {
        method: 'PATCH',
        url: new URL(location, client.base),
        headers: {
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(length),
          'Content-Range': `${start}-${end}`,
        },
        body: () => counted(read(start, end), start, progress),
        scope,
      },
      what,
    );
    const body = await res.text();
    if (res.status !== 202) {
      if (start === 0 && [400, 404, 405, 411, 416, 501].includes(res.status))
        throw new ChunkRefused();
      throw registryError(what, res.status, body, { host: client.ref.host });
    }
    location = uploadLocation(res.headers);
    progress(end + 1);
  }
  return location;
}
