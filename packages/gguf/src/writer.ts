import { basename, dirname } from 'node:path';
import { AtomicFile, MfcError, diskFullError, isDiskFull } from '@mfc/diagnostics';
import { ggmlTensorByteSize, ggmlTypeInfo } from './ggml-types.js';
import { DEFAULT_ALIGNMENT, alignUp } from './header-reader.js';
import { GgufArray, GgufValueType, scalarSize, type GgufValue } from './values.js';

/** One metadata entry to write. Arrays are `GgufArray`s (read from a file, or made with `kv.array`). */
export interface GgufKvInput {
  key: string;
  type: GgufValueType;
  value: GgufValue;
}

/**
 * Tensor bytes: a buffer, or a function returning chunks. The function is
 * called once, when the writer asks for the tensor's first chunk: while the
 * previous chunk (possibly the previous tensor's last) is still being written.
 * So a source may reuse a buffer only after handing out the chunk that follows it.
 */
export type TensorData = Uint8Array | (() => AsyncIterable<Uint8Array> | Iterable<Uint8Array>);

/** One tensor to write. `shape` is in ggml order (shape[0] = row length); `data` must be exactly its byte size. */
export interface GgufTensorInput {
  name: string;
  type: number;
  shape: readonly number[];
  data: TensorData;
}

export interface WriteGgufOptions {
  /** Data alignment; defaults to `general.alignment` in the metadata, else 32. */
  alignment?: number;
  /** Write a big-endian file (the caller supplies tensor bytes in big-endian order). */
  bigEndian?: boolean;
  /** fsync the file before renaming it into place (default true). */
  sync?: boolean;
  /** Called as tensor bytes are written. */
  onProgress?: (bytesWritten: number, totalBytes: number) => void;
}

export interface WrittenGguf {
  path: string;
  size: number;
  dataOffset: number;
  /** Offsets relative to the data section, in the order written. */
  tensorOffsets: number[];
}

/** Builders for metadata entries with the right GGUF types. */
export const kv = {
  string: (key: string, value: string): GgufKvInput => ({ key, type: GgufValueType.STRING, value }),
  bool: (key: string, value: boolean): GgufKvInput => ({ key, type: GgufValueType.BOOL, value }),
  u8: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.UINT8, value }),
  i8: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.INT8, value }),
  u16: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.UINT16, value }),
  i16: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.INT16, value }),
  u32: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.UINT32, value }),
  i32: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.INT32, value }),
  u64: (key: string, value: number | bigint): GgufKvInput => ({
    key,
    type: GgufValueType.UINT64,
    value,
  }),
  i64: (key: string, value: number | bigint): GgufKvInput => ({
    key,
    type: GgufValueType.INT64,
    value,
  }),
  f32: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.FLOAT32, value }),
  f64: (key: string, value: number): GgufKvInput => ({ key, type: GgufValueType.FLOAT64, value }),
  /** An array entry; `values` are plain values of `itemType` (or GgufArrays for ARRAY). */
  array: (key: string, itemType: GgufValueType, values: readonly GgufValue[]): GgufKvInput => ({
    key,
    type: GgufValueType.ARRAY,
    value: GgufArray.of(itemType, values),
  }),
};

