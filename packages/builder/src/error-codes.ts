import {
  MfcError,
  catalogueError,
  type CatalogueErrorOptions,
  type ErrorCatalogue,
} from '@mfc/diagnostics';
import type { ParameterConversion, ParseErrorCode } from '@mfc/modelfile';

/**
 * Every error code @mfc/builder throws, what it means, and the hint shown
 * when the thrower gives none. `BuilderErrorCode` is the typed union; a test
 * checks that every code in src/ is here and every entry is used. Merged:
 * `BUILD_BAD_PARAMS_LAYER` is `MODEL_BAD_LAYER` (a stored layer that is not
 * JSON), `BUILD_ADAPTER_NOT_FOUND` is llama-cpp's `ADAPTER_NOT_FOUND`, the
 * CLI's `RUN_NO_MODEL_LAYER` is `MODEL_NO_WEIGHTS` (requireModelLayer), and a
 * build stopped by lint is lint's `LINT_ERRORS` (it was `BUILD_LINT_FAILED`).
 */
export const builderErrors = {
  BUILD_NO_MODELFILE: { summary: 'the Modelfile to build does not exist' },
  BUILD_UNKNOWN_USER: { summary: 'a ~user path for a user this system does not have' },
  BUILD_BAD_REQUIRES: { summary: 'a REQUIRES version that is not a semver' },
  BUILD_DUPLICATE_QUANT: { summary: '--quantize lists one type twice', kind: 'usage' },
  BUILD_BAD_PARAMETER: { summary: 'a PARAMETER value Ollama cannot store (NaN, ±Inf)' },
  BUILD_TEMPLATE_ERROR: { summary: 'a TEMPLATE that Go text/template does not parse' },
  BUILD_BASE_NOT_FOUND: {
    summary: 'FROM names neither a file nor a model in the store',
    hint: 'mfc does not download models: pull it with ollama first, or point FROM at a GGUF file',
  },
  BUILD_NO_MODEL_FILES: {
    summary: 'a FROM folder with no GGUF or safetensors model files',
    hint: 'FROM a folder needs .gguf files or a safetensors model (model*.safetensors) in it',
  },
  BUILD_NOT_GGUF: {
    summary: 'a FROM, ADAPTER or DRAFT file that is not GGUF',
    hint: 'FROM, ADAPTER and DRAFT files must be GGUF models (safetensors folders are converted separately)',
  },
  BUILD_ADAPTER_NO_BASE: { summary: 'an ADAPTER to convert without a model to fit it to' },
  BUILD_DRAFT_SAME_AS_FROM: { summary: 'a DRAFT that is the FROM file itself' },
  ADAPTER_UNKNOWN_FORMAT: {
    summary: 'an ADAPTER folder that is not a PEFT adapter',
    hint: 'an ADAPTER is a GGUF LoRA, or a PEFT folder (adapter_config.json + adapter_model.safetensors)',
  },
  MODEL_NO_WEIGHTS: { summary: 'a stored model without a model layer (no GGUF) to run or export' },
  MODEL_BAD_LAYER: { summary: "a stored model's params or messages layer that is not valid JSON" },
} as const satisfies ErrorCatalogue<string>;

export type BuilderErrorCode = keyof typeof builderErrors;

/** An MfcError with a code of @mfc/builder (the catalogue's hint and kind unless `options` has them). */
export function builderError(
  code: BuilderErrorCode,
  message: string,
  options?: CatalogueErrorOptions,
): MfcError {
  return catalogueError(builderErrors, code, message, options);
}

/**
 * The codes of @mfc/modelfile the builder raises itself when it builds from
 * commands rather than a parsed Modelfile (the same conditions as the parser's
 * and the parameter conversion's, so the same codes).
 */
export type ModelfileErrorCode =
  ParseErrorCode | Extract<ParameterConversion, { ok: false }>['code'];

export function modelfileError(
  code: ModelfileErrorCode,
  message: string,
  options?: CatalogueErrorOptions,
): MfcError {
  return new MfcError(code, message, options);
}

/**
 * A file-system failure other than "not found" on a path a Modelfile names,
 * at the Modelfile line: the system's code (`EACCES`, `ELOOP`…), as the CLI
 * reports any system error.
 */
export function systemError(
  err: NodeJS.ErrnoException,
  message: string,
  options: CatalogueErrorOptions,
) {
  return new MfcError(err.code ?? 'EIO', message, { ...options, cause: err });
}
