import { convertError } from './error-codes.js';

/** One protobuf field: its number, wire type and value (varint as number, bytes as a view). */
export interface ProtoField {
  field: number;
  wire: number;
  varint?: number;
  fixed32?: number;
  bytes?: Uint8Array;
  /** Byte offset of the field's tag in the buffer, for error messages. */
  offset: number;
}

/**
 * Iterates the fields of one protobuf message. Only what SentencePiece's
 * `ModelProto` uses: varint (0), 64-bit (1, skipped), length-delimited (2), 32-bit (5).
 */
export function* protoFields(buf: Uint8Array, file: string, base = 0): Generator<ProtoField> {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 0;
  const fail = (what: string, at: number): never => {
    throw convertError('SPM_BAD_PROTOBUF', `${file} is not a valid SentencePiece model: ${what}`, {
      location: { file, byteOffset: base + at },
    });
  };
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (pos >= buf.length) fail('truncated varint', pos);
      const b = buf[pos++];
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 63) fail('varint too long', pos);
    }
  };
  while (pos < buf.length) {
    const offset = pos;
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (wire === 0) yield { field, wire, varint: varint(), offset };
    else if (wire === 2) {
      const len = varint();
      if (pos + len > buf.length) fail(`field ${field} runs past the end`, offset);
      yield { field, wire, bytes: buf.subarray(pos, pos + len), offset: base + offset };
      pos += len;
    } else if (wire === 5) {
      if (pos + 4 > buf.length) fail('truncated 32-bit field', offset);
      yield { field, wire, fixed32: view.getFloat32(pos, true), offset };
      pos += 4;
    } else if (wire === 1) {
      if (pos + 8 > buf.length) fail('truncated 64-bit field', offset);
      pos += 8;
    } else fail(`unsupported wire type ${wire}`, offset);
  }
}

/** A small protobuf encoder, enough to write SentencePiece models (used by tests and fixtures). */
export class ProtoWriter {
  private parts: Uint8Array[] = [];

  private varintBytes(n: number): Uint8Array {
    const out: number[] = [];
    let v = n;
    while (v >= 0x80) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return Uint8Array.from(out);
  }

  varint(field: number, value: number): this {
    this.parts.push(this.varintBytes(field * 8), this.varintBytes(value));
    return this;
  }

  float(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.parts.push(this.varintBytes(field * 8 + 5), b);
    return this;
  }

  bytes(field: number, value: Uint8Array | string): this {
    const b = typeof value === 'string' ? new TextEncoder().encode(value) : value;
    this.parts.push(this.varintBytes(field * 8 + 2), this.varintBytes(b.length), b);
    return this;
  }

  finish(): Uint8Array {
    return Buffer.concat(this.parts);
  }
}
