import {
  catalogueError,
  type CatalogueErrorOptions,
  type ErrorCatalogue,
  type Location,
  type MfcError,
} from '@mfc/diagnostics';

/**
 * Every error code @mfc/oci throws, what it means, and the hint shown when
 * the thrower gives none. `OciErrorCode` is the typed union; a test checks
 * that every code in src/ is here and every entry is used.
 */
export const ociErrors = {
  OCI_BAD_JSON: { summary: 'a manifest, index or config that is not valid JSON' },
  OCI_BAD_MANIFEST: { summary: 'a manifest or index that lacks or misstates a field' },
  OCI_BAD_LAYOUT: { summary: 'an OCI layout without oci-layout or index.json, or a bad one' },
  OCI_BAD_ARCHIVE: { summary: 'a file that is not a valid tar archive' },
  OCI_TRUNCATED: { summary: 'an archive or blob that ends early' },
  OCI_BAD_ENTRY: { summary: 'an archive entry whose name could leave the layout or is no blob' },
  OCI_TOO_LARGE: { summary: 'a JSON document or archive entry larger than the limit' },
  OCI_MISSING_BLOB: { summary: 'a blob a manifest names is not in the layout or store' },
  OCI_SIZE_MISMATCH: { summary: 'a blob whose size is not the one its descriptor declares' },
  OCI_DIGEST_MISMATCH: { summary: 'a blob whose bytes do not have the digest it is named by' },
  OCI_EMPTY: { summary: 'an index.json that lists no manifest' },
  OCI_NO_NAME: { summary: 'a manifest without a reference name, imported without -t' },
  OCI_BAD_NAME: { summary: 'a reference name that is not a valid model name' },
  OCI_TAG_AMBIGUOUS: { summary: '-t given for a layout that holds several models' },
  OCI_UNSUPPORTED: { summary: 'a layout feature mfc does not read (nested indexes)' },
  OCI_UNKNOWN_FORMAT: { summary: 'an artifact that is not a model format mfc can read' },
  OCI_NO_GGUF: { summary: 'a model artifact without a GGUF weights file' },
  OCI_BAD_PARAMS: { summary: 'a params layer that is not a JSON object of parameters' },
} as const satisfies ErrorCatalogue<string>;

export type OciErrorCode = keyof typeof ociErrors;

/** An artifact (manifest, index, layout, archive entry) that is not what it claims. */
export function ociError(
  code: OciErrorCode,
  message: string,
  location: Location = {},
  hint?: string,
): MfcError {
  return catalogueError(ociErrors, code, message, { location, ...(hint ? { hint } : {}) });
}

/** `ociError` with the options of any catalogued error. */
export function ociErrorWith(code: OciErrorCode, message: string, options?: CatalogueErrorOptions) {
  return catalogueError(ociErrors, code, message, options);
}
