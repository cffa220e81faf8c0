import { MfcError } from '@mfc/diagnostics';

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
  return new MfcError('REGISTRY_' + (first ?? `HTTP_${status}`), `${what}: ${text}`, {
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
  return new MfcError('REGISTRY_UNAUTHORIZED', `${what}: ${why}${detail ? ` (${detail})` : ''}`, {
    hint: `run 'mfc login ${host}' (or docker login / podman login) and try again`,
  });
}
