import { catalogueError, type CatalogueErrorOptions, type ErrorCatalogue } from '@mfc/diagnostics';

const RESUME_HINT = 'run the same command again: the download resumes where it stopped';

/**
 * Every error code @mfc/hf throws, what it means, and the hint shown when the
 * thrower gives none. `HfErrorCode` is the typed union; a test checks that
 * every code in src/ is here and every entry is used.
 */
export const hfErrors = {
  HF_BAD_REFERENCE: {
    summary: 'a Hugging Face reference that is not hf.co/ORG/REPO[:QUANT][@REVISION]',
    hint: 'write it as hf.co/ORG/REPO, optionally followed by :QUANT and @REVISION',
    kind: 'usage',
  },
  HF_BAD_TOKEN: {
    summary: 'an HF_TOKEN that is not a Hugging Face access token',
    kind: 'usage',
  },
  HF_REPO_NOT_FOUND: { summary: 'no such repository, or a private one the token cannot read' },
  HF_REVISION_NOT_FOUND: { summary: 'the repository has no such branch, tag or commit' },
  HF_FILE_NOT_FOUND: { summary: 'the repository has no such file (HTTP 404)' },
  HF_GATED: { summary: 'a gated repository whose conditions the account has not accepted' },
  HF_FORBIDDEN: {
    summary: 'the Hub refused access (HTTP 403)',
    hint: 'check that your HF_TOKEN has read permission',
  },
  HF_API_ERROR: { summary: 'the Hub API answered with an error or an unexpected answer' },
  HF_NETWORK: {
    summary: 'the Hub could not be reached',
    hint: 'check your network connection, or HF_ENDPOINT if you use a mirror',
  },
  HF_OFFLINE: { summary: 'HF_HUB_OFFLINE is set and the cache lacks what is needed' },
  HF_NO_MODEL_FILES: { summary: 'a repository with neither GGUF nor safetensors files' },
  HF_QUANT_NOT_AVAILABLE: { summary: 'the :QUANT asked for is not among the GGUF files' },
  HF_QUANT_AMBIGUOUS: { summary: 'several GGUF files match and none can be chosen' },
  HF_DOWNLOAD_FAILED: { summary: 'a file download answered with an HTTP error' },
  HF_DOWNLOAD_INTERRUPTED: {
    summary: 'a download that stopped before the end of the file',
    hint: RESUME_HINT,
  },
  HF_CHECKSUM_MISMATCH: {
    summary: 'a downloaded file whose checksum is not the one the Hub lists',
    hint: 'the damaged download was deleted; run the command again',
  },
} as const satisfies ErrorCatalogue<string>;

export type HfErrorCode = keyof typeof hfErrors;

/** An MfcError with a code of @mfc/hf (the catalogue's hint and kind unless `options` has them). */
export function hfError(code: HfErrorCode, message: string, options?: CatalogueErrorOptions) {
  return catalogueError(hfErrors, code, message, options);
}
