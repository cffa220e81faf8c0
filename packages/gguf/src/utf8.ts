/** Thrown by `decodeUtf8` for malformed input (the caller adds the location). */
export class MalformedUtf8 extends Error {
  /** For decodeStrings: which string was malformed. */
  index = 0;
}

/**
 * True when bytes[start, end) is well-formed UTF-8 (no overlong forms,
 * surrogates or code points past U+10FFFF), as TextDecoder's fatal mode checks.
 */
export function isValidUtf8(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= end || (bytes[i + 1] & 0xc0) !== 0x80) return false;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (i + 2 >= end) return false;
      const b1 = bytes[i + 1];
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2] & 0xc0) !== 0x80) return false;
      if (b === 0xe0 && b1 < 0xa0) return false; // overlong
      if (b === 0xed && b1 >= 0xa0) return false; // surrogate
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (i + 3 >= end) return false;
      const b1 = bytes[i + 1];
      if ((b1 & 0xc0) !== 0x80 || (bytes[i + 2] & 0xc0) !== 0x80 || (bytes[i + 3] & 0xc0) !== 0x80)
        return false;
      if (b === 0xf0 && b1 < 0x90) return false; // overlong
      if (b === 0xf4 && b1 >= 0x90) return false; // past U+10FFFF
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

const views = new WeakMap<ArrayBufferLike, Buffer>();

/**
 * Decodes bytes[start, end) as UTF-8, throwing MalformedUtf8 for malformed
 * input. Uses Node's native decoder on a Buffer view of the same memory,
 * which is several times faster than TextDecoder for the many short strings
 * of a vocabulary.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (!isValidUtf8(bytes, start, end)) throw new MalformedUtf8();
  let view = views.get(bytes.buffer);
  if (!view) {
    view = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength);
    views.set(bytes.buffer, view);
  }
  const o = bytes.byteOffset;
  return view.toString('utf8', o + start, o + end);
}

/**
 * Decodes many strings at once: copies their bytes into one buffer (checking
 * each non-ASCII string is well-formed and counting its UTF-16 length),
 * decodes that buffer in a single native call, and slices the result. Much
 * faster than one decoder call per string for a 262k-token vocabulary.
 * Throws MalformedUtf8 with `index` set to the first malformed string.
 */
export function decodeStrings(
  bytes: Uint8Array,
  starts: Uint32Array,
  lengths: Uint32Array,
): string[] {
  const n = starts.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += lengths[i];
  const joined = Buffer.allocUnsafe(total);
  const ends = new Uint32Array(n); // UTF-16 end offset of each string in the decoded text
  let k = 0;
  let units = 0;
  for (let i = 0; i < n; i++) {
    const start = starts[i];
    const end = start + lengths[i];
    let ascii = true;
    for (let j = start; j < end; j++) {
      const b = bytes[j];
      joined[k++] = b;
      if (b >= 0x80) ascii = false;
    }
    if (ascii) {
      units += end - start;
    } else {
      if (!isValidUtf8(bytes, start, end)) {
        const err = new MalformedUtf8();
        err.index = i;
        throw err;
      }
      for (let j = start; j < end; j++) {
        const b = bytes[j];
        if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
      }
    }
    ends[i] = units;
  }
  const text = joined.toString('utf8', 0, total);
  const out = new Array<string>(n);
  let from = 0;
  for (let i = 0; i < n; i++) {
    const to = ends[i];
    out[i] = text.slice(from, to);
    from = to;
  }
  return out;
}
