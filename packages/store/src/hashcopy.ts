import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import type { Digest } from './digest.js';

/** Big reads amortise syscalls; three buffers let read, hash and write overlap. */
const CHUNK = 8 * 1024 * 1024;

export type ByteProgress = (done: number) => void;

async function writeAll(out: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let off = 0;
  while (off < chunk.length) {
    const { bytesWritten } = await out.write(chunk, off, chunk.length - off, position + off);
    off += bytesWritten;
  }
}

/**
 * Copies `src` to the new file `dst` and hashes the bytes on the way, in one
 * pass: while chunk i is hashed (on this thread, OpenSSL) and written (libuv
 * thread), chunk i+1 is already being read.
 */
export async function hashCopyFile(
  src: string,
  dst: string,
  onProgress?: ByteProgress,
): Promise<{ digest: Digest; size: number }> {
  const input = await open(src, 'r');
  try {
    const output = await open(dst, 'wx', 0o644);
    try {
      const hash = createHash('sha256');
      const bufs = [
        Buffer.allocUnsafe(CHUNK),
        Buffer.allocUnsafe(CHUNK),
        Buffer.allocUnsafe(CHUNK),
      ];
      let pos = 0;
      let i = 0;
      let pendingWrite: Promise<void> | undefined;
      let nextRead = input.read(bufs[0], 0, CHUNK, 0);
      while (true) {
        const { bytesRead } = await nextRead;
        if (bytesRead === 0) break;
        const chunk = bufs[i % 3].subarray(0, bytesRead);
        const at = pos;
        pos += bytesRead;
        // The buffer read next was last written two steps ago; that write is done.
        nextRead = input.read(bufs[(i + 1) % 3], 0, CHUNK, pos);
        hash.update(chunk);
        if (pendingWrite) await pendingWrite;
        pendingWrite = writeAll(output, chunk, at);
        onProgress?.(pos);
        i++;
      }
      if (pendingWrite) await pendingWrite;
      return { digest: `sha256:${hash.digest('hex')}`, size: pos };
    } finally {
      await output.close();
    }
  } finally {
    await input.close();
  }
}

/** SHA-256 of a file, reading ahead while hashing. */
export async function hashFile(
  path: string,
  onProgress?: ByteProgress,
): Promise<{ digest: Digest; size: number }> {
  const input = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const bufs = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let pos = 0;
    let i = 0;
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
