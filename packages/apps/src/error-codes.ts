import { catalogueError, type CatalogueErrorOptions, type ErrorCatalogue } from '@mfc/diagnostics';

/**
 * Every error code @mfc/apps throws, what it means, and the hint shown when
 * the thrower gives none. `AppsErrorCode` is the typed union; a test checks
 * that every code in src/ is here and every entry is used. (A stored model
 * without a GGUF is the builder's `MODEL_NO_WEIGHTS`, from requireModelLayer.)
 */
export const appsErrors = {
  INIT_NO_SOURCE: { summary: 'mfc init without a GGUF file or Hugging Face folder to describe' },
  INIT_NOT_A_MODEL: {
    summary: 'a folder without config.json given to mfc init',
    hint: 'give a GGUF file or a Hugging Face model folder',
  },
  INIT_BAD_JSON: { summary: "a model folder's JSON file that does not parse" },
  INIT_BAD_TOKEN: { summary: 'a stop word with a quote, which a Modelfile cannot hold' },
  INIT_UNQUOTABLE: { summary: 'a template or system text with """, which a Modelfile cannot hold' },
  EXPORT_UNKNOWN_APP: { summary: 'an export target mfc does not know' },
  TEMPLATE_NOT_TRANSLATABLE: {
    summary: 'a Go template construct with no Jinja translation',
    hint: 'use a template from mfc’s library (mfc template list) or write the Jinja by hand',
  },
  TEMPLATE_TRANSLATION_DIFFERS: {
    summary: 'a Jinja translation that renders differently from the Go template',
    hint: 'use a template from mfc’s library or write the Jinja by hand',
  },
  PUSH_HF_QUANT: { summary: 'a Hugging Face push target with a :QUANT' },
  PUSH_HF_NO_MODEL: { summary: 'a Hugging Face push without models to push' },
  PUSH_HF_NO_TOKEN: {
    summary: 'a Hugging Face push without a token',
    hint: 'set HF_TOKEN (a write token from https://huggingface.co/settings/tokens) or run huggingface-cli login',
  },
  PUSH_HF_SAME_QUANT: { summary: 'two models of one quantization pushed to one repository' },
  PUSH_HF_FAILED: { summary: 'the Hub refused or failed the upload' },
  HF_BAD_MODEL_NAME: {
    summary:
      'a hf.co repository whose Ollama model name (hf.co/USER/REPO:QUANT) is not a valid name',
  },
  HF_OFFLINE: {
    summary: 'the Hub cannot be reached and the cache lacks files the pull needs',
    hint: 'run the pull again with network access',
  },
} as const satisfies ErrorCatalogue<string>;

export type AppsErrorCode = keyof typeof appsErrors;

/** An MfcError with a code of @mfc/apps (the catalogue's hint unless `options.hint`). */
export function appsError(code: AppsErrorCode, message: string, options?: CatalogueErrorOptions) {
  return catalogueError(appsErrors, code, message, options);
}
