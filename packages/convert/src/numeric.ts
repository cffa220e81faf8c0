/**
 * Float format conversions done in chunks: safetensors F32/F16/BF16 bytes
 * (little-endian) to float32 and back to GGUF's F32/F16/BF16. Rounding is
 * round-to-nearest-even everywhere, as numpy (F16) and gguf-py (BF16) do.
 */

export type FloatDtype = 'F32' | 'F16' | 'BF16';

export const BYTES: Record<FloatDtype, number> = { F32: 4, F16: 2, BF16: 2 };

let f16Table: Float32Array | undefined;

/** float32 value of every half-precision bit pattern (256 KB, built once). */
function halfTable(): Float32Array {
  if (f16Table) return f16Table;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) t[h] = sign * mant * 2 ** -24;
    else if (exp === 31) t[h] = mant ? NaN : sign * Infinity;
    else t[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  f16Table = t;
  return t;
}

let bf16Table: Uint16Array | undefined;

/** F16 bits of every BF16 bit pattern (128 KB, built once): BF16 → F16 becomes one lookup per value. */
function bf16ToF16Table(): Uint16Array {
  if (bf16Table) return bf16Table;
  const t = new Uint16Array(65536);
  for (let b = 0; b < 65536; b++) t[b] = f32BitsToF16(b << 16);
  bf16Table = t;
  return t;
}

/** Half-precision bits of a float32 given as its bits, rounded to nearest even. */
export function f32BitsToF16(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  const mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 | (mant >>> 13) : 0);
  const e = exp - 112; // rebias 127 → 15
  if (e >= 31) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    const m = mant | 0x800000;
    const shift = 14 - e;
    let half = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (rem > halfway || (rem === halfway && half & 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++; // a carry into the exponent is right (up to inf)
  return sign | half;
}

/** BF16 bits of a float32 given as its bits, rounded to nearest even (gguf-py's `__compute_fp32_to_bf16`). */
export function f32BitsToBf16(x: number): number {
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) & 0xffff) | 64;
  return ((x + (0x7fff + ((x >>> 16) & 1))) >>> 16) & 0xffff;
}

/** Decodes `count` elements of `src` (little-endian bytes, 4-byte aligned view) to float32. */
export function decodeToF32(src: Uint8Array, dtype: FloatDtype, out: Float32Array): void {
  const n = out.length;
  if (dtype === 'F32') {
    out.set(new Float32Array(src.buffer, src.byteOffset, n));
  } else if (dtype === 'F16') {
    const t = halfTable();
    const h = new Uint16Array(src.buffer, src.byteOffset, n);
    for (let i = 0; i < n; i++) out[i] = t[h[i]];
  } else {
    const h = new Uint16Array(src.buffer, src.byteOffset, n);
    const bits = new Uint32Array(out.buffer, out.byteOffset, n);
    for (let i = 0; i < n; i++) bits[i] = h[i] << 16;
  }
}

/** Encodes float32 values into `dtype` little-endian bytes. */
export function encodeFromF32(values: Float32Array, dtype: FloatDtype): Uint8Array {
  const n = values.length;
  if (dtype === 'F32')
    return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + n * 4));
  const bits = new Uint32Array(values.buffer, values.byteOffset, n);
  const out = new Uint16Array(n);
  if (dtype === 'F16') for (let i = 0; i < n; i++) out[i] = f32BitsToF16(bits[i]);
  else for (let i = 0; i < n; i++) out[i] = f32BitsToBf16(bits[i]);
  return new Uint8Array(out.buffer);
}

/**
 * Converts a chunk of raw elements between float formats. Same format: the
 * bytes as they are. BF16 → F16 (the common case) goes bit-wise without a
 * float32 buffer.
 */
export function convertChunk(
  src: Uint8Array,
  from: FloatDtype,
  to: FloatDtype,
  /** Where to put the result (BF16 → F16 only; its length must be the result's), to spare allocations. */
  into?: Uint8Array,
): Uint8Array {
  if (from === to) return src;
  const n = src.length / BYTES[from];
  if (from === 'BF16' && to === 'F16') {
    const table = bf16ToF16Table();
    const target =
      into && into.length === n * 2 && into.byteOffset % 4 === 0 ? into : new Uint8Array(n * 2);
    const out = new Uint16Array(target.buffer, target.byteOffset, n);
    if (src.byteOffset % 4 === 0 && n % 2 === 0) {
      // Two values per step through 32-bit words: half the loop iterations.
      const in32 = new Uint32Array(src.buffer, src.byteOffset, n / 2);
      const out32 = new Uint32Array(target.buffer, target.byteOffset, n / 2);
      for (let i = 0; i < in32.length; i++) {
        const v = in32[i];
        out32[i] = table[v & 0xffff] | (table[v >>> 16] << 16);
      }
    } else {
      const h = new Uint16Array(src.buffer, src.byteOffset, n);
      for (let i = 0; i < n; i++) out[i] = table[h[i]];
    }
    return target;
  }
  const tmp = new Float32Array(n);
  decodeToF32(src, from, tmp);
  return encodeFromF32(tmp, to);
}

/** Rounds float32 values to what `dtype` can hold (for arithmetic done in the source precision). */
export function roundTo(values: Float32Array, dtype: FloatDtype): void {
  if (dtype === 'F32') return;
  const enc = encodeFromF32(values, dtype);
  decodeToF32(enc, dtype, values);
}
