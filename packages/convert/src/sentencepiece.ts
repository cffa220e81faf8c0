import { protoFields, ProtoWriter } from './protobuf.js';

/** SentencePiece piece types; the same numbers as GGUF's `tokenizer.ggml.token_type`. */
export const TokenType = {
  NORMAL: 1,
  UNKNOWN: 2,
  CONTROL: 3,
  USER_DEFINED: 4,
  UNUSED: 5,
  BYTE: 6,
} as const;

export interface SentencePieceModel {
  pieces: string[];
  scores: number[];
  types: number[];
  /** TrainerSpec.model_type: 1 unigram, 2 BPE, 3 word, 4 char. */
  modelType: number;
  /** NormalizerSpec.add_dummy_prefix (true unless set to false). */
  addDummyPrefix: boolean;
  byteFallback: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Reads a SentencePiece `tokenizer.model` (a `ModelProto` protobuf). */
export function parseSentencePiece(buf: Uint8Array, file: string): SentencePieceModel {
  const model: SentencePieceModel = {
    pieces: [],
    scores: [],
    types: [],
    modelType: 1,
    addDummyPrefix: true,
    byteFallback: false,
  };
  for (const f of protoFields(buf, file)) {
    if (f.field === 1 && f.bytes) {
      let piece = '';
      let score = 0;
      let type: number = TokenType.NORMAL;
      for (const g of protoFields(f.bytes, file, f.offset)) {
        if (g.field === 1 && g.bytes) piece = utf8.decode(g.bytes);
        else if (g.field === 2 && g.fixed32 !== undefined) score = g.fixed32;
        else if (g.field === 3 && g.varint !== undefined) type = g.varint;
      }
      model.pieces.push(piece);
      model.scores.push(score);
      model.types.push(type);
    } else if (f.field === 2 && f.bytes) {
      for (const g of protoFields(f.bytes, file, f.offset)) {
        if (g.field === 3 && g.varint !== undefined) model.modelType = g.varint;
        else if (g.field === 35 && g.varint !== undefined) model.byteFallback = g.varint !== 0;
      }
    } else if (f.field === 3 && f.bytes) {
      for (const g of protoFields(f.bytes, file, f.offset)) {
        if (g.field === 3 && g.varint !== undefined) model.addDummyPrefix = g.varint !== 0;
      }
    }
  }
  return model;
}

/** Writes a SentencePiece `ModelProto` (pieces, trainer and normalizer specs). */
export function encodeSentencePiece(
  model: Omit<SentencePieceModel, 'byteFallback'> & { byteFallback?: boolean },
): Uint8Array {
  const w = new ProtoWriter();
  for (let i = 0; i < model.pieces.length; i++) {
    const p = new ProtoWriter().bytes(1, model.pieces[i]).float(2, model.scores[i]);
    if (model.types[i] !== TokenType.NORMAL) p.varint(3, model.types[i]);
    w.bytes(1, p.finish());
  }
  const trainer = new ProtoWriter().varint(3, model.modelType);
  if (model.byteFallback) trainer.varint(35, 1);
  w.bytes(2, trainer.finish());
  w.bytes(
    3,
    new ProtoWriter()
      .bytes(1, 'identity')
      .varint(3, model.addDummyPrefix ? 1 : 0)
      .finish(),
  );
  return w.finish();
}
