import { createReadStream } from 'node:fs';
import { MfcError, withAtomicFile } from '@mfc/diagnostics';
import { openGguf } from './gguf-file.js';
import { encodeGgufHeader, writeGguf, type GgufKvInput } from './writer.js';

export interface RewrittenGguf {
  path: string;
  size: number;
  /** True when the tensor data section was copied as one byte range (offsets unchanged). */
  dataCopiedVerbatim: boolean;
}

/**
 * Writes a copy of a GGUF file with its metadata changed by `edit` (entries
 * in, entries out) and the tensors unchanged. When the tensor layout is the
 * same as the source's (llama.cpp's writers lay tensors out in order), the
 * data section is copied as one byte range; otherwise tensor by tensor. The
 * output is written under a temporary name in its folder, fsynced, renamed.
 */
export async function rewriteGgufMetadata(
  source: string,
  dest: string,
  edit: (entries: GgufKvInput[]) => GgufKvInput[],
): Promise<RewrittenGguf> {
  const g = await openGguf(source);
  if (!g.littleEndian)
    throw new MfcError('GGUF_BIG_ENDIAN', `${source} is a big-endian GGUF; it is not rewritten`);
  const metadata = edit(
    [...g.metadata.values()].map((e) => ({ key: e.key, type: e.type, value: e.value })),
  );
  const { header, layout } = encodeGgufHeader(metadata, g.tensors, { alignment: g.alignment });
  const same =
    layout.offsets.length === g.tensors.length &&
    layout.offsets.every((o, i) => o === g.tensors[i].offset) &&
    g.dataOffset + layout.dataSize >= g.fileSize - g.alignment &&
    g.dataOffset + layout.dataSize <= g.fileSize;
  if (!same) {
    const w = await writeGguf(dest, {
      metadata,
      tensors: g.tensors.map((t) => ({
        name: t.name,
        type: t.type,
        shape: t.shape,
        data: () => g.readTensorData(t),
      })),
    });
    return { path: dest, size: w.size, dataCopiedVerbatim: false };
  }
  await withAtomicFile(dest, async ({ handle: fh }) => {
    await fh.write(header);
    let at = header.length;
    const end = g.dataOffset + layout.dataSize;
    if (end > g.dataOffset) {
      for await (const chunk of createReadStream(source, {
        start: g.dataOffset,
        end: end - 1,
        highWaterMark: 1 << 22,
      })) {
        const b = chunk as Buffer;
        await fh.write(b, 0, b.length, at);
        at += b.length;
      }
    }
    // llama.cpp's writer pads the last tensor; a source that did not gets the padding here.
    const size = header.length + layout.dataSize;
    if (at < size) await fh.write(new Uint8Array(size - at), 0, size - at, at);
  });
  return { path: dest, size: header.length + layout.dataSize, dataCopiedVerbatim: true };
}
