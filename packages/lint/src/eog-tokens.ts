import { GgufArray, type GgufFile } from '@mfc/gguf';

/**
 * Tokens that end generation in the common model families: the model emits
 * them itself and a chat TEMPLATE usually never writes them (`<|endoftext|>`,
 * `</s>`, `<|eom_id|>`, DeepSeek's `<｜end▁of▁sentence｜>`, …). llama.cpp's own
 * end-of-generation texts (`<|eot_id|>`, `<|im_end|>`, `<end_of_turn>`, …) are included.
 */
export const KNOWN_EOG_TOKENS: readonly string[] = [
  '</s>',
  '<eos>',
  '<|endoftext|>',
  '<|end_of_text|>',
  '<|eot_id|>',
  '<|eom_id|>',
  '<|im_end|>',
  '<|end|>',
  '<|return|>',
  '<|call|>',
  '<|EOT|>',
  '<EOT>',
  '<end_of_turn>',
  '<end_of_utterance>',
  '<|END_OF_TURN_TOKEN|>',
  '<｜end▁of▁sentence｜>',
];

/** GGUF keys whose token id ends generation (llama.cpp's EOS, EOT, EOM). */
const EOG_ID_KEYS = [
  'tokenizer.ggml.eos_token_id',
  'tokenizer.ggml.eot_token_id',
  'tokenizer.ggml.eom_token_id',
];

/**
 * A model's end-of-generation token texts: the tokens at its EOS/EOT/EOM ids
 * (and `eos_token_ids`), plus the tokens of its vocabulary that llama.cpp
 * treats as end of generation by their text. Undefined without a vocabulary.
 */
export function modelEogTokens(gguf: GgufFile): Set<string> | undefined {
  const tokens = gguf.get('tokenizer.ggml.tokens');
  if (!(tokens instanceof GgufArray)) return undefined;
  const out = new Set<string>();
  const add = (id: unknown) => {
    const n = typeof id === 'bigint' ? Number(id) : id;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n >= tokens.length) return;
    const text = tokens.get(n);
    if (typeof text === 'string') out.add(text);
  };
  for (const key of EOG_ID_KEYS) add(gguf.get(key));
  const ids = gguf.get('tokenizer.ggml.eos_token_ids');
  if (ids instanceof GgufArray) for (let i = 0; i < ids.length; i++) add(ids.get(i));
  const known = new Set(KNOWN_EOG_TOKENS);
  for (let i = 0; i < tokens.length; i++) {
    const text = tokens.get(i);
    if (typeof text === 'string' && known.has(text)) out.add(text);
  }
  return out;
}
