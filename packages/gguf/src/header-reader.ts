import { MfcError } from '@mfc/diagnostics';
import { ggufMagicOf } from './magic.js';
import type { ByteSource } from './byte-source.js';
import { modelFileError, type GgufErrorCode } from './error-codes.js';
import { ggmlTypeInfo, ggmlTypeName } from './ggml-types.js';
import { decodeUtf8 } from './utf8.js';
import { BadUtf8Error, GgufArray, GgufValueType, scalarSize, type GgufValue } from './values.js';

/** One metadata entry as read from a file. */
export interface GgufKv {
  key: string;
  type: GgufValueType;
  value: GgufValue;
  /** File offset of the entry (its key's length prefix). */
  offset: number;
}

/** One tensor info. `shape` is in ggml order: shape[0] is the row (fastest-varying) dimension. */
export interface GgufTensorInfo {
  name: string;
  type: number;
  /** `F16`, `Q4_K`, … */
  typeName: string;
  shape: number[];
  /** Offset of the data, relative to the start of the data section (as stored in the file). */
  offset: number;
  /** Offset of the data from the start of the file. */
  absoluteOffset: number;
  byteSize: number;
  elementCount: number;
  /** File offset of the tensor info (its name's length prefix). */
  infoOffset: number;
}

/** Everything before the tensor data: version, byte order, metadata, tensor infos. */
export interface GgufHeader {
  /** The path or URL read. */
  source: string;
  fileSize: number;
  version: number;
  littleEndian: boolean;
  metadata: Map<string, GgufKv>;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** End of the tensor infos (where padding to the alignment begins). */
  headerEnd: number;
  /** Start of the tensor data section (headerEnd rounded up to the alignment when there are tensors). */
  dataOffset: number;
}

export interface ReadHeaderOptions {
  /** Decode and validate every string of every array now (default: on first use). */
  decodeStrings?: boolean;
  /** Refuse headers larger than this many bytes (default 512 MiB). */
  maxHeaderBytes?: number;
  /** Bytes to read at first (default 1 MiB; grows by doubling). */
  initialRead?: number;
}

export const DEFAULT_ALIGNMENT = 32;
const MAX_NESTING = 8;
const MAX_DIMS = 4;
const MAX_ENTRIES = 1 << 20;
/** Reads a byte source front to back, loading more bytes only when the parser needs them. */
class Cursor {
  bytes = new Uint8Array(0);
  view = new DataView(this.bytes.buffer);
  pos = 0;
  end = 0;
  le = true;
  /** Shared with lazy string arrays, which decode from the final buffer. */
  readonly holder = { bytes: this.bytes };

  constructor(
    readonly src: ByteSource,
    readonly maxHeader: number,
    readonly initial: number,
  ) {}

  get file(): string {
    return this.src.name;
  }

  /** Makes `n` bytes available at `pos`. */
  async fill(n: number): Promise<void> {
    const want = this.pos + n;
    if (want <= this.end) return;
    if (want > this.src.size) {
      throw modelFileError(
        'GGUF_TRUNCATED',
        `file ends at byte ${this.src.size} but ${n} more bytes are needed here`,
        this.file,
        this.pos,
      );
    }
    if (want > this.maxHeader) {
      throw modelFileError(
        'GGUF_HEADER_TOO_LARGE',
        `metadata and tensor infos run past ${this.maxHeader} bytes`,
        this.file,
        this.pos,
      );
    }
    const newEnd = Math.min(
      this.src.size,
      this.maxHeader,
      Math.max(want, this.end * 2, this.initial),
    );
    const next = new Uint8Array(newEnd);
    next.set(this.bytes.subarray(0, this.end));
    const wanted = newEnd - this.end;
    let got: number;
    if (this.src.readInto) {
      got = await this.src.readInto(next, this.end, this.end, wanted);
    } else {
      const more = await this.src.read(this.end, wanted);
      next.set(more, this.end);
      got = more.length;
    }
    if (got < wanted) {
      throw modelFileError(
        'GGUF_TRUNCATED',
        'the file ended while it was being read',
        this.file,
        this.end + got,
      );
    }
    this.bytes = next;
    this.holder.bytes = next;
    this.view = new DataView(next.buffer);
    this.end = newEnd;
  }

