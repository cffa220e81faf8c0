import { convertError } from './error-codes.js';
import { kv, type GgufKvInput } from '@mfc/gguf';
import type { ArchitectureSpec } from './architectures.js';

type Config = Record<string, unknown>;

/** `config.json` merged with its `text_config` (multimodal wrappers such as Gemma 3), as llama.cpp loads hparams. */
export function mergedConfig(config: Config): Config {
  const text = config.text_config;
  return text && typeof text === 'object' ? { ...config, ...(text as Config) } : config;
}

const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** The first of `keys` present in the config (llama.cpp's `find_hparam`). */
export function findHparam(config: Config, keys: string[]): number | undefined {
  for (const k of keys) {
    const v = num(config[k]);
    if (v !== undefined) return v;
  }
  return undefined;
}

function required(config: Config, keys: string[], configPath: string): number {
  const v = findHparam(config, keys);
  if (v === undefined) {
    throw convertError('CONVERT_BAD_CONFIG', `${configPath} lacks ${keys.join(' / ')}`, {
      location: { file: configPath },
    });
  }
  return v;
}

/** RoPE settings, from `rope_parameters` (transformers ≥ 5) or `rope_scaling` plus top-level `rope_theta`. */
export function ropeParameters(config: Config): Config {
  const raw = (config.rope_parameters ?? config.rope_scaling ?? {}) as Config;
  const full = (raw.full_attention as Config | undefined) ?? raw;
  const out: Config = { ...full };
  if (out.rope_theta === undefined && config.rope_theta !== undefined)
    out.rope_theta = config.rope_theta;
  if (out.rope_type === undefined && out.type !== undefined) out.rope_type = out.type;
  if (
    out.original_max_position_embeddings === undefined &&
    config.original_max_position_embeddings !== undefined
  ) {
    out.original_max_position_embeddings = config.original_max_position_embeddings;
  }
  return out;
}

export function blockCount(config: Config, configPath: string): number {
  return required(config, ['num_hidden_layers', 'n_layers', 'n_layer'], configPath);
}

/**
 * The architecture's `<arch>.*` metadata, following the model classes of
 * llama.cpp's converter (`TextModel.set_gguf_parameters` and overrides).
 * Keys set twice keep their first position, as in gguf-py.
 */
export function architectureKvs(
  spec: ArchitectureSpec,
  config: Config,
  configPath: string,
): GgufKvInput[] {
  const a = spec.arch;
  const out = new Map<string, GgufKvInput>();
  const put = (e: GgufKvInput) => out.set(e.key, e);
  const u32 = (key: string, v: number | undefined) =>
    v !== undefined && put(kv.u32(`${a}.${key}`, Math.trunc(v)));
  const f32 = (key: string, v: number | undefined) =>
    v !== undefined && put(kv.f32(`${a}.${key}`, v));
  const rope = ropeParameters(config);
  const nHead = required(config, ['num_attention_heads', 'n_head', 'n_heads'], configPath);
  const hidden = required(config, ['hidden_size', 'n_embd', 'dim'], configPath);
  const blocks = blockCount(config, configPath);

  if (a === 'gemma' || a === 'gemma2') {
    u32('context_length', required(config, ['max_position_embeddings'], configPath));
    u32('embedding_length', hidden);
    u32('block_count', blocks);
    u32('feed_forward_length', required(config, ['intermediate_size'], configPath));
    u32('attention.head_count', nHead);
    u32('attention.head_count_kv', findHparam(config, ['num_key_value_heads']) ?? nHead);
    f32('attention.layer_norm_rms_epsilon', required(config, ['rms_norm_eps'], configPath));
    u32('attention.key_length', required(config, ['head_dim'], configPath));
    u32('attention.value_length', required(config, ['head_dim'], configPath));
    if (a === 'gemma2') {
      f32('attn_logit_softcapping', required(config, ['attn_logit_softcapping'], configPath));
      f32('final_logit_softcapping', required(config, ['final_logit_softcapping'], configPath));
      u32('attention.sliding_window', required(config, ['sliding_window'], configPath));
    }
    return [...out.values()];
  }

  if (a === 'phi3') {
    const nKv = required(config, ['num_key_value_heads', 'n_head_kv'], configPath);
    const maxPos = required(config, ['n_positions', 'max_position_embeddings'], configPath);
    const orig = num(rope.original_max_position_embeddings);
    if (orig === undefined) {
      throw convertError(
        'CONVERT_BAD_CONFIG',
        `${configPath} lacks original_max_position_embeddings (Phi-3)`,
        { location: { file: configPath } },
      );
    }
    const rotPct = num(rope.partial_rotary_factor) ?? 1;
    u32('context_length', maxPos);
    u32('rope.scaling.original_context_length', orig);
    u32('embedding_length', hidden);
    u32('feed_forward_length', required(config, ['intermediate_size'], configPath));
    u32('block_count', blocks);
    u32('attention.head_count', nHead);
    u32('attention.head_count_kv', nKv);
    f32('attention.layer_norm_rms_epsilon', required(config, ['rms_norm_eps'], configPath));
    u32('rope.dimension_count', Math.floor(Math.floor(rotPct * hidden) / nHead));
    f32('rope.freq_base', required(rope, ['rope_theta'], configPath));
    u32('attention.sliding_window', num(config.sliding_window) ?? 0);
    const longFactors = rope.long_factor;
    if (Array.isArray(longFactors) && longFactors.length > 0) {
      const scale = maxPos / orig;
      const type = String(rope.rope_type ?? '').toLowerCase();
      const attn =
        type === 'su' || type === 'longrope'
          ? scale > 1
            ? Math.sqrt(1 + Math.log(scale) / Math.log(orig))
            : 1
          : type === 'yarn'
            ? scale > 1
              ? 0.1 * Math.log(scale) + 1
              : 1
            : undefined;
      if (attn === undefined) {
        throw convertError(
          'CONVERT_BAD_CONFIG',
          `${configPath}: rope scaling type "${type}" is not supported for Phi-3`,
          { location: { file: configPath } },
        );
      }
      f32('rope.scaling.attn_factor', attn);
    }
    return [...out.values()];
  }

  // TextModel.set_gguf_parameters: Llama, Mistral, Mixtral, Qwen2, Qwen3, Gemma 3.
  u32('block_count', blocks);
  u32(
    'context_length',
    findHparam(config, [
      'max_position_embeddings',
      'n_ctx',
      'n_positions',
      'max_length',
      'max_sequence_length',
      'model_max_length',
    ]),
  );
  u32('embedding_length', hidden);
  u32('feed_forward_length', findHparam(config, ['intermediate_size', 'n_inner', 'hidden_dim']));
  u32('attention.head_count', nHead);
  u32('attention.head_count_kv', findHparam(config, ['num_key_value_heads', 'n_kv_heads']));
  const ropeType = typeof rope.rope_type === 'string' ? rope.rope_type : undefined;
  const factor = num(rope.factor);
  if (ropeType === 'linear' && factor !== undefined) {
    put(kv.string(`${a}.rope.scaling.type`, 'linear'));
    f32('rope.scaling.factor', factor);
  } else if (ropeType === 'yarn' && factor !== undefined) {
    put(kv.string(`${a}.rope.scaling.type`, 'yarn'));
    f32('rope.scaling.factor', factor);
    u32(
      'rope.scaling.original_context_length',
      required(rope, ['original_max_position_embeddings'], configPath),
    );
    f32('rope.scaling.yarn_ext_factor', num(rope.extrapolation_factor));
    f32('rope.scaling.yarn_attn_factor', num(rope.attention_factor) ?? num(rope.attn_factor));
    f32('rope.scaling.yarn_beta_fast', num(rope.beta_fast));
    f32('rope.scaling.yarn_beta_slow', num(rope.beta_slow));
  } else if (ropeType === 'su' || ropeType === 'longrope') {
    put(kv.string(`${a}.rope.scaling.type`, 'longrope'));
  }
  f32('rope.freq_base', num(rope.rope_theta));
  f32('attention.layer_norm_rms_epsilon', findHparam(config, ['rms_norm_eps', 'norm_eps']));
  f32(
    'attention.layer_norm_epsilon',
    findHparam(config, ['layer_norm_eps', 'layer_norm_epsilon', 'norm_epsilon']),
  );
  u32('expert_count', findHparam(config, ['num_local_experts', 'num_experts', 'n_routed_experts']));
  u32(
    'expert_used_count',
    findHparam(config, ['num_experts_per_tok', 'num_experts_per_token', 'top_k_experts']),
  );
  const headDim = num(config.head_dim);
  if (headDim !== undefined) {
    u32('attention.key_length', headDim);
    u32('attention.value_length', headDim);
  }
  if (a === 'llama') {
    u32('vocab_size', required(config, ['vocab_size'], configPath));
    u32('rope.dimension_count', headDim ?? Math.floor(hidden / nHead));
  }
  if (a === 'gemma3') {
    u32('context_length', num(config.max_position_embeddings) ?? 131072);
    u32('attention.head_count', num(config.num_attention_heads) ?? 8);
    f32('attention.layer_norm_rms_epsilon', num(config.rms_norm_eps) ?? 1e-6);
    u32('attention.key_length', headDim ?? 256);
    u32('attention.value_length', headDim ?? 256);
    f32('rope.freq_base', num(rope.rope_theta) ?? 1_000_000);
    if (config.attn_logit_softcapping !== undefined && config.attn_logit_softcapping !== null) {
      throw convertError(
        'CONVERT_BAD_CONFIG',
        `${configPath}: Gemma 3 has no attn_logit_softcapping`,
        { location: { file: configPath } },
      );
    }
    const cap = num(config.final_logit_softcapping);
    if (cap) f32('final_logit_softcapping', cap);
    if (config.sliding_window_pattern !== 1)
      u32('attention.sliding_window', required(config, ['sliding_window'], configPath));
    u32('attention.head_count_kv', num(config.num_key_value_heads) ?? 4);
  }
  return [...out.values()];
}

/**
 * llama.cpp's `rope_freqs` factors for Llama 3.1-style (`rope_type: llama3`)
 * scaling, or undefined when the model does not use it.
 */
export function llama3RopeFactors(config: Config): Float32Array | undefined {
  const rope = ropeParameters(config);
  if (String(rope.rope_type ?? '').toLowerCase() !== 'llama3') return undefined;
  const base = num(rope.rope_theta) ?? 10000;
  const nHead = num(config.num_attention_heads)!;
  const dim = num(config.head_dim) ?? Math.floor(num(config.hidden_size)! / nHead);
  const factor = num(rope.factor) ?? 8;
  const low = num(rope.low_freq_factor) ?? 1;
  const high = num(rope.high_freq_factor) ?? 4;
  const oldCtx = num(rope.original_max_position_embeddings) ?? 8192;
  const lowWavelen = oldCtx / low;
  const highWavelen = oldCtx / high;
  const out = new Float32Array(dim / 2);
  for (let i = 0; i < dim / 2; i++) {
    // torch computes the frequency in float32: base ** (arange(0, dim, 2) / dim)
    const freq = Math.fround(1 / Math.fround(Math.pow(base, Math.fround((2 * i) / dim))));
    const wavelen = (2 * Math.PI) / freq;
    if (wavelen < highWavelen) out[i] = 1;
    else if (wavelen > lowWavelen) out[i] = factor;
    else {
      const smooth = (oldCtx / wavelen - low) / (high - low);
      out[i] = 1 / ((1 - smooth) / factor + smooth);
    }
  }
  return out;
}
