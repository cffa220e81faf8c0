import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pack as tarPack, type Header } from 'tar-stream';
import { copyFileAtomic, writeFileAtomic } from '@mfc/diagnostics';
import { digestHex } from '@mfc/store';
import { OCI_LAYOUT_FILE, type ExportPlan, type LayoutBlob } from './export.js';
import { Annotation } from './media-types.js';
import { parseIndex, encodeIndex, type Descriptor } from './types.js';

/** Fixed tar metadata: the same model gives the same archive, on any machine, at any time. */
const EPOCH = new Date(0);
const fileHeader = (name: string, size: number): Partial<Header> & { name: string } => ({
  name,
  size,
  mode: 0o644,
  mtime: EPOCH,
  uid: 0,
  gid: 0,
  uname: '',
  gname: '',
  type: 'file',
});
const dirHeader = (name: string) => ({
  ...fileHeader(name, 0),
  mode: 0o755,
  type: 'directory' as const,
});

/** Progress of a write, in blob bytes. */
export type WriteProgress = (done: number, total: number) => void;

/** Total bytes of the plan's blobs. */
export function planBytes(plan: ExportPlan): number {
  let n = 0;
  for (const b of plan.blobs.values()) n += b.size;
  return n;
}

const sortedBlobs = (plan: ExportPlan) =>
  [...plan.blobs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Streams the plan as an OCI image layout tar into `out`: entries in byte
 * order of their names (`blobs/`, `blobs/sha256/`, the blobs, `index.json`,
 * `oci-layout`), fixed mode, owner and mtime. Blobs are read from the store in
 * 1 MiB chunks, never whole; the file sizes are those of the plan, so a blob
 * changing meanwhile fails the entry instead of corrupting the archive.
 */
export async function writeLayoutTar(
  plan: ExportPlan,
  out: Writable,
  onProgress?: WriteProgress,
): Promise<void> {
  const tar = tarPack();
  const done = pipeline(tar, out);
  const total = planBytes(plan);
  let written = 0;
  const entry = (h: Partial<Header> & { name: string }, body?: Buffer) =>
    new Promise<void>((resolve, reject) =>
      body
        ? tar.entry(h, body, (err) => (err ? reject(err) : resolve()))
        : tar.entry(h, (err) => (err ? reject(err) : resolve())),
    );
  try {
    await entry(dirHeader('blobs/'));
    await entry(dirHeader('blobs/sha256/'));
    for (const [digest, blob] of sortedBlobs(plan)) {
      const name = `blobs/sha256/${digestHex(digest as `sha256:${string}`)}`;
      if (blob.data) {
        await entry(fileHeader(name, blob.size), blob.data);
      } else {
        await new Promise<void>((resolve, reject) => {
          const sink = tar.entry(fileHeader(name, blob.size), (err) =>
            err ? reject(err) : resolve(),
          );
          const src = createReadStream(blob.path!, { highWaterMark: 1 << 20 });
          src.on('data', (c) => {
            written += c.length;
            onProgress?.(written, total);
          });
          src.on('error', reject);
          src.pipe(sink);
        });
        continue;
      }
      written += blob.size;
      onProgress?.(written, total);
    }
    await entry(fileHeader('index.json', plan.index.length), plan.index);
    await entry(fileHeader('oci-layout', OCI_LAYOUT_FILE.length), OCI_LAYOUT_FILE);
    tar.finalize();
  } catch (err) {
    tar.destroy(err as Error);
  }
  await done;
}

async function exists(path: string, size: number): Promise<boolean> {
  try {
    const st = await stat(path);
    return st.isFile() && st.size === size;
  } catch {
    return false;
  }
}

/** Temp file beside the target (removed on a signal), fsync, rename: the safe-fs layer. */
async function writeBlob(path: string, blob: LayoutBlob): Promise<void> {
  if (blob.data) await writeFileAtomic(path, blob.data, { mode: 0o644 });
  else await copyFileAtomic(blob.path!, path);
}

/**
 * Writes the plan into an OCI image layout directory (creating it, or adding
 * to one: blobs already there are kept, `index.json` keeps the entries of
 * other names). Blobs are copied with the kernel's copy; `index.json` is
 * written last, so a reader never sees an entry whose blobs are missing.
 */
export async function writeLayoutDir(
  plan: ExportPlan,
  dir: string,
  onProgress?: WriteProgress,
): Promise<void> {
  const blobsDir = join(dir, 'blobs', 'sha256');
  await mkdir(blobsDir, { recursive: true });
  const total = planBytes(plan);
  let written = 0;
  for (const [digest, blob] of sortedBlobs(plan)) {
    const path = join(blobsDir, digestHex(digest as `sha256:${string}`));
    if (!(await exists(path, blob.size))) await writeBlob(path, blob);
    written += blob.size;
    onProgress?.(written, total);
  }
  await writeFileAtomic(join(dir, 'oci-layout'), OCI_LAYOUT_FILE);
  let index = plan.index;
  const indexPath = join(dir, 'index.json');
  const previous = await readFile(indexPath).catch(() => undefined);
  if (previous) {
    const old = parseIndex(previous, { file: indexPath });
    const ours = parseIndex(plan.index);
    const names = new Set(ours.manifests.map(refName));
    const kept: Descriptor[] = old.manifests.filter((d) => !names.has(refName(d)));
    index = encodeIndex({ ...ours, manifests: [...kept, ...ours.manifests] });
  }
  await writeFileAtomic(indexPath, index);
}

const refName = (d: Descriptor) => d.annotations?.[Annotation.refName] ?? d.digest;
