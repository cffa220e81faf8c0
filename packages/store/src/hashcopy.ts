import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, open, stat } from 'node:fs/promises';
import { checkInputPath } from '@mfc/diagnostics';
import { storeError } from './error-codes.js';
import type { Digest } from './digest.js';

/** Big reads amortise syscalls; two buffers let the next read run while a chunk is hashed. */
const CHUNK = 8 * 1024 * 1024;

export type ByteProgress = (done: number) => void;

/**
 * Copies `src` to the new file `dst` and hashes it, both at once: the copy is
 * the kernel's (`copy_file_range`, or a reflink on file systems that share
 * extents), the hash reads the same pages on this thread meanwhile, mostly
 * from the page cache the copy fills (or fills it for the copy). A user-space
 * read/hash/write loop costs two extra memory copies and a thread hop per
 * chunk, which on a busy machine made it several times slower than `cp`.
 * The file must not change meanwhile: its size, mtime and ctime (ns) are
 * compared before and after, so the digest is the copy's.
 */
export async function hashCopyFile(
  src: string,
  dst: string,
  onProgress?: ByteProgress,
): Promise<{ digest: Digest; size: number }> {
  await checkInputPath(src);
  const before = await stat(src, { bigint: true });
  const [, hashed] = await Promise.all([
    copyFile(src, dst, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE),
    hashFile(src, onProgress),
  ]);
  const after = await stat(src, { bigint: true });
  const copied = await stat(dst, { bigint: true });
  if (
    before.size !== after.size ||
    before.mtimeNs !== after.mtimeNs ||
    before.ctimeNs !== after.ctimeNs ||
    copied.size !== BigInt(hashed.size)
  ) {
    throw storeError('STORE_FILE_CHANGED', 'the file changed while it was being copied', {
      location: { file: src },
      hint: 'build again once nothing is writing to it',
    });
  }
  return hashed;
}

/** SHA-256 of a file, reading ahead while hashing. */
export async function hashFile(
  path: string,
  onProgress?: ByteProgress,
): Promise<{ digest: Digest; size: number }> {
  await checkInputPath(path);
  const input = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let pos = 0;
    let i = 0;
    onProgress?.(0);
    let nextRead = input.read(bufs[0], 0, CHUNK, 0);
    while (true) {
      const { bytesRead } = await nextRead;
      if (bytesRead === 0) break;
      const chunk = bufs[i % 2].subarray(0, bytesRead);
      pos += bytesRead;
      nextRead = input.read(bufs[(i + 1) % 2], 0, CHUNK, pos);
      hash.update(chunk);
      onProgress?.(pos);
      i++;
    }
    return { digest: `sha256:${hash.digest('hex')}`, size: pos };
  } finally {
    await input.close();
  }
}
