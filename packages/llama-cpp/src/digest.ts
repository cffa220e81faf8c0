import { realpath } from 'node:fs/promises';
import { DigestMemo } from '@mfc/diagnostics';

/**
 * A file's `sha256:<hex>`, remembered in `memoDir` (the shared `DigestMemo`: device, inode, size, mtime
 * and ctime): hashing a multi-GB model costs seconds, and quantizing the same file again
 * should not pay that twice.
 */
export async function memoizedFileDigest(path: string, memoDir: string): Promise<string> {
  return new DigestMemo(memoDir).digest(await realpath(path));
}
