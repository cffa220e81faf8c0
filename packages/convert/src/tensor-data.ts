import { open, type FileHandle } from 'node:fs/promises';
import { checkInputPath } from '@mfc/diagnostics';
import { convertError } from './error-codes.js';
import { GgmlType } from '@mfc/gguf';
import type { SafetensorsModelTensor } from '@mfc/safetensors';
import {
  BYTES,
  convertChunk,
  decodeToF32,
  encodeFromF32,
  roundTo,
  type FloatDtype,
} from './numeric.js';
import type { PlannedTensor } from './plan.js';

/** Source bytes read per step: a few MB, so memory stays flat whatever the model size. */
const CHUNK_BYTES = 8 << 20;

const DTYPE_OF: Partial<Record<GgmlType, FloatDtype>> = {
  [GgmlType.F32]: 'F32',
  [GgmlType.F16]: 'F16',
  [GgmlType.BF16]: 'BF16',
};

/**
 * A few chunk buffers used in turn. Safe because at most four chunks are
 * alive at once (being written, handed to the writer ahead, being
 * converted, being read): the writer keeps one chunk ahead, and a tensor's
 * first read starts only when the writer asks for it.
 */
export class BufferRing {
  private slots: ArrayBuffer[] = [];
  private next = 0;

  constructor(private readonly size = 6) {}

  take(bytes: number): Uint8Array {
    const k = this.next++ % this.size;
    let b = this.slots[k];
    if (!b || b.byteLength < bytes) {
      b = new ArrayBuffer(Math.max(bytes, CHUNK_BYTES));
      this.slots[k] = b;
    }
    return new Uint8Array(b, 0, bytes);
  }
}

/** Open shard files, shared by all tensors of one conversion. */
export class ShardReader {
  private handles = new Map<string, Promise<FileHandle>>();

  private handle(file: string): Promise<FileHandle> {
    let h = this.handles.get(file);
    if (!h) {
      h = checkInputPath(file).then(() => open(file, 'r'));
      this.handles.set(file, h);
    }
    return h;
  }

  /** Buffers reused chunk after chunk: allocating 8 MB per chunk kept the GC busy for half the run. */
  readonly inputs = new BufferRing();
  readonly outputs = new BufferRing(8);

  /** Reads [offset, offset+length) into `into` (default: a fresh buffer). */
  async read(file: string, offset: number, length: number, into?: Uint8Array): Promise<Uint8Array> {
    const fh = await this.handle(file);
    const buf = into ?? new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const { bytesRead } = await fh.read(buf, done, length - done, offset + done);
      if (bytesRead === 0) {
        throw convertError(
          'CONVERT_TRUNCATED',
          `${file} ends before the tensor data at byte ${offset + done}`,
          {
            location: { file, byteOffset: offset + done },
          },
        );
      }
      done += bytesRead;
    }
    return buf;
  }

  async close(): Promise<void> {
    for (const h of this.handles.values()) await (await h).close();
    this.handles.clear();
  }
}

/** HF q/k rows → llama.cpp's: within one head's block, row (j, i) of (2, half) moves to (i, j). */
function permuteHeadRows(
  src: Uint8Array,
  dst: Uint8Array,
  base: number,
  headRows: number,
  rowBytes: number,
): void {
  const half = headRows / 2;
  for (let i = 0; i < half; i++) {
    for (let j = 0; j < 2; j++) {
      const from = base + (j * half + i) * rowBytes;
      dst.set(src.subarray(from, from + rowBytes), base + (i * 2 + j) * rowBytes);
    }
  }
}

/**
 * The bytes of one output tensor, produced a chunk at a time: read from the
 * safetensors shards, permuted / shifted when the architecture needs it,
 * converted to the output type. (The GGUF writer asks for each chunk while
 * it writes the one before, so converting overlaps writing.)
 */
export async function* tensorChunks(
  t: PlannedTensor,
  reader: ShardReader,
): AsyncGenerator<Uint8Array> {
  const to = DTYPE_OF[t.type];
  if (!to) throw new Error(`unsupported output type ${t.type}`);
  if (t.generated) {
    yield encodeFromF32(t.generated, to);
    return;
  }
  for (const part of t.parts) yield* partChunks(t, part, to, reader);
}

async function* partChunks(
  t: PlannedTensor,
  src: SafetensorsModelTensor,
  to: FloatDtype,
  reader: ShardReader,
): AsyncGenerator<Uint8Array> {
  const from = src.dtype as FloatDtype;
  const elt = BYTES[from];
  const rowsTotal = src.shape.length >= 2 ? src.shape[0] : 1;
  const rowElems = src.shape.length >= 2 ? src.elementCount / rowsTotal : src.elementCount;
  const rowBytes = rowElems * elt;
  const rows = t.rows ?? rowsTotal;

  if (t.plusOne) {
    const raw = await reader.read(src.file, src.absoluteOffset, rows * rowBytes);
    const values = new Float32Array(raw.length / elt);
    decodeToF32(raw, from, values);
    for (let i = 0; i < values.length; i++) values[i] += 1;
    roundTo(values, from); // llama.cpp adds 1 in the checkpoint's own precision
    yield encodeFromF32(values, to);
    return;
  }

  // Reads as a list of steps, each started one step ahead so reading overlaps converting and writing.
  const steps: {
    offset: number;
    length: number;
    permute?: { heads: number; blockBytes: number; headRows: number };
  }[] = [];
  if (t.permuteHeads) {
    const headRows = rowsTotal / t.permuteHeads;
    const blockBytes = headRows * rowBytes;
    const headsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / blockBytes));
    for (let h = 0; h < t.permuteHeads; h += headsPerChunk) {
      const n = Math.min(headsPerChunk, t.permuteHeads - h);
      steps.push({
        offset: h * blockBytes,
        length: n * blockBytes,
        permute: { heads: n, blockBytes, headRows },
      });
    }
  } else {
    const total = rows * rowBytes;
    const step = Math.max(elt * 2, CHUNK_BYTES - (CHUNK_BYTES % (elt * 2)));
    for (let at = 0; at < total; at += step)
      steps.push({ offset: at, length: Math.min(step, total - at) });
  }
  const read = (i: number) => {
    const pending = reader.read(
      src.file,
      src.absoluteOffset + steps[i].offset,
      steps[i].length,
      reader.inputs.take(steps[i].length),
    );
    pending.catch(() => undefined); // a read nobody awaits (the writer stopped early) must not crash the process
    return pending;
  };
  let next = steps.length > 0 ? read(0) : undefined;
  for (let i = 0; i < steps.length; i++) {
    const raw = await next!;
    next = i + 1 < steps.length ? read(i + 1) : undefined;
    const p = steps[i].permute;
    let bytes = raw;
    if (p) {
      bytes = reader.outputs.take(raw.length);
      for (let k = 0; k < p.heads; k++)
        permuteHeadRows(raw, bytes, k * p.blockBytes, p.headRows, rowBytes);
    }
    yield from === to
      ? bytes
      : convertChunk(
          bytes,
          from,
          to,
          reader.outputs.take((bytes.length / BYTES[from]) * BYTES[to]),
        );
  }
}
