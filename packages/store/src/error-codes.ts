import { catalogueError, type CatalogueErrorOptions, type ErrorCatalogue } from '@mfc/diagnostics';

/**
 * Every error code @mfc/store throws, what it means, and the hint shown when
 * the thrower gives none. `StoreErrorCode` is the typed union; a test checks
 * that every code in src/ is here and every entry is used. (A path that is
 * not a regular file is diagnostics' `NOT_A_FILE`, as everywhere else; it was
 * `STORE_NOT_A_FILE` here.)
 */
export const storeErrors = {
  STORE_BAD_NAME: { summary: 'a model name that is not [host/][namespace/]model[:tag]' },
  STORE_BAD_DIGEST: {
    summary: 'a digest that is not sha256:<64 hex digits>',
    hint: 'expected sha256:<64 hex digits>',
  },
  STORE_MODEL_NOT_FOUND: { summary: 'no model of that name in the models folder' },
  STORE_BAD_MANIFEST: { summary: 'a manifest that is not valid JSON or lacks required fields' },
  STORE_BAD_CONFIG: { summary: 'a config blob that is not valid JSON' },
  STORE_MISSING_BLOB: {
    summary: 'a blob a manifest needs is missing or has the wrong size',
    hint: 'the model is incomplete; rebuild it',
  },
  STORE_CORRUPT_BLOB: {
    summary: 'a stored blob whose content does not match its digest',
    hint: 'the store is damaged; remove this blob and rebuild the models that use it',
  },
  STORE_DIGEST_MISMATCH: { summary: 'content whose digest is not the one expected' },
  STORE_FILE_CHANGED: {
    summary: 'a file that changed while it was copied into the store',
    hint: 'build again once nothing is writing to it',
  },
  STORE_LOCKED: {
    summary: 'another mfc process holds the lock',
    hint: 'wait for it to finish, or remove the lock file if that process is gone',
  },
  STORE_BUSY: {
    summary: 'prune refused while a build or pull is in progress',
    hint: 'run mfc prune again when it has finished',
  },
  STORE_READ_ONLY: { summary: 'the models folder cannot be written' },
} as const satisfies ErrorCatalogue<string>;

export type StoreErrorCode = keyof typeof storeErrors;

/** An MfcError with a code of @mfc/store (the catalogue's hint unless `options.hint`). */
export function storeError(code: StoreErrorCode, message: string, options?: CatalogueErrorOptions) {
  return catalogueError(storeErrors, code, message, options);
}