  /** After parsing: keep only the header bytes (lazy string arrays point into them). */
  trim(headerEnd: number): void {
    if (this.bytes.length > headerEnd + (headerEnd >> 2) + 4096)
      this.holder.bytes = this.bytes.slice(0, headerEnd);
  }

  u32(): number {
    const v = this.view.getUint32(this.pos, this.le);
    this.pos += 4;
    return v;
  }

  /** A uint64 as a number (exact up to 2^53; larger values come back as a larger, inexact number). */
  /**
   * A u64 (a u32 in GGUF v1, `wide` false) exactly. Counts, lengths and offsets
   * are compared as numbers (beyond 2^53 they are impossible anyway), but error
   * messages print this value, so 2^61 reads 2305843009213693952, not …694000.
   */
  count(wide = true): bigint {
    if (!wide) return BigInt(this.u32());
    const v = this.view.getBigUint64(this.pos, this.le);
    this.pos += 8;
    return v;
  }

  /** Bytes the header may still use: up to the end of the file or the header limit. */
  get budget(): number {
    return Math.min(this.src.size, this.maxHeader) - this.pos;
  }

  get remaining(): number {
    return this.src.size - this.pos;
  }

  error(code: GgufErrorCode, message: string, at = this.pos, hint?: string): MfcError {
    return modelFileError(code, message, this.file, at, hint);
  }
}

