import { catalogueError, type CatalogueErrorOptions, type ErrorCatalogue } from '@mfc/diagnostics';

const TRUNCATED_HINT = 'the file is truncated or corrupt; download it again';

/**
 * Every error code @mfc/safetensors throws, what it means, and the hint shown
 * when the thrower gives none. `SafetensorsErrorCode` is the typed union; a
 * test checks that every code in src/ is here and every entry is used.
 */
export const safetensorsErrors = {
  SAFETENSORS_TRUNCATED: {
    summary: 'the file ends before its 8-byte length or its header',
    hint: TRUNCATED_HINT,
  },
  SAFETENSORS_HEADER_TOO_LARGE: { summary: 'a JSON header larger than the limit' },
  SAFETENSORS_BAD_UTF8: { summary: 'a JSON header that is not valid UTF-8' },
  SAFETENSORS_BAD_JSON: { summary: 'a header that is not valid JSON' },
  SAFETENSORS_BAD_HEADER: { summary: 'a header that is not a JSON object of tensors' },
  SAFETENSORS_BAD_TENSOR: { summary: 'a tensor entry with a bad dtype, shape or data_offsets' },
  SAFETENSORS_OUT_OF_BOUNDS: {
    summary: "a tensor's data runs past the end of the file",
    hint: TRUNCATED_HINT,
  },
  SAFETENSORS_OVERLAP: { summary: 'two tensors whose data overlap' },
  SAFETENSORS_NOT_FOUND: { summary: 'a folder without .safetensors files' },
  SAFETENSORS_DUPLICATE_TENSOR: { summary: 'the same tensor in two shards' },
  SAFETENSORS_BAD_INDEX: { summary: 'a model.safetensors.index.json that is not a weight map' },
  SAFETENSORS_SHARD_MISSING: { summary: 'a shard the index names is missing' },
  SAFETENSORS_INDEX_MISMATCH: { summary: 'the index puts tensors in a shard that lacks them' },
  SAFETENSORS_WRITE_SIZE: { summary: 'tensor data whose size does not match its dtype and shape' },
  INSPECT_NO_MODEL: { summary: 'a folder with neither .gguf nor .safetensors files' },
} as const satisfies ErrorCatalogue<string>;

export type SafetensorsErrorCode = keyof typeof safetensorsErrors;

/** An MfcError with a code of @mfc/safetensors (the catalogue's hint unless `options.hint`). */
export function safetensorsError(
  code: SafetensorsErrorCode,
  message: string,
  options?: CatalogueErrorOptions,
) {
  return catalogueError(safetensorsErrors, code, message, options);
}
