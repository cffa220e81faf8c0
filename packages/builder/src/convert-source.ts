import { ggufFromModelSource } from '@mfc/convert';
import type { Location } from '@mfc/diagnostics';
import type { BuildEventSink } from './events.js';

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
  /** Receives download and conversion progress. */
  emit?: BuildEventSink;
}

/** What a conversion produced: GGUF files, ingested like files named in FROM. */
export interface ConvertResult {
  files: string[];
  /** What the conversion noticed and went on with (e.g. a missing chat template). */
  warnings: string[];
}

/**
 * The one place where non-GGUF sources are turned into GGUF files: a
 * `hf.co/…` reference is downloaded into the Hugging Face cache (a GGUF
 * repo's files are used as they are), safetensors are converted into
 * `workDir` by `@mfc/convert`.
 */
export async function convertToGguf(request: ConvertRequest): Promise<ConvertResult> {
  const result = await ggufFromModelSource({
    kind: request.kind,
    source: request.source,
    role: request.role,
    workDir: request.workDir,
    location: request.location,
    onDownload: (p) =>
      request.emit?.({
        type: 'progress',
        phase: 'downloading',
        file: p.path,
        done: p.received,
        total: p.total,
      }),
    onConvert: (done, total) =>
      request.emit?.({ type: 'progress', phase: 'converting', file: request.source, done, total }),
  });
  return { files: result.files, warnings: result.warnings };
}