/** Reads the GGUF header of `src`: never the tensor data. */
export async function readGgufHeader(
  src: ByteSource,
  options: ReadHeaderOptions = {},
): Promise<GgufHeader> {
  const c = new Cursor(
    src,
    options.maxHeaderBytes ?? 512 * 2 ** 20,
    options.initialRead ?? 1 << 20,
  );
  await c.fill(8);
  const magic = c.bytes.subarray(0, 4);
  if (ggufMagicOf(magic) !== 'gguf') {
    const shown = [...magic].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw c.error(
      'GGUF_BAD_MAGIC',
      `not a GGUF file: it starts with bytes ${shown}, not "GGUF"`,
      0,
    );
  }
  c.pos = 4;
  // A byte-swapped file has its version in the high half (gguf-py's and ggml's rule).
  let version = c.view.getUint32(4, true);
  if ((version & 0xffff) === 0) {
    c.le = false;
    version = c.view.getUint32(4, false);
  }
  if (version < 1 || version > 3) {
    throw c.error(
      'GGUF_UNSUPPORTED_VERSION',
      `unsupported GGUF version ${version} (mfc reads versions 1 to 3)`,
      4,
    );
  }
  c.pos = 8;
  const v1 = version === 1;
  const countSize = v1 ? 4 : 8;
  await c.fill(2 * countSize);
  const tensorCountAt = c.pos;
  const tensorCountExact = c.count(!v1);
  const tensorCount = Number(tensorCountExact);
  const kvCountAt = c.pos;
  const kvCountExact = c.count(!v1);
  const kvCount = Number(kvCountExact);
  // Each KV takes at least a key length, a type and one byte; each tensor info at least 24 bytes.
  if (kvCount * (countSize + 5) > c.remaining) {
    throw c.error(
      'GGUF_BAD_COUNT',
      `metadata count ${kvCountExact} cannot fit in the ${src.size}-byte file`,
      kvCountAt,
    );
  }
  if (tensorCount * (countSize + 16) > c.remaining) {
    throw c.error(
      'GGUF_BAD_COUNT',
      `tensor count ${tensorCountExact} cannot fit in the ${src.size}-byte file`,
      tensorCountAt,
    );
  }
  // Entries become JS objects: cap them far above any real model so a huge file cannot claim millions.
  if (kvCount > MAX_ENTRIES) {
    throw c.error(
      'GGUF_BAD_COUNT',
      `metadata count ${kvCountExact} is over the ${MAX_ENTRIES} mfc accepts`,
      kvCountAt,
    );
  }
  if (tensorCount > MAX_ENTRIES) {
    throw c.error(
      'GGUF_BAD_COUNT',
      `tensor count ${tensorCountExact} is over the ${MAX_ENTRIES} mfc accepts`,
      tensorCountAt,
    );
  }

  const readLength = async (what: string): Promise<{ length: number; at: number }> => {
    await c.fill(countSize);
    const at = c.pos;
    const lengthExact = c.count(!v1);
    const length = Number(lengthExact);
    if (length > c.remaining) {
      throw c.error(
        'GGUF_LENGTH_OUT_OF_RANGE',
        `${what} length ${lengthExact} runs past the end of the file (${src.size} bytes)`,
        at,
      );
    }
    return { length, at };
  };

  const readString = async (what: string): Promise<string> => {
    const { length, at } = await readLength(what);
    await c.fill(length);
    let end = c.pos + length;
    // Version 1 strings may carry a trailing NUL (Ollama strips it too).
    if (v1 && length > 0 && c.bytes[end - 1] === 0) end--;
    let s: string;
    try {
      s = decodeUtf8(c.bytes, c.pos, end);
    } catch {
      throw c.error('GGUF_BAD_UTF8', `${what} is not valid UTF-8`, at);
    }
    c.pos += length;
    return s;
  };

  const readArray = async (depth: number): Promise<GgufArray> => {
    await c.fill(4);
    const typeAt = c.pos;
    const itemType = c.u32();
    if (!(itemType in GgufValueType)) {
      throw c.error('GGUF_UNKNOWN_VALUE_TYPE', `unknown array element type ${itemType}`, typeAt);
    }
    await c.fill(countSize);
    const countAt = c.pos;
    const countExact = c.count(!v1);
    const count = Number(countExact);
    const size = scalarSize[itemType];
    const minItem = size ?? (itemType === GgufValueType.STRING ? countSize : 4 + countSize);
    if (count * minItem > c.remaining) {
      throw c.error(
        'GGUF_LENGTH_OUT_OF_RANGE',
        `array of ${countExact} elements cannot fit in the ${src.size}-byte file`,
        countAt,
      );
    }
    // Also bounded by the header limit, so a count in a huge file cannot make us allocate more than that.
    if (count * minItem > c.budget || (itemType === GgufValueType.ARRAY && count > MAX_ENTRIES)) {
      throw c.error(
        'GGUF_HEADER_TOO_LARGE',
        `array of ${countExact} elements would run past the ${c.maxHeader}-byte header limit`,
        countAt,
      );
    }
    if (size !== undefined) return readNumericArray(itemType, count, size);
    if (itemType === GgufValueType.STRING) return readStringArray(count);
    if (depth >= MAX_NESTING)
      throw c.error('GGUF_TOO_DEEP', `arrays nested more than ${MAX_NESTING} levels deep`, typeAt);
    const items: GgufValue[] = [];
    for (let i = 0; i < count; i++) items.push(await readArray(depth + 1));
    return GgufArray.of(GgufValueType.ARRAY, items);
  };

  const readNumericArray = async (
    itemType: GgufValueType,
    count: number,
    size: number,
  ): Promise<GgufArray> => {
    const n = count * size;
    await c.fill(n);
    const copy = c.bytes.slice(c.pos, c.pos + n);
    c.pos += n;
    if (!c.le && size > 1) swapBytes(copy, size);
    const buf = copy.buffer;
    switch (itemType) {
      case GgufValueType.UINT8:
      case GgufValueType.BOOL:
        return GgufArray.numeric(itemType, copy);
      case GgufValueType.INT8:
        return GgufArray.numeric(itemType, new Int8Array(buf));
      case GgufValueType.UINT16:
        return GgufArray.numeric(itemType, new Uint16Array(buf));
      case GgufValueType.INT16:
        return GgufArray.numeric(itemType, new Int16Array(buf));
      case GgufValueType.UINT32:
        return GgufArray.numeric(itemType, new Uint32Array(buf));
      case GgufValueType.INT32:
        return GgufArray.numeric(itemType, new Int32Array(buf));
      case GgufValueType.FLOAT32:
        return GgufArray.numeric(itemType, new Float32Array(buf));
      case GgufValueType.UINT64:
        return GgufArray.numeric(itemType, new BigUint64Array(buf));
      case GgufValueType.INT64:
        return GgufArray.numeric(itemType, new BigInt64Array(buf));
      default:
        return GgufArray.numeric(itemType, new Float64Array(buf));
    }
  };

  const readStringArray = async (count: number): Promise<GgufArray> => {
    const starts = new Uint32Array(count);
    const lengths = new Uint32Array(count);
    const size = src.size;
    const le = c.le;
    for (let i = 0; i < count; i++) {
      if (c.pos + countSize > c.end) await c.fill(countSize);
      const v = c.view;
      let p = c.pos;
      let len: number;
      if (v1) {
        len = v.getUint32(p, le);
        p += 4;
      } else {
        const a = v.getUint32(p, le);
        const b = v.getUint32(p + 4, le);
        len = le ? a + b * 4294967296 : b + a * 4294967296;
        p += 8;
      }
      if (len > size - p) {
        throw c.error(
          'GGUF_LENGTH_OUT_OF_RANGE',
          `string ${i} of an array has length ${len}, past the end of the file`,
          c.pos,
        );
      }
      starts[i] = p;
      lengths[i] = len;
      c.pos = p;
      if (p + len > c.end) await c.fill(len);
      c.pos = p + len;
      if (v1 && len > 0 && c.bytes[c.pos - 1] === 0) lengths[i] = len - 1;
    }
    return GgufArray.lazyStrings(c.holder, starts, lengths);
  };

  const readValue = async (type: number, typeAt: number, depth: number): Promise<GgufValue> => {
    if (type === GgufValueType.STRING) return readString('string value');
    if (type === GgufValueType.ARRAY) return readArray(depth);
    const size = scalarSize[type];
    if (size === undefined)
      throw c.error('GGUF_UNKNOWN_VALUE_TYPE', `unknown metadata value type ${type}`, typeAt);
    await c.fill(size);
    const v = c.view;
    const p = c.pos;
    c.pos += size;
    switch (type as GgufValueType) {
      case GgufValueType.UINT8:
        return v.getUint8(p);
      case GgufValueType.INT8:
        return v.getInt8(p);
      case GgufValueType.UINT16:
        return v.getUint16(p, c.le);
      case GgufValueType.INT16:
        return v.getInt16(p, c.le);
      case GgufValueType.UINT32:
        return v.getUint32(p, c.le);
      case GgufValueType.INT32:
        return v.getInt32(p, c.le);
      case GgufValueType.FLOAT32:
        return v.getFloat32(p, c.le);
      case GgufValueType.BOOL:
        return v.getUint8(p) !== 0;
      case GgufValueType.UINT64:
        return exactInteger(v.getBigUint64(p, c.le));
      case GgufValueType.INT64:
        return exactInteger(v.getBigInt64(p, c.le));
      default:
        return v.getFloat64(p, c.le);
    }
  };

  const metadata = new Map<string, GgufKv>();
  for (let i = 0; i < kvCount; i++) {
    const offset = c.pos;
    const key = await readString('metadata key');
    if (key === '') throw c.error('GGUF_EMPTY_KEY', `metadata entry ${i} has an empty key`, offset);
    if (metadata.has(key))
      throw c.error('GGUF_DUPLICATE_KEY', `metadata key '${key}' appears twice`, offset);
    await c.fill(4);
    const typeAt = c.pos;
    const type = c.u32();
    const value = await readValue(type, typeAt, 1);
    metadata.set(key, { key, type, value, offset });
  }

  const alignment = readAlignment(metadata, c);

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) {
    const infoOffset = c.pos;
    const name = await readString('tensor name');
    if (names.has(name))
      throw c.error('GGUF_DUPLICATE_TENSOR', `tensor '${name}' appears twice`, infoOffset);
    names.add(name);
    await c.fill(4);
    const dimsAt = c.pos;
    const nDims = c.u32();
    if (nDims > MAX_DIMS)
      throw c.error(
        'GGUF_BAD_TENSOR',
        `tensor '${name}' has ${nDims} dimensions (at most ${MAX_DIMS})`,
        dimsAt,
      );
    await c.fill(nDims * countSize + 4 + 8);
    const shape: number[] = [];
    let elements = 1n;
    for (let d = 0; d < nDims; d++) {
      const at = c.pos;
      const n = c.count(!v1);
      elements *= n;
      if (elements > BigInt(Number.MAX_SAFE_INTEGER) || n > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw c.error(
          'GGUF_BAD_TENSOR',
          `tensor '${name}' has an impossible number of elements (dimension ${d} is ${n})`,
          at,
        );
      }
      shape.push(Number(n));
    }
    const typeAt = c.pos;
    const type = c.u32();
    const info = ggmlTypeInfo(type);
    if (!info)
      throw c.error(
        'GGUF_UNKNOWN_TENSOR_TYPE',
        `tensor '${name}' has unknown ggml type ${type}`,
        typeAt,
      );
    const row = shape.length === 0 ? 1 : shape[0];
    if (row % info.blockSize !== 0) {
      throw c.error(
        'GGUF_BAD_TENSOR',
        `tensor '${name}' has rows of ${row} elements, not a multiple of the ${info.name} block size ${info.blockSize}`,
        dimsAt,
      );
    }
    const offsetAt = c.pos;
    const offsetExact = c.count();
    if (offsetExact > BigInt(Number.MAX_SAFE_INTEGER) - BigInt(src.size)) {
      throw c.error(
        'GGUF_TENSOR_OUT_OF_BOUNDS',
        `tensor '${name}' data offset ${offsetExact} is past the end of the file (${src.size} bytes)`,
        offsetAt,
      );
    }
    const offset = Number(offsetExact);
    if (offsetExact % BigInt(alignment) !== 0n) {
      throw c.error(
        'GGUF_MISALIGNED_TENSOR',
        `tensor '${name}' data offset ${offsetExact} is not a multiple of the alignment ${alignment}`,
        offsetAt,
      );
    }
    const elementCount = Number(elements);
    const byteSize = (elementCount / info.blockSize) * info.bytesPerBlock;
    tensors.push({
      name,
      type,
      typeName: ggmlTypeName(type),
      shape,
      offset,
      absoluteOffset: 0,
      byteSize,
      elementCount,
      infoOffset,
    });
  }

  const headerEnd = c.pos;
  c.trim(headerEnd);
  const dataOffset = tensorCount > 0 ? alignUp(headerEnd, alignment) : headerEnd;
  checkTensorPlacement(tensors, dataOffset, src.size, c);

  const header: GgufHeader = {
    source: src.name,
    fileSize: src.size,
    version,
    littleEndian: c.le,
    metadata,
    tensors,
    alignment,
    headerEnd,
    dataOffset,
  };
  if (options.decodeStrings) decodeAllStrings(header);
  return header;
}

