import { MfcError } from '@mfc/diagnostics';

/**
 * A problem with a model file: a stable code (`GGUF_TRUNCATED`, …), a message
 * naming the problem, and the file and byte offset where it was found (the
 * CLI renders them as `file at byte N: error …`).
 */
export function modelFileError(
  code: string,
  message: string,
  file: string,
  byteOffset?: number,
  hint?: string,
): MfcError {
  return new MfcError(code, message, { location: { file, byteOffset }, hint });
}
