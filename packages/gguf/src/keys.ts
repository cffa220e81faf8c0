/**
 * GGUF's constants in one place: the magic, the default alignment, the
 * file-type "guessed" flag, and the metadata keys mfc reads (llama.cpp's
 * `LLM_KV_*` names, gguf-py's `Keys`), with typed accessors so a caller gets
 * a string, a number or an array instead of a `GgufValue` to narrow.
 */
import { GgufArray, type GgufValue } from './values.js';

export { GGUF_MAGIC } from './magic.js';
export { DEFAULT_ALIGNMENT } from './header-reader.js';
export { FILE_TYPE_GUESSED } from './file-types.js';

/** Metadata keys that do not depend on the architecture. */
export const GgufKey = {
  architecture: 'general.architecture',
  name: 'general.name',
  fileType: 'general.file_type',
  alignment: 'general.alignment',
  quantizationVersion: 'general.quantization_version',
  tokenizerModel: 'tokenizer.ggml.model',
  tokenizerPre: 'tokenizer.ggml.pre',
  tokens: 'tokenizer.ggml.tokens',
  tokenType: 'tokenizer.ggml.token_type',
  scores: 'tokenizer.ggml.scores',
  merges: 'tokenizer.ggml.merges',
  bosTokenId: 'tokenizer.ggml.bos_token_id',
  eosTokenId: 'tokenizer.ggml.eos_token_id',
  chatTemplate: 'tokenizer.chat_template',
  splitNo: 'split.no',
  splitCount: 'split.count',
  splitTensorsCount: 'split.tensors.count',
} as const;

export type GgufKeyName = (typeof GgufKey)[keyof typeof GgufKey];

/** Keys under the architecture's prefix: `${arch}.context_length`, … */
export const GgufArchKey = {
  contextLength: 'context_length',
  embeddingLength: 'embedding_length',
  blockCount: 'block_count',
  feedForwardLength: 'feed_forward_length',
  headCount: 'attention.head_count',
  headCountKv: 'attention.head_count_kv',
} as const;

export type GgufArchKeyName = (typeof GgufArchKey)[keyof typeof GgufArchKey];

/** `llama.context_length` for (`llama`, `context_length`). */
export function archKey(architecture: string, key: GgufArchKeyName): string {
  return `${architecture}.${key}`;
}

/** Anything with GGUF metadata: a GgufFile or a GgufSet. */
export interface GgufMetadataReader {
  get(key: string): GgufValue | undefined;
}

/** The key's value when it is a string. */
export function stringKv(g: GgufMetadataReader, key: string): string | undefined {
  const v = g.get(key);
  return typeof v === 'string' ? v : undefined;
}

/** The key's value when it is a number (64-bit integers converted). */
export function numberKv(g: GgufMetadataReader, key: string): number | undefined {
  const v = g.get(key);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/** The key's value when it is an array. */
export function arrayKv(g: GgufMetadataReader, key: string): GgufArray | undefined {
  const v = g.get(key);
  return v instanceof GgufArray ? v : undefined;
}
