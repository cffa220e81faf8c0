import { join } from 'node:path';
import { openGguf, type GgufFile } from '@mfc/gguf';
import {
  mergeLoraAdapters,
  parseQuantType,
  quantizeGguf,
  type FindToolOptions,
} from '@mfc/llama-cpp';

/**
 * The flags of `mfc build` that rewrite the model GGUF before it is stored
 * (`--quantize`, `--imatrix`, … `--merge-adapters`). When none is given the
 * file is stored verbatim. llama.cpp's tools do the work; the policy — order,
 * no-op cases, Ollama's per-architecture overrides — is the builder's.
 */
/** `env`: where llama.cpp's tools and mfc's cache folder are found (`MFC_CACHE_DIR`, `MFC_CACHE_MAX`). */
export interface ModelTransformOptions extends Pick<FindToolOptions, 'llamaCppDir' | 'env'> {
  /** llama-quantize type, any case (`--quantize`/`-q`, `$MFC_QUANTIZE`). */
  quantize?: string;
  imatrix?: string;
  allowRequantize?: boolean;
  leaveOutputTensor?: boolean;
  outputTensorType?: string;
  tokenEmbeddingType?: string;
  tensorTypes?: string[];
  /** Merge the ADAPTER into the model weights instead of storing it as a layer (`--merge-adapters`). */
  mergeAdapters?: boolean;
  /** Use the quantize result cache (default true). */
  cache?: boolean;
}

export interface TransformInput {
  path: string;
  /** The model's header, when the caller has it open (saves reading it again). */
  gguf?: GgufFile;
  /** The model's digest when known (a store blob): the quantize cache need not hash it. */
  digest?: string;
  /** A folder for output files; the builder adopts what it finds there into the store. */
  workDir: string;
  onStatus?: (message: string) => void;
  onWarning?: (message: string) => void;
  /** Quantization progress: tensors done out of the model's total. */
  onTensor?: (done: number, total: number) => void;
  /** GGUF LoRA adapters to merge into the weights (with `mergeAdapters`). */
  adapters?: string[];
  /**
   * The quantize cache entry of the result, a hard link to the output (the
   * builder adopts the output into the store, never edits it): once the
   * output is a blob, `shareCacheEntry` keeps the two one file.
   */
  onCacheEntry?: (path: string) => void;
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

/**
 * Rewrites a model GGUF: merges the adapters into it (llama-export-lora),
 * then quantizes (llama-quantize, cached). Returns the new file in
 * `workDir`, or undefined to keep the input as is.
 */
export async function transformModelGguf(
  input: TransformInput,
  options: ModelTransformOptions,
): Promise<string | undefined> {
  const adapters = options.mergeAdapters ? (input.adapters ?? []) : [];
  if (!options.quantize && adapters.length === 0) return undefined;
  // Fail on a bad type before a slow merge.
  const type = options.quantize ? parseQuantType(options.quantize) : undefined;
  const tools = { llamaCppDir: options.llamaCppDir, env: options.env };
  let path = input.path;
  if (adapters.length > 0) {
    const out = join(input.workDir, 'model-merged.gguf');
    input.onStatus?.(`merging ${adapters.length} adapter(s) into the model with llama-export-lora`);
    await mergeLoraAdapters({
      ...tools,
      base: path,
      adapters: adapters.map((p) => ({ path: p })),
      output: out,
    });
    path = out;
  }
  if (!type) return path;
  const source = path === input.path && input.gguf ? input.gguf : await openGguf(path);
  if (adapters.length === 0 && source.fileType === type.fileType) {
    // As Ollama: asking for the type the model already has changes nothing.
    input.onStatus?.(`the model is already ${type.name}; not quantizing`);
    return undefined;
  }
  const out = join(input.workDir, `model-${type.name}.gguf`);
  input.onStatus?.(`quantizing to ${type.name} with llama-quantize`);
  const r = await quantizeGguf(
    {
      ...tools,
      input: path,
      output: out,
      type: type.name,
      imatrix: options.imatrix,
      allowRequantize: options.allowRequantize,
      leaveOutputTensor: options.leaveOutputTensor,
      outputTensorType: options.outputTensorType,
      tokenEmbeddingType: options.tokenEmbeddingType,
      tensorTypes: [
        ...(options.tensorTypes ?? []),
        ...ollamaTensorOverrides(source.architecture, type.name),
      ],
      cache: options.cache,
      shareOutput: true,
      ...(path === input.path && input.digest ? { inputDigest: input.digest } : {}),
    },
    (e) => {
      if (e.kind === 'warning') input.onWarning?.(e.message);
      if (e.kind === 'tensor') input.onTensor?.(e.index, e.total);
    },
  );
  if (r.cached) input.onStatus?.(`using the cached ${type.name} result`);
  if (r.cacheEntry) input.onCacheEntry?.(r.cacheEntry);
  return out;
}
