import { open } from 'node:fs/promises';
import { checkInputPath } from '@mfc/diagnostics';

/** The four bytes every GGUF file starts with: `GGUF`. */
export const GGUF_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0x47, 0x47, 0x55, 0x46);

/**
 * `gguf` when `head` starts with GGUF's magic; `swapped` for the magic byte-
 * reversed (`FUGG`: written as a big-endian word — a GGUF file gone wrong,
 * which the reader then reports with its offset); otherwise undefined.
 */
export function ggufMagicOf(head: Uint8Array): 'gguf' | 'swapped' | undefined {
  if (head.length < 4) return undefined;
  const m = GGUF_MAGIC;
  if (head[0] === m[0] && head[1] === m[1] && head[2] === m[2] && head[3] === m[3]) return 'gguf';
  if (head[0] === m[3] && head[1] === m[2] && head[2] === m[1] && head[3] === m[0])
    return 'swapped';
  return undefined;
}

/** The magic of a local file (reads 4 bytes); file-system errors propagate. */
export async function fileGgufMagic(path: string): Promise<'gguf' | 'swapped' | undefined> {
  await checkInputPath(path, { directory: true });
  const fh = await open(path, 'r');
  try {
    const head = new Uint8Array(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return ggufMagicOf(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}