/** Appends GGUF-encoded values to a growing buffer. */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private view = new DataView(this.buf.buffer);
  length = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly le: boolean) {}

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  u32(v: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, v, this.le);
    this.length += 4;
  }

  u64(v: number | bigint): void {
    this.reserve(8);
    if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) {
      // Two 32-bit halves: avoids a BigInt per length prefix (a vocabulary has ~10⁶ of them).
      const lo = v % 0x1_0000_0000;
      const hi = (v - lo) / 0x1_0000_0000;
      this.view.setUint32(this.length + (this.le ? 0 : 4), lo, this.le);
      this.view.setUint32(this.length + (this.le ? 4 : 0), hi, this.le);
    } else this.view.setBigUint64(this.length, BigInt(v), this.le);
    this.length += 8;
  }

  string(s: string): void {
    // Encoded in place after room for its length (UTF-8 takes at most 3 bytes per UTF-16 unit).
    this.reserve(8 + s.length * 3);
    const at = this.length;
    this.length += 8;
    const { written } = this.encoder.encodeInto(s, this.buf.subarray(this.length));
    this.length = at;
    this.u64(written);
    this.length += written;
  }

  rawString(b: Uint8Array): void {
    this.u64(b.length);
    this.bytes(b);
  }

  scalar(type: GgufValueType, v: GgufValue, key: string): void {
    const size = scalarSize[type];
    this.reserve(size);
    const p = this.length;
    const d = this.view;
    if (type === GgufValueType.BOOL) {
      if (typeof v !== 'boolean') throw badValue(key, type, v);
      d.setUint8(p, v ? 1 : 0);
    } else if (type === GgufValueType.UINT64 || type === GgufValueType.INT64) {
      if ((typeof v !== 'number' || !Number.isInteger(v)) && typeof v !== 'bigint')
        throw badValue(key, type, v);
      const b = BigInt(v);
      if (
        type === GgufValueType.UINT64
          ? b < 0n || b >= 1n << 64n
          : b < -(1n << 63n) || b >= 1n << 63n
      )
        throw badValue(key, type, v);
      if (type === GgufValueType.UINT64) d.setBigUint64(p, b, this.le);
      else d.setBigInt64(p, b, this.le);
    } else {
      if (typeof v !== 'number') throw badValue(key, type, v);
      const range = integerRanges[type];
      if (range && (!Number.isInteger(v) || v < range[0] || v > range[1]))
        throw badValue(key, type, v);
      switch (type) {
        case GgufValueType.UINT8:
          d.setUint8(p, v);
          break;
        case GgufValueType.INT8:
          d.setInt8(p, v);
          break;
        case GgufValueType.UINT16:
          d.setUint16(p, v, this.le);
          break;
        case GgufValueType.INT16:
          d.setInt16(p, v, this.le);
          break;
        case GgufValueType.UINT32:
          d.setUint32(p, v, this.le);
          break;
        case GgufValueType.INT32:
          d.setInt32(p, v, this.le);
          break;
        case GgufValueType.FLOAT32:
          d.setFloat32(p, v, this.le);
          break;
        default:
          d.setFloat64(p, v, this.le);
      }
    }
    this.length += size;
  }

  value(type: GgufValueType, v: GgufValue, key: string): void {
    if (type === GgufValueType.STRING) {
      if (typeof v !== 'string') throw badValue(key, type, v);
      this.string(v);
    } else if (type === GgufValueType.ARRAY) {
      if (!(v instanceof GgufArray)) throw badValue(key, type, v);
      this.array(v, key);
    } else if (scalarSize[type] !== undefined) {
      this.scalar(type, v, key);
    } else {
      throw new MfcError(
        'GGUF_WRITE_BAD_VALUE',
        `metadata '${key}' has unknown value type ${type}`,
      );
    }
  }

  array(a: GgufArray, key: string): void {
    this.u32(a.itemType);
    this.u64(a.length);
    const typed = a.typed;
    const size = scalarSize[a.itemType];
    if (typed && size !== undefined && (this.le || size === 1)) {
      // Typed arrays hold host (little-endian) order: copy them whole.
      this.bytes(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength));
      return;
    }
    for (let i = 0; i < a.length; i++) {
      if (a.itemType === GgufValueType.STRING) {
        const raw = a.rawString(i);
        if (raw) this.rawString(raw);
        else this.value(GgufValueType.STRING, a.get(i)!, key);
      } else {
        this.value(a.itemType, a.get(i)!, key);
      }
    }
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}

const integerRanges: Partial<Record<GgufValueType, [number, number]>> = {
  [GgufValueType.UINT8]: [0, 0xff],
  [GgufValueType.INT8]: [-0x80, 0x7f],
  [GgufValueType.UINT16]: [0, 0xffff],
  [GgufValueType.INT16]: [-0x8000, 0x7fff],
  [GgufValueType.UINT32]: [0, 0xffffffff],
  [GgufValueType.INT32]: [-0x80000000, 0x7fffffff],
};

function badValue(key: string, type: GgufValueType, v: unknown): MfcError {
  const shown =
    v instanceof GgufArray ? 'an array' : typeof v === 'string' ? JSON.stringify(v) : String(v);
  return new MfcError(
    'GGUF_WRITE_BAD_VALUE',
    `metadata '${key}': ${shown} is not a valid ${GgufValueType[type] ?? type}`,
  );
}

