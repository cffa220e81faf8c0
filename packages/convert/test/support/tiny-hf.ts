// Writes tiny Hugging Face model folders (config.json, tokenizer files,
// random safetensors weights) for each architecture the converter supports.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSafetensors, type SafetensorsTensorInput } from '@mfc/safetensors';
import {
  QWEN2_SPLIT_REGEX,
  LLAMA3_SPLIT_REGEX,
  f32BitsToBf16,
  f32BitsToF16,
} from '../../src/index.js';
import { Random } from '../../../../scripts/fixtures/index.js';

export type TinyArch =
  | 'llama'
  | 'llama3'
  | 'mistral'
  | 'mixtral'
  | 'qwen2'
  | 'qwen3'
  | 'gemma'
  | 'gemma2'
  | 'gemma3'
  | 'phi3';

const H = 64; // hidden size
const F = 128; // feed-forward size
const HEADS = 4;
const KV_HEADS = 2;
const HEAD_DIM = 16;
const LAYERS = 2;

/** GPT-2's byte → printable character table, as byte-level BPE vocabularies spell bytes. */
export function bytesToUnicode(): string[] {
  const out: string[] = new Array(256);
  let n = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 33 && b <= 126) || (b >= 161 && b <= 172) || (b >= 174 && b <= 255);
    out[b] = printable ? String.fromCharCode(b) : String.fromCharCode(256 + n++);
  }
  return out;
}

/** A small byte-level BPE tokenizer.json (256 byte tokens, a few merges, special tokens). */
export function tinyBpeTokenizer(
  regex: string,
  specials: string[],
): { json: unknown; size: number } {
  const chars = bytesToUnicode();
  const vocab: Record<string, number> = {};
  chars.forEach((c, i) => (vocab[c] = i));
  const merges: [string, string][] = [
    ['Ġ', 't'],
    ['h', 'e'],
    ['l', 'l'],
    ['Ġt', 'he'],
    ['he', 'll'],
    ['hell', 'o'],
    ['Ġ', 'w'],
    ['o', 'r'],
    ['Ġw', 'or'],
    ['l', 'd'],
    ['Ġwor', 'ld'],
  ];
  for (const [a, b] of merges) vocab[a + b] ??= Object.keys(vocab).length;
  const base = Object.keys(vocab).length;
  const added = specials.map((content, i) => ({
    id: base + i,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  }));
  return {
    size: base + specials.length,
    json: {
      version: '1.0',
      added_tokens: added,
      normalizer: null,
      pre_tokenizer: {
        type: 'Sequence',
        pretokenizers: [
          { type: 'Split', pattern: { Regex: regex }, behavior: 'Isolated', invert: false },
          { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
        ],
      },
      post_processor: null,
      decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
      model: {
        type: 'BPE',
        dropout: null,
        unk_token: null,
        fuse_unk: false,
        byte_fallback: false,
        ignore_merges: false,
        vocab,
        merges,
      },
    },
  };
}

const PHI3_ADDED = [
  '<|endoftext|>',
  '<|assistant|>',
  '<|placeholder1|>',
  '<|placeholder2|>',
  '<|placeholder3|>',
  '<|placeholder4|>',
  '<|system|>',
  '<|end|>',
  '<|placeholder5|>',
  '<|placeholder6|>',
  '<|user|>',
];

interface Weights {
  tensors: SafetensorsTensorInput[];
}

function tensor(
  rng: Random,
  name: string,
  shape: number[],
  dtype: 'F16' | 'BF16' | 'F32',
  scale = 0.05,
  offset = 0,
): SafetensorsTensorInput {
  const n = shape.reduce((a, b) => a * b, 1);
  const f = new Float32Array(n);
  for (let i = 0; i < n; i++) f[i] = offset + (rng.uniform() * 2 - 1) * scale;
  if (dtype === 'F32') return { name, dtype, shape, data: new Uint8Array(f.buffer) };
  const bits = new Uint32Array(f.buffer);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++)
    out[i] = dtype === 'F16' ? f32BitsToF16(bits[i]) : f32BitsToBf16(bits[i]);
  return { name, dtype, shape, data: new Uint8Array(out.buffer) };
}

export interface TinyModel {
  dir: string;
  arch: TinyArch;
  vocabSize: number;
  config: Record<string, unknown>;
}

