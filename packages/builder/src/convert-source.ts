import { MfcError, type Location } from '@mfc/diagnostics';

/**
 * A FROM (or ADAPTER) source that is not a GGUF: a safetensors / PyTorch
 * folder, or a Hugging Face reference (`hf.co/…`, `huggingface.co/…`).
 */
export interface ConvertRequest {
  kind: 'safetensors' | 'hf';
  /** The folder (safetensors) or the reference text (hf). */
  source: string;
  /** `model` for FROM, `adapter` for ADAPTER. */
  role: 'model' | 'adapter';
  location: Location;
  /** A folder for the GGUF files the conversion writes (removed after the build). */
  workDir: string;
  /** The base model's GGUF (needed to convert an adapter). */
  baseModel?: string;
}

/** What a conversion produced: GGUF files, ingested like files named in FROM. */
export interface ConvertResult {
  files: string[];
}

/**
 * The one place where non-GGUF sources are turned into GGUF files. The
 * Hugging Face / safetensors conversion (`@mfc/hf`, `@mfc/convert`) replaces
 * this body; until then such sources give a clear error.
 */
export async function convertToGguf(request: ConvertRequest): Promise<ConvertResult> {
  const what =
    request.kind === 'hf'
      ? `building from a Hugging Face reference (${request.source})`
      : `building from a safetensors folder (${request.source})`;
  throw new MfcError('BUILD_NOT_SUPPORTED', `${what} is not yet supported`, {
    location: request.location,
    hint: 'convert the model to GGUF first and point FROM at the .gguf file',
  });
}
