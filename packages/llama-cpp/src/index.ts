export { mfcCacheDir, nodeLlamaCppDir, prebuiltBinsDir } from './paths.js';
export { bundledLlamaCppVersion, llamaCppSource, type LlamaCppSource } from './source.js';
export { BUILDABLE_TOOLS, buildLlamaTool, builtToolsDir, type BuildOptions } from './build.js';
export {
  findLlamaTool,
  type FindToolOptions,
  type LlamaTool,
  type ToolOrigin,
} from './find-tool.js';
export { runLlamaTool, lastErrorLine, type RunToolOptions, type ToolOutput } from './run-tool.js';
export {
  generate,
  defaultThreads,
  type AdapterRef,
  type GenerateOptions,
  type GenerateResult,
} from './generate.js';
export { withFileLock, type LockOptions } from './lock.js';
export { QUANT_TYPES, parseQuantType, isFloatTensorType, type QuantType } from './quant-types.js';
export { QuantizeOutputParser, type QuantizeEvent } from './quantize-output.js';
export {
  quantizeGguf,
  type QuantizeOptions,
  type QuantizeProgress,
  type QuantizeResult,
} from './quantize.js';
export {
  DEFAULT_CACHE_MAX,
  cacheMaxBytes,
  clearQuantizeCache,
  enforceCacheLimit,
  listQuantizeCache,
  parseByteSize,
  quantizeCacheDir,
  shareCacheEntry,
  type CacheEntry,
} from './quantize-cache.js';
export { memoizedFileDigest } from './digest.js';
export { checkLoraAdapter, describeLoraAdapter, type LoraAdapterInfo } from './lora/check.js';
export { mergeLoraAdapters, type MergeLoraOptions, type MergeLoraResult } from './lora/merge.js';
export { llamaCppErrors, llamaCppError, type LlamaCppErrorCode } from './error-codes.js';
