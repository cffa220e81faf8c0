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
    return {
      text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(b.subarray(3)),
      encoding: 'utf-8',
      bom: true,
    };
  }
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) {
    return {
      text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(b.subarray(2)),
      encoding: 'utf-16le',
      bom: true,
    };
  }
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) {
    return {
      text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(b.subarray(2)),
      encoding: 'utf-16be',
      bom: true,
    };
  }
  return {
    text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(b),
    encoding: 'utf-8',
    bom: false,
  };
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