/** Where each tensor goes: offsets relative to the data section, and sizes. */
export interface TensorLayout {
  offsets: number[];
  sizes: number[];
  /** Size of the data section, each tensor padded to the alignment. */
  dataSize: number;
}

function layoutTensors(tensors: readonly GgufTensorInput[], alignment: number): TensorLayout {
  const offsets: number[] = [];
  const sizes: number[] = [];
  let at = 0;
  const names = new Set<string>();
  for (const t of tensors) {
    if (names.has(t.name))
      throw new MfcError('GGUF_WRITE_BAD_TENSOR', `tensor '${t.name}' is listed twice`);
    names.add(t.name);
    if (new TextEncoder().encode(t.name).length > 63) {
      throw new MfcError(
        'GGUF_WRITE_BAD_TENSOR',
        `tensor name '${t.name}' is longer than 63 bytes (llama.cpp's limit)`,
      );
    }
    if (
      t.shape.length < 1 ||
      t.shape.length > 4 ||
      t.shape.some((d) => !Number.isSafeInteger(d) || d < 0)
    ) {
      throw new MfcError(
        'GGUF_WRITE_BAD_TENSOR',
        `tensor '${t.name}' has an invalid shape [${t.shape.join(', ')}]`,
      );
    }
    if (!ggmlTypeInfo(t.type))
      throw new MfcError(
        'GGUF_WRITE_BAD_TENSOR',
        `tensor '${t.name}' has unknown ggml type ${t.type}`,
      );
    let size: number;
    try {
      size = ggmlTensorByteSize(t.type, t.shape);
    } catch (err) {
      throw new MfcError('GGUF_WRITE_BAD_TENSOR', `tensor '${t.name}': ${(err as Error).message}`);
    }
    offsets.push(at);
    sizes.push(size);
    at += alignUp(size, alignment);
  }
  return { offsets, sizes, dataSize: at };
}

/**
 * Encodes the header (magic, version 3, counts, metadata, tensor infos and
 * the padding up to the data section) for `tensors` laid out in order.
 */
export function encodeGgufHeader(
  metadata: Iterable<GgufKvInput>,
  tensors: readonly Pick<GgufTensorInput, 'name' | 'type' | 'shape'>[],
  options: { alignment?: number; bigEndian?: boolean } = {},
): { header: Uint8Array; layout: TensorLayout; alignment: number } {
  const entries = [...metadata];
  const alignment = options.alignment ?? alignmentOf(entries);
  if (!Number.isInteger(alignment) || alignment <= 0 || (alignment & (alignment - 1)) !== 0) {
    throw new MfcError('GGUF_WRITE_BAD_VALUE', `alignment ${alignment} is not a power of two`);
  }
  const layout = layoutTensors(tensors as GgufTensorInput[], alignment);
  const w = new ByteWriter(!options.bigEndian);
  w.bytes(new Uint8Array([0x47, 0x47, 0x55, 0x46]));
  w.u32(3);
  w.u64(tensors.length);
  w.u64(entries.length);
  const keys = new Set<string>();
  for (const e of entries) {
    if (e.key === '' || keys.has(e.key)) {
      throw new MfcError(
        'GGUF_WRITE_BAD_VALUE',
        e.key === '' ? 'a metadata key is empty' : `metadata key '${e.key}' is listed twice`,
      );
    }
    keys.add(e.key);
    w.string(e.key);
    w.u32(e.type);
    w.value(e.type, e.value, e.key);
  }
  tensors.forEach((t, i) => {
    w.string(t.name);
    w.u32(t.shape.length);
    for (const d of t.shape) w.u64(d);
    w.u32(t.type);
    w.u64(layout.offsets[i]);
  });
  // llama.cpp pads to the alignment only when there are tensors.
  if (tensors.length > 0) w.bytes(new Uint8Array(alignUp(w.length, alignment) - w.length));
  return { header: w.result(), layout, alignment };
}

function alignmentOf(entries: GgufKvInput[]): number {
  const a = entries.find((e) => e.key === 'general.alignment');
  return typeof a?.value === 'number' ? a.value : DEFAULT_ALIGNMENT;
}

