import { catalogueError, type ErrorCatalogue, type MfcError } from '@mfc/diagnostics';

const TRUNCATED_HINT = 'the file is truncated or corrupt; download or convert it again';

/**
 * Every error code @mfc/gguf throws, what it means, and the hint shown when
 * the thrower gives none. `GgufErrorCode` is the typed union; a test checks
 * that every code in src/ is here and every entry is used.
 */
export const ggufErrors = {
  GGUF_BAD_MAGIC: { summary: 'the file does not start with "GGUF"' },
  GGUF_UNSUPPORTED_VERSION: { summary: 'a GGUF version other than 1 to 3' },
  GGUF_TRUNCATED: { summary: 'the file ends before its header or data do', hint: TRUNCATED_HINT },
  GGUF_BAD_COUNT: {
    summary: 'a KV or tensor count that cannot fit in the file',
    hint: TRUNCATED_HINT,
  },
  GGUF_LENGTH_OUT_OF_RANGE: {
    summary: 'a string or array length that runs past the end of the file',
    hint: TRUNCATED_HINT,
  },
  GGUF_TENSOR_OUT_OF_BOUNDS: {
    summary: "a tensor's data runs past the end of the file",
    hint: TRUNCATED_HINT,
  },
  GGUF_HEADER_TOO_LARGE: { summary: 'metadata and tensor infos larger than the header limit' },
  GGUF_TOO_DEEP: { summary: 'arrays nested deeper than the reader allows' },
  GGUF_BAD_UTF8: { summary: 'a key or string value that is not valid UTF-8' },
  GGUF_EMPTY_KEY: { summary: 'a metadata key of length 0' },
  GGUF_DUPLICATE_KEY: { summary: 'the same metadata key twice' },
  GGUF_UNKNOWN_VALUE_TYPE: { summary: 'a metadata value type GGUF does not define' },
  GGUF_BAD_ALIGNMENT: { summary: 'general.alignment is not a positive power of two' },
  GGUF_BAD_TENSOR: { summary: 'a tensor info with an impossible shape or name' },
  GGUF_DUPLICATE_TENSOR: { summary: 'two tensors with the same name' },
  GGUF_UNKNOWN_TENSOR_TYPE: { summary: 'a ggml type id llama.cpp does not define' },
  GGUF_MISALIGNED_TENSOR: { summary: "a tensor's data offset is not a multiple of the alignment" },
  GGUF_TENSORS_OVERLAP: { summary: 'two tensors whose data overlap' },
  GGUF_NO_SUCH_TENSOR: { summary: 'a tensor name the file does not have' },
  GGUF_SPLIT_NAME: { summary: 'a shard whose file name does not match its split.no/split.count' },
  GGUF_SPLIT_MISSING: { summary: 'a shard of a split set is missing' },
  GGUF_SPLIT_INCONSISTENT: { summary: 'shards whose split metadata or tensors do not agree' },
  GGUF_BIG_ENDIAN: { summary: 'a big-endian GGUF where only little-endian ones are handled' },
  GGUF_WRITE_BAD_VALUE: { summary: 'a metadata value the writer cannot encode' },
  GGUF_WRITE_BAD_TENSOR: { summary: 'a tensor the writer cannot encode' },
  GGUF_WRITE_TENSOR_SIZE: { summary: 'tensor data whose size does not match its type and shape' },
  HTTP_FAILED: { summary: 'a URL could not be fetched (network error)' },
  HTTP_STATUS: { summary: 'the server answered with an error status' },
  HTTP_NO_RANGE: { summary: 'the server does not answer HTTP range requests' },
  HTTP_RANGE_NOT_SATISFIABLE: { summary: 'the server refused a byte range (status 416)' },
} as const satisfies ErrorCatalogue<string>;

export type GgufErrorCode = keyof typeof ggufErrors;

/**
 * A problem with a model file: a catalogued code, a message naming the
 * problem, and the file and byte offset where it was found (the CLI renders
 * them as `file at byte N: error …`). The hint defaults to the catalogue's.
 */
export function modelFileError(
  code: GgufErrorCode,
  message: string,
  file: string,
  byteOffset?: number,
  hint?: string,
): MfcError {
  return catalogueError(ggufErrors, code, message, { location: { file, byteOffset }, hint });
}