function readAlignment(metadata: Map<string, GgufKv>, c: Cursor): number {
  const kv = metadata.get('general.alignment');
  if (!kv) return DEFAULT_ALIGNMENT;
  const v = kv.value;
  if (kv.type !== GgufValueType.UINT32 || typeof v !== 'number' || v === 0 || (v & (v - 1)) !== 0) {
    throw c.error(
      'GGUF_BAD_ALIGNMENT',
      `general.alignment must be a power-of-two uint32, got ${String(v)}`,
      kv.offset,
    );
  }
  return v;
}

function checkTensorPlacement(
  tensors: GgufTensorInfo[],
  dataOffset: number,
  size: number,
  c: Cursor,
): void {
  for (const t of tensors) {
    t.absoluteOffset = dataOffset + t.offset;
    if (t.absoluteOffset + t.byteSize > size) {
      throw c.error(
        'GGUF_TENSOR_OUT_OF_BOUNDS',
        `tensor '${t.name}' (${t.byteSize} bytes at byte ${t.absoluteOffset}) runs past the end of the file (${size} bytes)`,
        t.infoOffset,
      );
    }
  }
  const byStart = [...tensors].sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < byStart.length; i++) {
    const prev = byStart[i - 1];
    const cur = byStart[i];
    if (cur.offset < prev.offset + prev.byteSize) {
      throw c.error(
        'GGUF_TENSORS_OVERLAP',
        `tensors '${prev.name}' and '${cur.name}' overlap in the data section`,
        cur.infoOffset,
      );
    }
  }
}

/** Decodes every string array now, turning malformed UTF-8 into a located error. */
export function decodeAllStrings(header: GgufHeader): void {
  for (const kv of header.metadata.values()) {
    if (!(kv.value instanceof GgufArray)) continue;
    try {
      kv.value.decodeAll();
    } catch (err) {
      if (err instanceof BadUtf8Error) {
        throw modelFileError(
          'GGUF_BAD_UTF8',
          `a string of '${kv.key}' is not valid UTF-8`,
          header.source,
          err.byteOffset,
        );
      }
      throw err;
    }
  }
}

function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a];
      bytes[a] = bytes[b];
      bytes[b] = t;
    }
  }
}

function exactInteger(v: bigint): number | bigint {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
}

export function alignUp(n: number, alignment: number): number {
  return Math.ceil(n / alignment) * alignment;
}
