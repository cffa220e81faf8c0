import {
  MfcError,
  catalogueError,
  type CatalogueErrorOptions,
  type ErrorCatalogue,
} from '@mfc/diagnostics';

/**
 * The error codes the CLI's own code throws (the libraries' are in their
 * catalogues), what they mean, and the default hint. A test checks that every
 * code in src/ is here and every entry is used. `IMPORT_NOT_A_FILE` was
 * diagnostics' `NOT_A_FILE` under another name; `RUN_NO_MODEL_LAYER` is the
 * builder's `MODEL_NO_WEIGHTS`.
 */
export const cliErrors = {
  FILE_READ: { summary: 'an input file (or standard input) that cannot be read' },
  IMPORT_NOT_FOUND: { summary: 'mfc import of a path that does not exist' },
  INSPECT_NO_KEY: { summary: 'mfc inspect --key for a key the file does not have' },
  RUN_TEMPLATE_FAILED: {
    summary: "the model's template failed to render the prompt",
    hint: 'check it with `mfc template`',
  },
  REGISTRY_LOGIN_FAILED: { summary: 'the registry refused the login' },
} as const satisfies ErrorCatalogue<string>;

export type CliErrorCode = keyof typeof cliErrors;

/** An MfcError with a code of the CLI (the catalogue's hint unless `options.hint`). */
export function cliError(code: CliErrorCode, message: string, options?: CatalogueErrorOptions) {
  return catalogueError(cliErrors, code, message, options);
}

/** A file-system error (ENOENT, EACCES…) as an MfcError with the system's code, naming the path. */
export function systemError(e: NodeJS.ErrnoException & { code: string }, message: string) {
  return new MfcError(e.code, message, { location: { file: String(e.path) } });
}
