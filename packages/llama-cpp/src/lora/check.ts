import type { MfcError } from '@mfc/diagnostics';
import { llamaCppError, type LlamaCppErrorCode } from '../error-codes.js';
import { openGguf, type GgufFile, type GgufTensorInfo } from '@mfc/gguf';

export interface LoraAdapterInfo {
  architecture: string;
  /** `adapter.lora.alpha` (0 when absent: llama.cpp then uses the user scale alone). */
  alpha: number;
  /** Ranks found (usually one). */
  ranks: number[];
  /** Base tensors the adapter changes. */
  targets: string[];
}

const LORA_SUFFIX = /\.lora_(a|b)$/;

function adapterError(
  code: LlamaCppErrorCode,
  message: string,
  adapter: string,
  hint?: string,
  byteOffset?: number,
): MfcError {
  return llamaCppError(code, message, { hint, location: { file: adapter, byteOffset } });
}

/** Reads and validates the adapter-only part: type keys and a/b pairs. */
export function describeLoraAdapter(
  adapter: GgufFile,
): LoraAdapterInfo & { pairs: Map<string, { a?: GgufTensorInfo; b?: GgufTensorInfo }> } {
  const file = adapter.source;
  const generalType = adapter.get('general.type');
  if (generalType !== 'adapter') {
    throw adapterError(
      'ADAPTER_NOT_LORA',
      `${file} is not a LoRA adapter (general.type is ${generalType === undefined ? 'missing' : `"${String(generalType)}"`}, expected "adapter")`,
      file,
      'an ADAPTER must be a GGUF LoRA (convert_lora_to_gguf.py output) or a PEFT folder',
    );
  }
  const adapterType = adapter.get('adapter.type');
  if (adapterType !== 'lora') {
    throw adapterError(
      'ADAPTER_NOT_LORA',
      `${file} is a "${String(adapterType)}" adapter; only "lora" adapters are supported`,
      file,
    );
  }
  if (!adapter.architecture) {
    throw adapterError('ADAPTER_NO_ARCHITECTURE', `${file} has no general.architecture`, file);
  }
  const pairs = new Map<string, { a?: GgufTensorInfo; b?: GgufTensorInfo }>();
  for (const t of adapter.tensors) {
    const m = LORA_SUFFIX.exec(t.name);
    if (!m) {
      // mergekit-extract-lora adds norm weights; llama.cpp refuses any other tensor.
      if (/_norm\.weight$/.test(t.name)) continue;
      throw adapterError(
        'ADAPTER_BAD_TENSOR',
        `LoRA tensor '${t.name}' has an unexpected suffix (expected .lora_a or .lora_b)`,
        file,
        undefined,
        t.infoOffset,
      );
    }
    const base = t.name.slice(0, -'.lora_a'.length);
    const pair = pairs.get(base) ?? {};
    pair[m[1] as 'a' | 'b'] = t;
    pairs.set(base, pair);
  }
  const ranks = new Set<number>();
  for (const [base, pair] of pairs) {
    if (!pair.a || !pair.b) {
      throw adapterError(
        'ADAPTER_UNPAIRED',
        `LoRA tensor pair for '${base}' is missing its lora_${pair.a ? 'b' : 'a'}`,
        file,
      );
    }
    ranks.add(base.endsWith('token_embd.weight') ? pair.a.shape[0] : pair.a.shape[1]);
  }
  const alphaValue = adapter.get('adapter.lora.alpha');
  return {
    architecture: adapter.architecture,
    alpha: typeof alphaValue === 'number' ? alphaValue : 0,
    ranks: [...ranks].sort((x, y) => x - y),
    targets: [...pairs.keys()],
    pairs,
  };
}

/**
 * Checks that a GGUF LoRA adapter applies to a base model the way llama.cpp
 * checks it when loading (`llama_adapter_lora_init`): adapter type,
 * architecture, every a/b pair present, every target tensor in the base,
 * shapes that fit (hence the embedding size). Throws an `MfcError` naming the
 * first problem; returns what the adapter is.
 */
export async function checkLoraAdapter(
  adapterPath: string,
  basePath: string,
): Promise<LoraAdapterInfo> {
  const adapter = await openGguf(adapterPath);
  const base = await openGguf(basePath);
  const info = describeLoraAdapter(adapter);
  if (base.get('general.type') === 'adapter') {
    throw adapterError(
      'ADAPTER_BASE_IS_ADAPTER',
      `the base ${basePath} is itself an adapter`,
      basePath,
    );
  }
  if (info.architecture !== base.architecture) {
    throw adapterError(
      'ADAPTER_ARCH_MISMATCH',
      `adapter ${adapterPath} is for "${info.architecture}" models but the base model is "${base.architecture}"`,
      adapterPath,
      'use the adapter with the base model it was trained on',
    );
  }
  const baseTensors = new Map(base.tensors.map((t) => [t.name, t]));
  for (const [name, { a, b }] of info.pairs) {
    const w = baseTensors.get(name);
    if (!w) {
      throw adapterError(
        'ADAPTER_TENSOR_NOT_IN_BASE',
        `LoRA tensor '${name}' does not exist in the base model`,
        adapterPath,
        'is it the right base model?',
        a!.infoOffset,
      );
    }
    const [inDim, outDim] = [w.shape[0], w.shape[1] ?? 1];
    const embd = name.endsWith('token_embd.weight');
    // ggml shapes: a = [n_in, r], b = [r, n_out]; token_embd's a is transposed.
    const fits = embd
      ? inDim === b!.shape[1] && outDim === a!.shape[1]
      : inDim === a!.shape[0] && outDim === b!.shape[1];
    if (!fits) {
      throw adapterError(
        'ADAPTER_SHAPE_MISMATCH',
        `LoRA tensor '${name}' does not fit the base: lora_a [${a!.shape}] and lora_b [${b!.shape}] against [${w.shape}]`,
        adapterPath,
        `the adapter was made for a model with other dimensions (base embedding size ${base.get(`${base.architecture}.embedding_length`) ?? inDim})`,
        a!.infoOffset,
      );
    }
    if (!embd && a!.shape[1] !== b!.shape[0]) {
      throw adapterError(
        'ADAPTER_SHAPE_MISMATCH',
        `LoRA tensor '${name}': lora_a [${a!.shape}] and lora_b [${b!.shape}] disagree on the rank`,
        adapterPath,
        undefined,
        b!.infoOffset,
      );
    }
  }
  const { pairs: _pairs, ...result } = info;
  return result;
}