/**
 * Writes a GGUF version 3 file: metadata in the order given, tensors laid
 * out in the order given, each padded to the alignment (as llama.cpp's own
 * writer does). Tensor data is streamed from its sources one tensor at a
 * time; the file is written under a temporary name and renamed into place.
 */
export async function writeGguf(
  path: string,
  content: { metadata: Iterable<GgufKvInput>; tensors?: readonly GgufTensorInput[] },
  options: WriteGgufOptions = {},
): Promise<WrittenGguf> {
  const tensors = content.tensors ?? [];
  const { header, layout, alignment } = encodeGgufHeader(content.metadata, tensors, options);
  // Beside the user's files, deleted on Ctrl-C as on failure.
  const file = await AtomicFile.open(path, { sync: options.sync !== false });
  const fh = file.handle;
  try {
    const out = new BufferedFile(fh);
    await out.write(header);
    let written = 0;
    let current = 0; // the tensor being written
    let got = 0; // its bytes so far
    const endTensor = async () => {
      const expected = layout.sizes[current];
      if (got !== expected) throw tensorSizeError(tensors[current], expected, String(got));
      const pad = alignUp(expected, alignment) - expected;
      if (pad > 0) await out.write(new Uint8Array(pad));
      current++;
      got = 0;
    };
    // One chunk is produced ahead, across tensor boundaries too: reading and converting the next
    // chunk overlaps writing this one even when every tensor is a single chunk.
    for await (const { index, chunk } of aheadByOne(chunksInFileOrder(tensors))) {
      while (current < index) await endTensor();
      got += chunk.length;
      if (got > layout.sizes[index])
        throw tensorSizeError(tensors[index], layout.sizes[index], 'more');
      await out.write(chunk);
      written += chunk.length;
      options.onProgress?.(written, layout.dataSize);
    }
    while (current < tensors.length) await endTensor();
    await out.flush();
    await file.commit();
  } catch (err) {
    const written = (await fh.stat().catch(() => ({ size: 0 }))).size;
    await file.abort();
    if (isDiskFull(err))
      throw diskFullError(
        dirname(path),
        header.length + layout.dataSize,
        `writing ${basename(path)}`,
        err,
        written,
      );
    throw err;
  }
  return {
    path,
    size: header.length + layout.dataSize,
    dataOffset: header.length,
    tensorOffsets: layout.offsets,
  };
}

function tensorSizeError(t: GgufTensorInput, expected: number, got: string): MfcError {
  return new MfcError(
    'GGUF_WRITE_TENSOR_SIZE',
    `tensor '${t.name}' should have ${expected} bytes (${ggmlTypeInfo(t.type)!.name} [${t.shape.join(', ')}]) but its source gave ${got}`,
  );
}

/** Every tensor's chunks in file order, tagged with the tensor's index. */
async function* chunksInFileOrder(
  tensors: readonly GgufTensorInput[],
): AsyncGenerator<{ index: number; chunk: Uint8Array }> {
  for (let index = 0; index < tensors.length; index++) {
    const data = tensors[index].data;
    for await (const chunk of data instanceof Uint8Array ? [data] : data()) yield { index, chunk };
  }
}

/** Asks the source for its next item as soon as one is handed out. */
async function* aheadByOne<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  try {
    for (;;) {
      const r = await next;
      if (r.done) return;
      next = source.next();
      next.catch(() => undefined); // surfaced by the await above if the consumer asks again
      yield r.value;
    }
  } finally {
    await source.return(undefined);
  }
}

/** Collects small writes into large ones. */
class BufferedFile {
  private buf = new Uint8Array(4 << 20);
  private used = 0;

  constructor(private readonly fh: import('node:fs/promises').FileHandle) {}

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.length >= this.buf.length) {
      await this.flush();
      await this.writeAll(chunk);
      return;
    }
    if (this.used + chunk.length > this.buf.length) await this.flush();
    this.buf.set(chunk, this.used);
    this.used += chunk.length;
  }

  async flush(): Promise<void> {
    if (this.used === 0) return;
    await this.writeAll(this.buf.subarray(0, this.used));
    this.used = 0;
  }

  private async writeAll(bytes: Uint8Array): Promise<void> {
    for (let done = 0; done < bytes.length;) {
      const { bytesWritten } = await this.fh.write(bytes, done, bytes.length - done);
      done += bytesWritten;
    }
  }
}
