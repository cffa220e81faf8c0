import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, realpath, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

/** `sha256:<hex>` of a file, streamed. */
export async function fileDigest(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { highWaterMark: 4 << 20 }), hash);
  return `sha256:${hash.digest('hex')}`;
}

/**
 * `fileDigest`, remembered in `memoDir` by (real path, inode, size, mtime):
 * hashing a multi-GB model costs seconds, and quantizing the same file
 * again should not pay that twice.
 */
export async function memoizedFileDigest(path: string, memoDir: string): Promise<string> {
  const real = await realpath(path);
  const st = await stat(real);
  const id = { path: real, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  const memo = join(memoDir, `${createHash('sha256').update(real).digest('hex')}.json`);
  try {
    const saved = JSON.parse(await readFile(memo, 'utf8')) as typeof id & { digest: string };
    if (saved.ino === id.ino && saved.size === id.size && saved.mtimeMs === id.mtimeMs)
      return saved.digest;
  } catch {
    // no memo yet
  }
  const digest = await fileDigest(real);
  await mkdir(memoDir, { recursive: true });
  const tmp = `${memo}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify({ ...id, digest }));
  await rename(tmp, memo);
  return digest;
}
