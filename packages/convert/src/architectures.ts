import { convertError } from './error-codes.js';
import type { VocabPolicy } from './vocab.js';

/** How one Hugging Face architecture becomes a llama.cpp one. */
export interface ArchitectureSpec {
  /** `config.json` `architectures[0]` values. */
  hfNames: string[];
  /** `general.architecture`. */
  arch: 'llama' | 'qwen2' | 'qwen3' | 'gemma' | 'gemma2' | 'gemma3' | 'phi3';
  /** Undo HF's q/k row order for llama.cpp's interleaved RoPE (Llama, Mistral, Mixtral). */
  permuteQK: boolean;
  /** Gemma stores RMSNorm weights as w - 1; llama.cpp wants w. */
  normPlusOne: boolean;
  /** Gemma ties output to token_embd and ignores any lm_head. */
  dropLmHead: boolean;
  /** Gemma 2/3 have four norms per block. */
  sandwichNorms: boolean;
  vocab: VocabPolicy;
  noSpacePrefix: boolean;
}

const base = {
  permuteQK: false,
  normPlusOne: false,
  dropLmHead: false,
  sandwichNorms: false,
  vocab: 'spm-then-bpe' as VocabPolicy,
  noSpacePrefix: false,
};

export const ARCHITECTURES: ArchitectureSpec[] = [
  {
    ...base,
    hfNames: ['LlamaForCausalLM', 'LLaMAForCausalLM', 'MistralForCausalLM', 'MixtralForCausalLM'],
    arch: 'llama',
    permuteQK: true,
  },
  { ...base, hfNames: ['Qwen2ForCausalLM'], arch: 'qwen2' },
  { ...base, hfNames: ['Qwen3ForCausalLM'], arch: 'qwen3' },
  {
    ...base,
    hfNames: ['GemmaForCausalLM'],
    arch: 'gemma',
    normPlusOne: true,
    dropLmHead: true,
    vocab: 'spm',
    noSpacePrefix: true,
  },
  {
    ...base,
    hfNames: ['Gemma2ForCausalLM'],
    arch: 'gemma2',
    normPlusOne: true,
    dropLmHead: true,
    sandwichNorms: true,
    vocab: 'spm',
    noSpacePrefix: true,
  },
  {
    ...base,
    hfNames: ['Gemma3ForCausalLM', 'Gemma3ForConditionalGeneration'],
    arch: 'gemma3',
    normPlusOne: true,
    sandwichNorms: true,
    noSpacePrefix: true,
  },
  { ...base, hfNames: ['Phi3ForCausalLM'], arch: 'phi3', vocab: 'spm' },
];

export const SUPPORTED_HF_ARCHITECTURES = ARCHITECTURES.flatMap((a) => a.hfNames);

/** The spec for `config.json`'s `architectures[0]`; throws before anything large is read. */
export function architectureFor(
  config: Record<string, unknown>,
  configPath: string,
): ArchitectureSpec {
  const list = config.architectures;
  const name = Array.isArray(list) && typeof list[0] === 'string' ? list[0] : undefined;
  if (!name) {
    throw convertError(
      'CONVERT_UNKNOWN_ARCHITECTURE',
      `${configPath} names no architecture ("architectures" is missing or empty)`,
      {
        location: { file: configPath },
        hint: `supported: ${SUPPORTED_HF_ARCHITECTURES.join(', ')}`,
      },
    );
  }
  const spec = ARCHITECTURES.find((a) => a.hfNames.includes(name));
  if (!spec) {
    throw convertError(
      'CONVERT_UNSUPPORTED_ARCHITECTURE',
      `mfc cannot convert architecture "${name}" (${configPath})`,
      {
        location: { file: configPath },
        hint: `supported: ${SUPPORTED_HF_ARCHITECTURES.join(', ')}; or convert with llama.cpp's convert_hf_to_gguf.py and build FROM the GGUF`,
      },
    );
  }
  return spec;
}