/**
 * Writes a tiny random model of `arch` in Hugging Face form into `dir`.
 * SentencePiece architectures reuse the tokenizer.model of the tiny-llama
 * fixture (`spmDir`); BPE ones get a small byte-level tokenizer.json.
 */
export async function writeTinyHfModel(
  dir: string,
  arch: TinyArch,
  spmDir: string,
  dtype: 'F16' | 'BF16' | 'F32' = 'BF16',
): Promise<TinyModel> {
  await mkdir(dir, { recursive: true });
  const rng = new Random(arch.length * 7919 + 17);
  const usesBpe = arch === 'qwen2' || arch === 'qwen3' || arch === 'llama3';
  let vocabSize = 32000;
  if (usesBpe) {
    const specials =
      arch === 'llama3'
        ? ['<|begin_of_text|>', '<|end_of_text|>', '<|eot_id|>']
        : ['<|endoftext|>', '<|im_start|>', '<|im_end|>'];
    const tok = tinyBpeTokenizer(
      arch === 'llama3' ? LLAMA3_SPLIT_REGEX : QWEN2_SPLIT_REGEX,
      specials,
    );
    vocabSize = tok.size;
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tok.json));
    await writeFile(
      join(dir, 'tokenizer_config.json'),
      JSON.stringify({
        bos_token: arch === 'llama3' ? specials[0] : null,
        eos_token: specials[arch === 'llama3' ? 2 : 2],
        pad_token: specials[arch === 'llama3' ? 1 : 0],
        add_bos_token: arch === 'llama3',
        chat_template:
          "{% for m in messages %}<|im_start|>{{ m['role'] }}\n{{ m['content'] }}<|im_end|>\n{% endfor %}",
      }),
    );
    if (arch === 'llama3')
      await writeFile(
        join(dir, 'generation_config.json'),
        JSON.stringify({
          bos_token_id: vocabSize - 3,
          eos_token_id: [vocabSize - 2, vocabSize - 1],
        }),
      );
  } else if (arch === 'phi3') {
    // llama.cpp looks up Phi-3's own special tokens by name when loading a model called phi3.
    await copyFile(join(spmDir, 'tokenizer.model'), join(dir, 'tokenizer.model'));
    vocabSize = 32064;
    const decoder: Record<string, unknown> = {};
    PHI3_ADDED.forEach(
      (content, i) =>
        (decoder[String(32000 + i)] = {
          content,
          special: !content.includes('placeholder'),
          normalized: false,
        }),
    );
    await writeFile(
      join(dir, 'tokenizer_config.json'),
      JSON.stringify({
        add_bos_token: true,
        add_eos_token: false,
        bos_token: '<s>',
        eos_token: '<|endoftext|>',
        pad_token: '<|endoftext|>',
        unk_token: '<unk>',
        added_tokens_decoder: decoder,
      }),
    );
  } else {
    await copyFile(join(spmDir, 'tokenizer.model'), join(dir, 'tokenizer.model'));
    await copyFile(join(spmDir, 'tokenizer_config.json'), join(dir, 'tokenizer_config.json'));
  }

  const config: Record<string, unknown> = {
    hidden_size: H,
    intermediate_size: F,
    num_attention_heads: HEADS,
    num_key_value_heads: KV_HEADS,
    num_hidden_layers: LAYERS,
    max_position_embeddings: 256,
    rms_norm_eps: 1e-6,
    rope_theta: 10000,
    vocab_size: vocabSize,
    bos_token_id: usesBpe ? undefined : 1,
    eos_token_id: usesBpe ? vocabSize - 1 : arch === 'phi3' ? 32000 : 2,
    torch_dtype: dtype === 'BF16' ? 'bfloat16' : dtype === 'F16' ? 'float16' : 'float32',
    tie_word_embeddings: false,
  };
  const archName: Record<TinyArch, string> = {
    llama: 'LlamaForCausalLM',
    llama3: 'LlamaForCausalLM',
    mistral: 'MistralForCausalLM',
    mixtral: 'MixtralForCausalLM',
    qwen2: 'Qwen2ForCausalLM',
    qwen3: 'Qwen3ForCausalLM',
    gemma: 'GemmaForCausalLM',
    gemma2: 'Gemma2ForCausalLM',
    gemma3: 'Gemma3ForCausalLM',
    phi3: 'Phi3ForCausalLM',
  };
  config.architectures = [archName[arch]];
  const gemma = arch.startsWith('gemma');
  if (gemma || arch === 'qwen3') config.head_dim = HEAD_DIM;
  if (arch === 'llama3')
    config.rope_scaling = {
      rope_type: 'llama3',
      factor: 8,
      low_freq_factor: 1,
      high_freq_factor: 4,
      original_max_position_embeddings: 64,
    };
  if (arch === 'mistral') config.sliding_window = 128;
  if (arch === 'mixtral') Object.assign(config, { num_local_experts: 4, num_experts_per_tok: 2 });
  if (arch === 'gemma2')
    Object.assign(config, {
      attn_logit_softcapping: 50,
      final_logit_softcapping: 30,
      sliding_window: 64,
      query_pre_attn_scalar: HEAD_DIM,
    });
  if (arch === 'gemma3')
    Object.assign(config, {
      sliding_window: 64,
      sliding_window_pattern: 6,
      rope_local_base_freq: 10000,
      query_pre_attn_scalar: HEAD_DIM,
      final_logit_softcapping: null,
    });
  if (arch === 'phi3')
    Object.assign(config, {
      original_max_position_embeddings: 256,
      rope_scaling: null,
      num_key_value_heads: HEADS,
      sliding_window: 2047,
    });
  await writeFile(join(dir, 'config.json'), JSON.stringify(config, null, 2));

  const w: Weights = { tensors: [] };
  const add = (name: string, shape: number[], scale?: number, offset?: number) =>
    w.tensors.push(tensor(rng, name, shape, dtype, scale, offset));
  const norm = (name: string) => add(name, [H], 0.01, gemma ? 0 : 1); // Gemma stores norm weights as w - 1
  const q = HEADS * HEAD_DIM;
  const kvHeads = arch === 'phi3' ? HEADS : KV_HEADS;
  const kvd = kvHeads * HEAD_DIM;
  add('model.embed_tokens.weight', [vocabSize, H]);
  if (!gemma) add('lm_head.weight', [vocabSize, H]);
  norm('model.norm.weight');
  for (let l = 0; l < LAYERS; l++) {
    const p = `model.layers.${l}.`;
    norm(`${p}input_layernorm.weight`);
    norm(`${p}post_attention_layernorm.weight`);
    if (arch === 'gemma2' || arch === 'gemma3') {
      norm(`${p}pre_feedforward_layernorm.weight`);
      norm(`${p}post_feedforward_layernorm.weight`);
    }
    if (arch === 'phi3') {
      add(`${p}self_attn.qkv_proj.weight`, [q + 2 * kvd, H]);
      add(`${p}mlp.gate_up_proj.weight`, [2 * F, H]);
    } else {
      add(`${p}self_attn.q_proj.weight`, [q, H]);
      add(`${p}self_attn.k_proj.weight`, [kvd, H]);
      add(`${p}self_attn.v_proj.weight`, [kvd, H]);
      if (arch === 'qwen2') {
        add(`${p}self_attn.q_proj.bias`, [q]);
        add(`${p}self_attn.k_proj.bias`, [kvd]);
        add(`${p}self_attn.v_proj.bias`, [kvd]);
      }
      if (arch === 'qwen3' || arch === 'gemma3') {
        add(`${p}self_attn.q_norm.weight`, [HEAD_DIM], 0.01, arch === 'gemma3' ? 0 : 1);
        add(`${p}self_attn.k_norm.weight`, [HEAD_DIM], 0.01, arch === 'gemma3' ? 0 : 1);
      }
      if (arch === 'mixtral') {
        add(`${p}block_sparse_moe.gate.weight`, [4, H]);
        for (let e = 0; e < 4; e++) {
          add(`${p}block_sparse_moe.experts.${e}.w1.weight`, [F, H]);
          add(`${p}block_sparse_moe.experts.${e}.w2.weight`, [H, F]);
          add(`${p}block_sparse_moe.experts.${e}.w3.weight`, [F, H]);
        }
      } else {
        add(`${p}mlp.gate_proj.weight`, [F, H]);
        add(`${p}mlp.up_proj.weight`, [F, H]);
      }
    }
    add(`${p}self_attn.o_proj.weight`, [H, q]);
    if (arch !== 'mixtral') add(`${p}mlp.down_proj.weight`, [H, F]);
  }
  w.tensors.sort((a, b) => a.name.localeCompare(b.name));
  await writeSafetensors(join(dir, 'model.safetensors'), w.tensors, { format: 'pt' });
  return { dir, arch, vocabSize, config };
}
