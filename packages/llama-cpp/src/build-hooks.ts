import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MfcError, type Location } from '@mfc/diagnostics';
import { openGguf } from '@mfc/gguf';
import { checkLoraAdapter, type LoraAdapterInfo } from './lora/check.js';
import { mergeLoraAdapters } from './lora/merge.js';
import { convertPeftToGguf, isPeftAdapter } from './lora/peft.js';
import { parseQuantType } from './quant-types.js';
import { quantizeGguf, type QuantizeProgress } from './quantize.js';
import type { FindToolOptions } from './find-tool.js';

/** What `mfc build` can ask of the model GGUF (flags `--quantize`, `--imatrix`, … `--merge-adapters`). */
export interface ModelGgufTransform extends FindToolOptions {
  /** llama-quantize type, any case (`--quantize`/`-q`, `$MFC_QUANTIZE`). */
  quantize?: string;
  imatrix?: string;
  allowRequantize?: boolean;
  leaveOutputTensor?: boolean;
  outputTensorType?: string;
  tokenEmbeddingType?: string;
  tensorTypes?: string[];
  /** GGUF LoRA adapters to merge into the weights (`--merge-adapters`), before quantizing. */
  mergeAdapters?: { path: string; scale?: number }[];
  /** The model file's digest, if known (saves hashing it for the quantize cache). */
  inputDigest?: string;
  /** Use the quantize result cache (default true), and where. */
  cache?: boolean;
  cacheDir?: string;
}

export interface TransformTarget {
  /** The model GGUF. */
  path: string;
  /** A folder for the files written (the builder adopts them into its store). */
  workDir: string;
  onStatus?: (message: string) => void;
  onWarning?: (message: string) => void;
  onProgress?: QuantizeProgress;
}

/**
 * The per-architecture `--tensor-type` overrides Ollama passes for Q4_K_S and
 * Q4_K_M (`server/quantization.go`), so mfc builds quantize the same way.
 */
export function ollamaTensorOverrides(architecture: string | undefined, type: string): string[] {
  if (type !== 'Q4_K_S' && type !== 'Q4_K_M') return [];
  switch (architecture) {
    case 'qwen35':
    case 'qwen35moe':
      return ['^blk\\.[0-9]+\\.nextn\\.eh_proj\\.weight$=q8_0'];
    case 'gemma3n':
      return ['^per_layer_token_embd\\.weight$=f16'];
    case 'deepseek2':
      return ['(attn_k_b|attn_q_a|attn_q_b|attn_v_b|attn_kv_a_mqa)\\.weight=q8_0'];
    case 'glmocr':
    case 'glm4':
      return ['^token_embd\\.weight$=f16', '^output\\.weight$=f16'];
    default:
      return [];
  }
}

/** True when the transform changes the model file at all. */
export function wantsModelTransform(t: ModelGgufTransform): boolean {
  return Boolean(t.quantize) || (t.mergeAdapters?.length ?? 0) > 0;
}

/**
 * Rewrites a model GGUF for `mfc build`: merges adapters into it (with
 * llama-export-lora), then quantizes (with llama-quantize, cached). Returns
 * the new file in `workDir`, or undefined when nothing was asked.
 */
export async function transformModelForBuild(
  target: TransformTarget,
  t: ModelGgufTransform,
): Promise<string | undefined> {
  if (!wantsModelTransform(t)) return undefined;
  // Fail on a bad type before a slow merge.
  const type = t.quantize ? parseQuantType(t.quantize) : undefined;
  let path = target.path;
  if (t.mergeAdapters?.length) {
    const out = join(target.workDir, 'model-merged.gguf');
    target.onStatus?.(
      `merging ${t.mergeAdapters.length} adapter(s) into the model with llama-export-lora`,
    );
    await mergeLoraAdapters({ ...t, base: path, adapters: t.mergeAdapters, output: out });
    path = out;
  }
  const source = type ? await openGguf(path) : undefined;
  if (type && source && !t.mergeAdapters?.length && source.fileType === type.fileType) {
    // As Ollama: asking for the type the model already has changes nothing.
    target.onStatus?.(`the model is already ${type.name}; not quantizing`);
    return undefined;
  }
  if (type && source) {
    const out = join(target.workDir, `model-${type.name}.gguf`);
    target.onStatus?.(`quantizing to ${type.name} with llama-quantize`);
    const r = await quantizeGguf(
      {
        ...t,
        input: path,
        output: out,
        type: type.name,
        tensorTypes: [
          ...(t.tensorTypes ?? []),
          ...ollamaTensorOverrides(source.architecture, type.name),
        ],
        // A merged file is new: its digest is not the caller's.
        inputDigest: path === target.path ? t.inputDigest : undefined,
      },
      (e) => {
        if (e.kind === 'warning') target.onWarning?.(e.message);
        target.onProgress?.(e);
      },
    );
    if (r.cached) target.onStatus?.(`using the cached ${type.name} result`);
    path = out;
  }
  return path;
}

export interface PreparedAdapter {
  /** A GGUF LoRA adapter that fits the base. */
  path: string;
  /** True when it was converted from a PEFT adapter into `workDir`. */
  converted: boolean;
  info: LoraAdapterInfo;
}

/**
 * Makes an `ADAPTER` source usable: a PEFT folder or safetensors file is
 * converted to a GGUF LoRA in `workDir`; a GGUF adapter is checked against
 * the base (architecture, tensor names, shapes). Errors carry `location`.
 */
export async function prepareAdapterForBuild(options: {
  source: string;
  base: string;
  workDir: string;
  location?: Location;
  index?: number;
}): Promise<PreparedAdapter> {
  const { source, base } = options;
  if (!existsSync(source)) {
    throw new MfcError('ADAPTER_NOT_FOUND', `no such adapter: ${source}`, {
      location: options.location ?? { file: source },
    });
  }
  try {
    if (isPeftAdapter(source)) {
      const out = join(options.workDir, `adapter-${options.index ?? 0}.gguf`);
      await convertPeftToGguf({ peft: source, base, output: out });
      return { path: out, converted: true, info: await checkLoraAdapter(out, base) };
    }
    if (statSync(source).isDirectory()) {
      throw new MfcError(
        'ADAPTER_UNKNOWN_FORMAT',
        `${source} is a folder without adapter_config.json`,
        {
          hint: 'an ADAPTER is a GGUF LoRA, or a PEFT folder (adapter_config.json + adapter_model.safetensors)',
        },
      );
    }
    return { path: source, converted: false, info: await checkLoraAdapter(source, base) };
  } catch (err) {
    if (err instanceof MfcError && options.location && !err.location.range) {
      throw new MfcError(err.code, err.message, {
        hint: err.hint,
        location: { ...err.location, ...options.location },
        cause: err,
      });
    }
    throw err;
  }
}
