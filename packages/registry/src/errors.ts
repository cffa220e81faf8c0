import {
  catalogueError,
  type CatalogueErrorOptions,
  type ErrorCatalogue,
  MfcError,
} from '@mfc/diagnostics';

/**
 * Every fixed error code @mfc/registry throws, what it means, and the hint
 * shown when the thrower gives none. `RegistryErrorCode` is the typed union; a
 * test checks that every code in src/ is here and every entry is used. A
 * failed registry response has the registry's own code, `REGISTRY_<CODE>` of
 * the distribution spec (`REGISTRY_MANIFEST_UNKNOWN`), or `REGISTRY_HTTP_<status>`
 * without one (`RegistryResponseCode`, from registryError).
 */
export const registryErrors = {
  REGISTRY_BAD_REFERENCE: {
    summary: 'a model reference that is not [scheme://]host/namespace/model[:tag]',
  },
  REGISTRY_INSECURE: {
    summary: 'an http:// reference without --insecure',
    hint: 'add --insecure to talk plain HTTP to this registry',
  },
  REGISTRY_BAD_CONFIG: { summary: 'a docker config.json that cannot be read' },
  REGISTRY_CREDENTIAL_HELPER: { summary: 'a docker credential helper that failed' },
  REGISTRY_UNREACHABLE: { summary: 'the registry could not be reached' },
  REGISTRY_UNAUTHORIZED: { summary: 'the registry refused the credentials, or needs some' },
  REGISTRY_BAD_CHALLENGE: { summary: 'an authentication challenge mfc cannot follow' },
  REGISTRY_BAD_TOKEN: { summary: 'a token server that answered without a token' },
  REGISTRY_REDIRECT_LOOP: { summary: 'too many redirects' },
  REGISTRY_NO_LOCATION: { summary: 'an upload started without a Location to send it to' },
  REGISTRY_TRANSFER: { summary: 'a transfer that failed or closed early' },
  REGISTRY_DIGEST_MISMATCH: {
    summary: 'bytes whose digest is not the one the registry or manifest names',
  },
  REGISTRY_UNSUPPORTED_FORMAT: { summary: 'an artifact format mfc cannot pull as an Ollama model' },
  REGISTRY_BAD_KEY: {
    summary: 'an Ollama key (~/.ollama/id_ed25519) that is missing, unreadable or not ed25519',
  },
  REGISTRY_REALM_HOST: {
    summary:
      "an Ollama registry's token realm on another host than the registry (Ollama refuses it too)",
  },
} as const satisfies ErrorCatalogue<string>;

export type RegistryErrorCode = keyof typeof registryErrors;

/** The code of a failed registry response: the registry's own, or the HTTP status. */
export type RegistryResponseCode = `REGISTRY_${string}`;

/** An MfcError with a fixed code of @mfc/registry (the catalogue's hint unless `options.hint`). */
export function registryCodeError(
  code: RegistryErrorCode,
  message: string,
  options?: CatalogueErrorOptions,
): MfcError {
  return catalogueError(registryErrors, code, message, options);
}

/** The error list of a registry response body (distribution-spec "Error Codes"). */
export interface RegistryErrorEntry {
  code: string;
  message: string;
}

export function parseRegistryErrors(body: string): RegistryErrorEntry[] {
  try {
    const json = JSON.parse(body) as { errors?: unknown; error?: unknown; details?: unknown };
    if (Array.isArray(json.errors)) {
      return json.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({
          code: typeof e.code === 'string' ? e.code : 'UNKNOWN',
          message: typeof e.message === 'string' ? e.message : '',
        }));
    }
    // token servers and registry.ollama.ai sometimes answer {"error": "..."}
    if (typeof json.error === 'string') {
      return [{ code: 'ERROR', message: json.error }];
    }
  } catch {
    // not JSON
  }
  return [];
}

const HINTS: Record<string, string> = {
  MANIFEST_UNKNOWN: 'check the model name and tag',
  NAME_UNKNOWN: 'check the registry host and the repository name',
  BLOB_UNKNOWN: 'the registry lost a blob the manifest names; push the model again',
  DENIED: 'your account may not access this repository',
  UNAUTHORIZED: 'run mfc login with an account that may access it',
  UNSUPPORTED: 'the registry does not support this operation',
  TOOMANYREQUESTS: 'wait a little and try again',
};

/**
 * An MfcError for a failed registry response, shown as the registry's own
 * `CODE: message` list. `what` says what was being done ("pulling manifest").
 */
export function registryError(
  what: string,
  status: number,
  body: string,
  options: { host: string; hint?: string } = { host: '' },
): MfcError {
  const entries = parseRegistryErrors(body);
  const text = entries.length
    ? entries.map((e) => (e.message ? `${e.code}: ${e.message}` : e.code)).join('; ')
    : `HTTP ${status}${body.trim() && body.length < 200 && !/[<{]/.test(body) ? `: ${body.trim()}` : ''}`;
  const first = entries[0]?.code;
  const code: RegistryResponseCode = `REGISTRY_${first ?? `HTTP_${status}`}`;
  return new MfcError(code, `${what}: ${text}`, {
    hint: options.hint ?? (first && HINTS[first]) ?? undefined,
  });
}

/** The error for credentials the registry refused (or none where some are needed). */
export function unauthorizedError(
  what: string,
  host: string,
  haveCredentials: boolean,
  detail?: string,
): MfcError {
  const why = haveCredentials
    ? `the registry refused the credentials for ${host}`
    : `${host} needs credentials and none are stored`;
  return registryCodeError(
    'REGISTRY_UNAUTHORIZED',
    `${what}: ${why}${detail ? ` (${detail})` : ''}`,
    {
      hint: `run 'mfc login ${host}' (or docker login / podman login) and try again`,
    },
  );
}
