import { registryCodeError } from './errors.js';
import { DEFAULT_HOST, displayShortest, nameProblem, parseName, type ModelName } from '@mfc/store';

/**
 * A registry reference as Ollama reads one (`types/model/name.go`):
 * `[scheme://]host[:port]/namespace/model:tag`, defaults `registry.ollama.ai`,
 * `library`, `latest`, `https`. The store keeps the model under `name`
 * (`manifests/<host>/<namespace>/<model>/<tag>`); the registry knows it as
 * `repository` = `<namespace>/<model>` and `tag`.
 */
export interface RegistryRef {
  scheme: 'http' | 'https';
  /** `host[:port]` as written (the store folder and the credentials key). */
  host: string;
  namespace: string;
  model: string;
  tag: string;
  /** `<namespace>/<model>`: the path segment after `/v2/`. */
  repository: string;
  /** The name of the model in the local store. */
  name: ModelName;
  /** `<scheme>://<host>` */
  baseUrl: string;
}

export interface ReferenceOptions {
  /** `--insecure`: talk plain HTTP (Ollama's meaning; it does not skip TLS checks). */
  insecure?: boolean;
}

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** Parses, defaults and validates a reference; throws `REGISTRY_BAD_REFERENCE`. */
export function parseReference(text: string, options: ReferenceOptions = {}): RegistryRef {
  const m = SCHEME.exec(text);
  let scheme: 'http' | 'https' = options.insecure ? 'http' : 'https';
  if (m) {
    const s = m[1].toLowerCase();
    if (s !== 'http' && s !== 'https') {
      throw registryCodeError('REGISTRY_BAD_REFERENCE', `unsupported scheme '${m[1]}' in ${text}`, {
        hint: 'use https:// (the default), or http:// together with --insecure',
      });
    }
    if (s === 'http' && !options.insecure) {
      throw registryCodeError('REGISTRY_INSECURE', `insecure protocol http in ${text}`, {
        hint: 'add --insecure to talk plain HTTP to this registry',
      });
    }
    if (!options.insecure) scheme = s;
  }
  if (text.includes('@')) {
    throw registryCodeError(
      'REGISTRY_BAD_REFERENCE',
      `digest references are not supported: ${text}`,
      {
        hint: 'name a tag: host/namespace/model:tag',
      },
    );
  }
  const name = parseName(text);
  const problem = nameProblem(name);
  if (problem !== undefined) {
    throw registryCodeError('REGISTRY_BAD_REFERENCE', `invalid model reference: ${text}`, {
      hint: `${problem}; references look like [scheme://]host[:port]/namespace/model[:tag]`,
    });
  }
  const host = name.host;
  return {
    scheme,
    host,
    namespace: name.namespace,
    model: name.model,
    tag: name.tag,
    repository: `${name.namespace}/${name.model}`,
    name,
    // Docker Hub's API lives on another host than its name.
    baseUrl: `${scheme}://${host.toLowerCase() === 'docker.io' ? 'registry-1.docker.io' : host}`,
  };
}

/** The reference as the user would write it again (`host/` omitted for the default host). */
export function displayReference(ref: RegistryRef): string {
  return ref.host.toLowerCase() === DEFAULT_HOST
    ? displayShortest(ref.name)
    : `${ref.host}/${ref.repository}:${ref.tag}`;
}

/** The registry host of a reference or a bare `host[:port]` (for login/logout). */
export function registryHost(text: string): string {
  let s = text.replace(SCHEME, '');
  s = s.replace(/\/+$/, '');
  // docker's key for Docker Hub; accept its long spellings too.
  if (/^(index\.)?docker\.io(\/v1)?$/i.test(s) || s === 'registry-1.docker.io') return 'docker.io';
  const slash = s.indexOf('/');
  return (slash >= 0 ? s.slice(0, slash) : s).toLowerCase();
}
