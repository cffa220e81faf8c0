import type { SourceEncoding } from './ast.js';

/** Text decoded from Modelfile bytes. */
export interface DecodedText {
  text: string;
  encoding: SourceEncoding;
  bom: boolean;
}

/**
 * Decodes Modelfile bytes like Ollama's `unicode.BOMOverride(UTF8 decoder)`:
 * a UTF-8 BOM is stripped, a UTF-16 LE/BE BOM switches the whole input to
 * UTF-16, otherwise UTF-8; invalid sequences become U+FFFD. A string input
 * is taken as already decoded (a leading U+FEFF is still treated as a BOM).
 */
export function decodeModelfile(input: string | Uint8Array): DecodedText {
  if (typeof input === 'string') {
    if (input.charCodeAt(0) === 0xfeff)
      return { text: input.slice(1), encoding: 'utf-8', bom: true };
    return { text: input, encoding: 'utf-8', bom: false };
  }
  const b = input;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) {
    return { text: decodeUtf8LikeGo(b.subarray(3)), encoding: 'utf-8', bom: true };
  }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) {
    const text = new TextDecoder('utf-16le', { ignoreBOM: true }).decode(b.subarray(2));
    return { text, encoding: 'utf-16le', bom: true };
  }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    const text = new TextDecoder('utf-16be', { ignoreBOM: true }).decode(b.subarray(2));
    return { text, encoding: 'utf-16be', bom: true };
  }
  return { text: decodeUtf8LikeGo(b), encoding: 'utf-8', bom: false };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 as golang.org/x/text decodes it: every byte that does not start a valid
 * sequence becomes one U+FFFD (the WHATWG decoder merges some of them).
 */
export function decodeUtf8LikeGo(b: Uint8Array): string {
  try {
    return strictUtf8.decode(b);
  } catch {
    // invalid input: decode byte by byte below
  }
  const out: string[] = [];
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let cp = -1;
    let size = 1;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xc2 && c <= 0xdf && isCont(b[i + 1])) {
      [cp, size] = [((c & 0x1f) << 6) | (b[i + 1] & 0x3f), 2];
    } else if (c >= 0xe0 && c <= 0xef && isCont(b[i + 1]) && isCont(b[i + 2])) {
      const v = ((c & 0x0f) << 12) | ((b[i + 1] & 0x3f) << 6) | (b[i + 2] & 0x3f);
      if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) [cp, size] = [v, 3];
    } else if (c >= 0xf0 && c <= 0xf4 && isCont(b[i + 1]) && isCont(b[i + 2]) && isCont(b[i + 3])) {
      const v =
        ((c & 0x07) << 18) |
        ((b[i + 1] & 0x3f) << 12) |
        ((b[i + 2] & 0x3f) << 6) |
        (b[i + 3] & 0x3f);
      if (v >= 0x10000 && v <= 0x10ffff) [cp, size] = [v, 4];
    }
    out.push(cp < 0 ? '\ufffd' : String.fromCodePoint(cp));
    i += size;
  }
  return out.join('');
}

function isCont(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** Encodes text back the way it was read (`decodeModelfile`'s encoding and BOM). */
export function encodeModelfile(
  text: string,
  like: { encoding: SourceEncoding; bom: boolean },
): Uint8Array {
  if (like.encoding === 'utf-8') {
    const body = new TextEncoder().encode(text);
    if (!like.bom) return body;
    const out = new Uint8Array(body.length + 3);
    out.set([0xef, 0xbb, 0xbf]);
    out.set(body, 3);
    return out;
  }
  const out = new Uint8Array(2 + text.length * 2);
  const le = like.encoding === 'utf-16le';
  out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out[2 + 2 * i + (le ? 0 : 1)] = u & 0xff;
    out[2 + 2 * i + (le ? 1 : 0)] = u >> 8;
  }
  return out;
}
