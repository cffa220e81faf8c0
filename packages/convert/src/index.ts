export {
  convertHfToGguf,
  writeConversion,
  type ConvertOptions,
  type ConvertResult,
} from './convert.js';
export {
  planConversion,
  defaultModelName,
  type ConversionPlan,
  type PlanOptions,
  type PlannedTensor,
  type OutType,
} from './plan.js';
export {
  ARCHITECTURES,
  SUPPORTED_HF_ARCHITECTURES,
  architectureFor,
  type ArchitectureSpec,
} from './architectures.js';
export { architectureKvs, llama3RopeFactors, mergedConfig } from './hparams.js';
export { mapTensorName, type TensorTarget } from './tensor-names.js';
export {
  buildVocab,
  looksSpecial,
  type Vocab,
  type VocabOptions,
  type VocabPolicy,
} from './vocab.js';
export {
  detectPreTokenizer,
  LLAMA3_SPLIT_REGEX,
  QWEN2_SPLIT_REGEX,
  type PreTokenizerGuess,
} from './pretokenizer.js';
export {
  parseSentencePiece,
  encodeSentencePiece,
  TokenType,
  type SentencePieceModel,
} from './sentencepiece.js';
export { f32BitsToF16, f32BitsToBf16, convertChunk, type FloatDtype } from './numeric.js';
export { isHfModelDir } from './folder.js';
export { ggufFromModelSource, type ModelSourceRequest, type ModelSourceResult } from './source.js';
export {
  convertPeftToGguf,
  isPeftAdapter,
  peftFiles,
  type PeftToGgufOptions,
  type PeftToGgufResult,
} from './peft.js';
export { convertErrors, convertError, type ConvertErrorCode } from './error-codes.js';
