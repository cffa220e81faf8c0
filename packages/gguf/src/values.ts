import { MfcError } from '@mfc/diagnostics';
import { MalformedUtf8, decodeStrings, decodeUtf8 } from './utf8.js';

/** GGUF metadata value types (`enum gguf_type`). */
export enum GgufValueType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

/** Bytes of one scalar of each fixed-size type (strings and arrays: 0). */
export const scalarSize: Readonly<Record<number, number>> = {
  [GgufValueType.UINT8]: 1,
  [GgufValueType.INT8]: 1,
  [GgufValueType.UINT16]: 2,
  [GgufValueType.INT16]: 2,
  [GgufValueType.UINT32]: 4,
  [GgufValueType.INT32]: 4,
  [GgufValueType.FLOAT32]: 4,
  [GgufValueType.BOOL]: 1,
  [GgufValueType.UINT64]: 8,
  [GgufValueType.INT64]: 8,
  [GgufValueType.FLOAT64]: 8,
};

/** `uint32` for UINT32, as gguf-py and `mfc inspect` print types. */
export function valueTypeName(type: GgufValueType): string {
  return (GgufValueType[type] ?? `type ${type}`).toLowerCase();
}

/**
 * A metadata value. 64-bit integers are numbers when they fit in a double
 * exactly, bigints otherwise.
 */
export type GgufValue = number | bigint | boolean | string | GgufArray;

type NumericStore =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | BigUint64Array
  | BigInt64Array;

/** Thrown by lazy string arrays for malformed UTF-8; the reader maps it to a located error. */
export class BadUtf8Error extends MfcError {
  constructor(readonly byteOffset: number) {
    super('GGUF_BAD_UTF8', 'a string in an array is not valid UTF-8', { location: { byteOffset } });
  }
}

/**
 * A GGUF array value. Numeric arrays are typed arrays in host byte order;
 * string arrays keep the raw bytes and decode an element when asked for it,
 * so reading a 262k-token vocabulary costs no string decoding until used.
 */
export class GgufArray {
  private decoded?: string[];

  private constructor(
    readonly itemType: GgufValueType,
    readonly length: number,
    private readonly numbers?: NumericStore,
    private readonly strings?: {
      holder: { bytes: Uint8Array };
      starts: Uint32Array;
      lengths: Uint32Array;
    },
    private readonly items?: GgufValue[],
  ) {}

  /** An array of numbers (or bigints for 64-bit types) from a typed array in host byte order. */
  static numeric(itemType: GgufValueType, values: NumericStore): GgufArray {
    return new GgufArray(itemType, values.length, values);
  }

  /**
   * A string array over raw bytes: element i is holder.bytes[starts[i], starts[i]+lengths[i]).
   * The holder lets the reader swap in its final buffer after parsing; `starts` are file offsets
   * when holder.bytes is the file's header, so errors name the right byte.
   */
  static lazyStrings(
    holder: { bytes: Uint8Array },
    starts: Uint32Array,
    lengths: Uint32Array,
  ): GgufArray {
    return new GgufArray(GgufValueType.STRING, starts.length, undefined, {
      holder,
      starts,
      lengths,
    });
  }

  /** An array of plain values (strings, booleans, nested arrays, or numbers of any type). */
  static of(itemType: GgufValueType, values: readonly GgufValue[]): GgufArray {
    return new GgufArray(itemType, values.length, undefined, undefined, [...values]);
  }

  /** Element i (undefined past the end). Throws BadUtf8Error for a malformed string. */
  get(i: number): GgufValue | undefined {
    if (i < 0 || i >= this.length) return undefined;
    if (this.items) return this.items[i];
    if (this.numbers) return numberValue(this.itemType, this.numbers[i]);
    if (this.decoded) return this.decoded[i];
    const s = this.strings!;
    const start = s.starts[i];
    try {
      return decodeUtf8(s.holder.bytes, start, start + s.lengths[i]);
    } catch {
      throw new BadUtf8Error(start);
    }
  }

  /** Every element, decoded (cached for string arrays). */
  toArray(): GgufValue[] {
    if (this.items) return this.items;
    if (this.numbers) {
      const out = new Array<GgufValue>(this.length);
      for (let i = 0; i < this.length; i++) out[i] = numberValue(this.itemType, this.numbers[i]);
      return out;
    }
    if (!this.decoded) {
      const { holder, starts, lengths } = this.strings!;
      try {
        this.decoded = decodeStrings(holder.bytes, starts, lengths);
      } catch (err) {
        if (err instanceof MalformedUtf8) throw new BadUtf8Error(starts[err.index]);
        throw err;
      }
    }
    return this.decoded;
  }

  /** The typed array behind a numeric array (host byte order), if it is one. */
  get typed(): NumericStore | undefined {
    return this.numbers;
  }

  /** The raw UTF-8 bytes of string element i, without decoding. */
  rawString(i: number): Uint8Array | undefined {
    if (!this.strings || i < 0 || i >= this.length) return undefined;
    const start = this.strings.starts[i];
    return this.strings.holder.bytes.subarray(start, start + this.strings.lengths[i]);
  }

  /** The first `n` elements. */
  head(n: number): GgufValue[] {
    const out: GgufValue[] = [];
    for (let i = 0; i < Math.min(n, this.length); i++) out.push(this.get(i)!);
    return out;
  }

  /** Decodes every string now, so malformed UTF-8 surfaces as an error at once. */
  decodeAll(): void {
    if (this.strings) this.toArray();
    else if (this.items) for (const v of this.items) if (v instanceof GgufArray) v.decodeAll();
  }
}

function numberValue(type: GgufValueType, v: number | bigint): GgufValue {
  if (typeof v === 'bigint')
    return Number.isSafeInteger(Number(v)) && BigInt(Number(v)) === v ? Number(v) : v;
  if (type === GgufValueType.BOOL) return v !== 0;
  return v;
}
