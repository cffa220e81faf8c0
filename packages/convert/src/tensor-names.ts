import type { ArchitectureSpec } from './architectures.js';

/** Where a Hugging Face tensor goes in the GGUF file. */
export type TensorTarget =
  | { kind: 'tensor'; name: string; block?: number; role?: 'q' | 'k' }
  /** One expert's slice of a stacked Mixtral tensor. */
  | { kind: 'expert'; name: string; block: number; expert: number }
  | { kind: 'skip' };

/** Mixtral's w1/w2/w3 expert matrices and where llama.cpp stacks them. */
const EXPERT_TARGET: Record<string, string> = {
  w1: 'ffn_gate_exps',
  w2: 'ffn_down_exps',
  w3: 'ffn_up_exps',
};

/**
 * Strips multimodal wrappers (`model.language_model.`, `language_model.model.`)
 * so a text model inside them maps like a plain one; returns undefined for
 * vision/audio parts, which a text conversion leaves out.
 */
function textModelName(name: string): string | undefined {
  if (/^(model\.)?(vision_tower|multi_modal_projector|vision_model|audio_tower)\./.test(name))
    return undefined;
  if (name.startsWith('model.language_model.'))
    return `model.${name.slice('model.language_model.'.length)}`;
  if (name.startsWith('language_model.model.'))
    return `model.${name.slice('language_model.model.'.length)}`;
  if (name.startsWith('language_model.')) return name.slice('language_model.'.length);
  return name;
}

/**
 * The GGUF name of a Hugging Face tensor (as gguf-py's `TensorNameMap`
 * gives for these architectures), `skip`, or undefined when unknown.
 */
export function mapTensorName(spec: ArchitectureSpec, hfName: string): TensorTarget | undefined {
  const name = textModelName(hfName);
  if (name === undefined) return { kind: 'skip' };
  if (/\.(rotary_emb\.inv_freq|attention\.masked_bias|attention\.bias)$/.test(name))
    return { kind: 'skip' };
  if (name === 'model.embed_tokens.weight') return { kind: 'tensor', name: 'token_embd.weight' };
  if (name === 'model.norm.weight') return { kind: 'tensor', name: 'output_norm.weight' };
  if (name === 'lm_head.weight')
    return spec.dropLmHead ? { kind: 'skip' } : { kind: 'tensor', name: 'output.weight' };
  const m = /^model\.layers\.(\d+)\.(.+)\.(weight|bias)$/.exec(name);
  if (!m) return undefined;
  const block = Number(m[1]);
  const part = m[2];
  const suffix = m[3];
  const expert = /^block_sparse_moe\.experts\.(\d+)\.(w[123])$/.exec(part);
  if (expert && suffix === 'weight') {
    return {
      kind: 'expert',
      name: `blk.${block}.${EXPERT_TARGET[expert[2]]}.weight`,
      block,
      expert: Number(expert[1]),
    };
  }
  const simple: Record<string, string> = {
    input_layernorm: 'attn_norm',
    'self_attn.q_proj': 'attn_q',
    'self_attn.k_proj': 'attn_k',
    'self_attn.v_proj': 'attn_v',
    'self_attn.o_proj': 'attn_output',
    'self_attn.qkv_proj': 'attn_qkv',
    'self_attn.q_norm': 'attn_q_norm',
    'self_attn.k_norm': 'attn_k_norm',
    post_attention_layernorm: spec.sandwichNorms ? 'post_attention_norm' : 'ffn_norm',
    'mlp.gate_proj': 'ffn_gate',
    'mlp.up_proj': 'ffn_up',
    'mlp.down_proj': 'ffn_down',
    'mlp.gate_up_proj': 'ffn_up',
    'block_sparse_moe.gate': 'ffn_gate_inp',
  };
  if (spec.sandwichNorms) {
    simple.pre_feedforward_layernorm = 'ffn_norm';
    simple.post_feedforward_layernorm = 'post_ffw_norm';
  }
  const target = simple[part];
  if (!target) return undefined;
  const role = part === 'self_attn.q_proj' ? 'q' : part === 'self_attn.k_proj' ? 'k' : undefined;
  return { kind: 'tensor', name: `blk.${block}.${target}.${suffix}`, block, role };
}
