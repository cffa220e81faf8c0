import { catalogueError, type CatalogueErrorOptions, type ErrorCatalogue } from '@mfc/diagnostics';

const IMATRIX_HINT = 'pass --imatrix FILE (made with llama-imatrix)';

/**
 * Every error code @mfc/llama-cpp throws, what it means, and the hint shown
 * when the thrower gives none. `LlamaCppErrorCode` is the typed union; a test
 * checks that every code in src/ is here and every entry is used.
 * `ADAPTER_NOT_FOUND` is also the builder's (its `BUILD_ADAPTER_NOT_FOUND`
 * meant the same: the ADAPTER file does not exist).
 */
export const llamaCppErrors = {
  MODEL_NOT_FOUND: { summary: 'the model (GGUF) file given does not exist' },
  ADAPTER_NOT_FOUND: { summary: 'the adapter file or folder given does not exist' },
  IMATRIX_NOT_FOUND: { summary: 'the importance matrix file given does not exist' },
  LLAMA_TOOL_NOT_FOUND: {
    summary: 'a llama.cpp tool is neither in the folder given, nor on PATH, nor buildable',
    hint: 'run `mfc doctor` to see which llama.cpp tools mfc finds',
  },
  LLAMA_TOOL_NOT_BUILT: {
    summary: 'a llama.cpp tool mfc builds has not been built yet',
    hint: 'mfc builds it on first use (or run `mfc doctor --build`)',
  },
  LLAMA_TOOL_UNKNOWN: { summary: 'a llama.cpp tool mfc has no build recipe for' },
  LLAMA_TOOL_FAILED: { summary: 'a llama.cpp tool exited with an error or a signal' },
  LLAMA_TOOL_BUILD_FAILED: { summary: 'compiling a llama.cpp tool failed, or it does not start' },
  LLAMA_CPP_BUILD_FAILED: {
    summary: 'building llama.cpp with cmake failed',
    hint: 'install cmake and a C++ compiler, or point mfc at llama.cpp tools with --llama-cpp DIR / MFC_LLAMA_CPP',
  },
  LLAMA_CPP_SOURCE_MISSING: {
    summary: "node-llama-cpp's llama.cpp source bundle is missing",
    hint: 'reinstall dependencies with `pnpm install`',
  },
  LLAMA_CPP_SOURCE_FAILED: {
    summary: 'the llama.cpp source could not be unpacked',
    hint: 'mfc needs `git` on PATH to unpack the llama.cpp source',
  },
  QUANT_TYPE_UNKNOWN: {
    summary: 'a quantization type llama-quantize does not know',
    kind: 'usage',
  },
  QUANT_OPTION_INVALID: { summary: 'a malformed quantization option', kind: 'usage' },
  QUANT_IMATRIX_REQUIRED: {
    summary: 'a quantization type that needs an importance matrix, without one',
    hint: IMATRIX_HINT,
  },
  QUANT_REQUANTIZE: {
    summary: 'quantizing a model that is already quantized',
    hint: 'quantize from the F16/F32 original, or pass --allow-requantize (quality suffers)',
  },
  QUANT_FAILED: { summary: 'llama-quantize failed' },
  QUANT_SAME_FILE: { summary: 'a quantize output path equal to its input', kind: 'usage' },
  MERGE_NO_ADAPTERS: { summary: 'a LoRA merge with no adapters', kind: 'usage' },
  MERGE_FAILED: { summary: 'llama-export-lora failed or wrote no output' },
  QUANT_CACHE_MAX_INVALID: {
    summary: 'MFC_CACHE_MAX is not a size',
    hint: 'for example MFC_CACHE_MAX=10G, 500M or 0 (keep only what the store shares)',
    kind: 'usage',
  },
  GENERATE_FAILED: { summary: 'the generation helper failed or printed no result' },
  ADAPTER_NOT_LORA: {
    summary: 'a GGUF that is not a LoRA adapter (general.type, adapter.type)',
    hint: 'an ADAPTER must be a GGUF LoRA (convert_lora_to_gguf.py output) or a PEFT folder',
  },
  ADAPTER_NO_ARCHITECTURE: { summary: 'an adapter without general.architecture' },
  ADAPTER_BAD_TENSOR: { summary: 'an adapter tensor that is not a .lora_a/.lora_b tensor' },
  ADAPTER_UNPAIRED: { summary: 'a lora_a tensor without its lora_b, or the reverse' },
  ADAPTER_BASE_IS_ADAPTER: { summary: 'a base model that is itself an adapter' },
  ADAPTER_ARCH_MISMATCH: {
    summary: 'an adapter for another architecture than the base model',
    hint: 'use the adapter with the base model it was trained on',
  },
  ADAPTER_TENSOR_NOT_IN_BASE: {
    summary: 'an adapter tensor for a weight the base model lacks',
    hint: 'is it the right base model?',
  },
  ADAPTER_SHAPE_MISMATCH: { summary: "adapter tensors whose shapes do not fit the base's" },
} as const satisfies ErrorCatalogue<string>;

export type LlamaCppErrorCode = keyof typeof llamaCppErrors;

/** An MfcError with a code of @mfc/llama-cpp (the catalogue's hint and kind unless `options` has them). */
export function llamaCppError(
  code: LlamaCppErrorCode,
  message: string,
  options?: CatalogueErrorOptions,
) {
  return catalogueError(llamaCppErrors, code, message, options);
}
