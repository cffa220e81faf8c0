import { catalogueError, type CatalogueErrorOptions, type ErrorCatalogue } from '@mfc/diagnostics';

/**
 * Every error code @mfc/convert throws, what it means, and the hint shown
 * when the thrower gives none. `ConvertErrorCode` is the typed union; a test
 * checks that every code in src/ is here and every entry is used.
 */
export const convertErrors = {
  HF_BAD_JSON: {
    summary: 'a JSON file of a model folder that does not parse or is not an object',
  },
  CONVERT_NO_CONFIG: { summary: 'a folder without config.json: not a Hugging Face model' },
  CONVERT_NO_WEIGHTS: {
    summary: 'a model folder without .safetensors weights',
    hint: 'PyTorch .bin/.pth checkpoints are not supported; convert them to safetensors first',
  },
  CONVERT_BAD_CONFIG: {
    summary: 'a config.json that lacks or misstates what the conversion needs',
  },
  CONVERT_UNKNOWN_ARCHITECTURE: { summary: 'a config.json that names no architecture' },
  CONVERT_UNSUPPORTED_ARCHITECTURE: { summary: 'an architecture mfc cannot convert' },
  CONVERT_NO_TOKENIZER: { summary: 'a model folder without the tokenizer its architecture needs' },
  CONVERT_UNSUPPORTED_TOKENIZER: { summary: 'a tokenizer kind the converter does not handle' },
  CONVERT_BAD_VOCAB: { summary: 'a vocabulary with bad ids, merges or size' },
  CONVERT_VOCAB_MISMATCH: { summary: 'an embedding whose row count is not the vocabulary size' },
  SPM_BAD_PROTOBUF: { summary: 'a tokenizer.model that is not a valid SentencePiece protobuf' },
  CONVERT_UNKNOWN_TENSOR: { summary: 'a checkpoint tensor with no GGUF name' },
  CONVERT_UNSUPPORTED_DTYPE: { summary: 'weights in a type other than F32, F16 or BF16' },
  CONVERT_BAD_TENSOR: {
    summary: 'a tensor whose layer, shape or experts disagree with config.json',
  },
  CONVERT_DUPLICATE_TENSOR: { summary: 'two checkpoint tensors that map to one GGUF tensor' },
  CONVERT_MISSING_TENSOR: { summary: 'a checkpoint without a tensor every model needs' },
  CONVERT_TRUNCATED: { summary: 'a weights file that ends before its tensor data' },
  CONVERT_ADAPTER_UNSUPPORTED: { summary: 'a safetensors adapter given where only models convert' },
  PEFT_NO_WEIGHTS: { summary: 'a PEFT folder without adapter_model.safetensors' },
  PEFT_NO_CONFIG: {
    summary: 'PEFT weights without adapter_config.json',
    hint: 'a PEFT adapter needs its adapter_config.json (lora_alpha, r)',
  },
  PEFT_BAD_CONFIG: {
    summary: 'an adapter_config.json that does not parse or asks for what llama.cpp cannot apply',
  },
  PEFT_BAD_DTYPE: { summary: 'LoRA factors in a type other than F32, F16 or BF16' },
  PEFT_ARCH_UNSUPPORTED: {
    summary: 'an adapter for an architecture mfc cannot convert adapters of',
  },
  PEFT_UNEXPECTED_TENSOR: { summary: 'an adapter tensor that is not a LoRA factor' },
  PEFT_UNKNOWN_TENSOR: {
    summary: 'a LoRA factor for a weight that has no GGUF tensor in the base',
  },
  PEFT_EMPTY: { summary: 'an adapter without LoRA tensors' },
  PEFT_UNPAIRED: { summary: 'a lora_A without its lora_B, or the reverse' },
  PEFT_TENSOR_NOT_IN_BASE: { summary: 'a LoRA factor for a weight the base model lacks' },
  PEFT_SHAPE_MISMATCH: { summary: "LoRA factors whose shapes do not fit the base tensor's" },
} as const satisfies ErrorCatalogue<string>;

export type ConvertErrorCode = keyof typeof convertErrors;

/** An MfcError with a code of @mfc/convert (the catalogue's hint unless `options.hint`). */
export function convertError(
  code: ConvertErrorCode,
  message: string,
  options?: CatalogueErrorOptions,
) {
  return catalogueError(convertErrors, code, message, options);
}
