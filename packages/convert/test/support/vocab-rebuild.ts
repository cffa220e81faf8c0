// Rebuilds Hugging Face tokenizer files from llama.cpp's ggml-vocab-*.gguf
// files, so the converter can be checked against their .inp/.out vectors.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openGguf, type GgufArray } from '@mfc/gguf';
import {
  encodeSentencePiece,
  LLAMA3_SPLIT_REGEX,
  QWEN2_SPLIT_REGEX,
  TokenType,
} from '../../src/index.js';

const PRE_REGEX: Record<string, string> = {
  'llama-bpe': LLAMA3_SPLIT_REGEX,
  qwen2: QWEN2_SPLIT_REGEX,
};
const HF_ARCH: Record<string, string> = {
  llama: 'LlamaForCausalLM',
  phi3: 'Phi3ForCausalLM',
  qwen2: 'Qwen2ForCausalLM',
};

export interface RebuiltVocab {
  dir: string;
  /** general.name of the vocab file (llama.cpp keys some token attributes on it). */
  name: string;
  size: number;
}

/** Writes config.json + tokenizer files equivalent to `vocabGguf` into `dir`. */
export async function rebuildHfTokenizer(vocabGguf: string, dir: string): Promise<RebuiltVocab> {
  await mkdir(dir, { recursive: true });
  const g = await openGguf(vocabGguf);
  const get = (k: string) => g.metadata.get(k)?.value;
  const tokens = (get('tokenizer.ggml.tokens') as GgufArray).toArray() as string[];
  const types = (get('tokenizer.ggml.token_type') as GgufArray).toArray() as number[];
  const scoresKv = get('tokenizer.ggml.scores') as GgufArray | undefined;
  const scores = scoresKv ? (scoresKv.toArray() as number[]) : undefined;
  const arch = String(get('general.architecture'));
  const model = String(get('tokenizer.ggml.model'));
  const idOf = (k: string) => get(`tokenizer.ggml.${k}_token_id`) as number | undefined;
  const bos = idOf('bos');
  const eos = idOf('eos');
  const tokenizerConfig: Record<string, unknown> = {
    bos_token: bos !== undefined ? tokens[bos] : null,
    eos_token: eos !== undefined ? tokens[eos] : null,
  };
  for (const k of ['bos', 'eos'] as const) {
    const v = get(`tokenizer.ggml.add_${k}_token`);
    if (typeof v === 'boolean') tokenizerConfig[`add_${k}_token`] = v;
  }
  const template = get('tokenizer.chat_template');
  if (typeof template === 'string') tokenizerConfig.chat_template = template;

  if (model === 'llama') {
    // SentencePiece: every piece in tokenizer.model; user-defined pieces also in added_tokens_decoder,
    // because llama.cpp's converter reads only unknown/control/unused/byte types from the proto.
    const decoder: Record<string, unknown> = {};
    types.forEach((t, i) => {
      if (t === TokenType.USER_DEFINED)
        decoder[String(i)] = { content: tokens[i], special: false, normalized: false };
    });
    tokenizerConfig.added_tokens_decoder = decoder;
    const spmScores = scores ?? tokens.map(() => 0);
    await writeFile(
      join(dir, 'tokenizer.model'),
      encodeSentencePiece({
        pieces: tokens,
        scores: spmScores.map((s, i) => (types[i] === TokenType.USER_DEFINED ? -1000 : s)),
        types,
        modelType: 2,
        addDummyPrefix: true,
        byteFallback: true,
      }),
    );
  } else {
    const vocab: Record<string, number> = {};
    const added: unknown[] = [];
    tokens.forEach((t, i) => {
      if (types[i] === TokenType.CONTROL || types[i] === TokenType.USER_DEFINED) {
        added.push({
          id: i,
          content: t,
          single_word: false,
          lstrip: false,
          rstrip: false,
          normalized: types[i] !== TokenType.CONTROL,
          special: types[i] === TokenType.CONTROL,
        });
      } else vocab[t] = i;
    });
    const pre = String(get('tokenizer.ggml.pre'));
    const regex = PRE_REGEX[pre];
    if (!regex) throw new Error(`no pre-tokenizer regex for ${pre}`);
    const merges = (get('tokenizer.ggml.merges') as GgufArray).toArray() as string[];
    await writeFile(
      join(dir, 'tokenizer.json'),
      JSON.stringify({
        version: '1.0',
        added_tokens: added,
        normalizer: null,
        pre_tokenizer: {
          type: 'Sequence',
          pretokenizers: [
            { type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false },
            { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
          ],
        },
        post_processor: null,
        decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
        model: { type: 'BPE', dropout: null, unk_token: null, byte_fallback: false, vocab, merges },
      }),
    );
  }
  await writeFile(join(dir, 'tokenizer_config.json'), JSON.stringify(tokenizerConfig));
  const hfArch = HF_ARCH[arch];
  if (!hfArch) throw new Error(`no HF architecture for ${arch}`);
  const config: Record<string, unknown> = {
    architectures: [hfArch],
    hidden_size: Number(get(`${arch}.embedding_length`)),
    intermediate_size: Number(get(`${arch}.feed_forward_length`)),
    num_attention_heads: Number(get(`${arch}.attention.head_count`)),
    num_key_value_heads: Number(get(`${arch}.attention.head_count_kv`)),
    num_hidden_layers: Number(get(`${arch}.block_count`)),
    max_position_embeddings: Number(get(`${arch}.context_length`)),
    original_max_position_embeddings: Number(get(`${arch}.context_length`)),
    rms_norm_eps: 1e-5,
    rope_theta: 10000,
    vocab_size: tokens.length,
  };
  for (const k of ['bos', 'eos', 'unknown', 'padding'] as const) {
    const id = idOf(k);
    const hf = { bos: 'bos', eos: 'eos', unknown: 'unk', padding: 'pad' }[k];
    if (id !== undefined) config[`${hf}_token_id`] = id;
  }
  await writeFile(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  return { dir, name: String(get('general.name') ?? arch), size: tokens.length };
}

/** The `.inp` strings and `.out` ids of a vocab test file pair. */
export function readVocabTests(inp: string, out: string): { text: string; ids: number[] }[] {
  const parts = inp.split('\n__ggml_vocab_test__\n');
  if (parts.at(-1) === '') parts.pop();
  const lines = out.split('\n');
  if (lines.at(-1) === '') lines.pop();
  if (parts.length !== lines.length)
    throw new Error(`${parts.length} inputs but ${lines.length} outputs`);
  return parts.map((text, i) => ({
    text,
    ids: lines[i].trim() === '' ? [] : lines[i].trim().split(/\s+/).map(Number),
  }));
}
