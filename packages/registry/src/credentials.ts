import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MfcError } from '@mfc/diagnostics';
import { registryCodeError } from './errors.js';

/** A user name and password (or token) for one registry. Never printed. */
export interface Credentials {
  username: string;
  password: string;
  /** Where they came from: a file path or `docker-credential-NAME`. */
  source: string;
}

/** The key docker uses for Docker Hub in config.json and with credential helpers. */
export const DOCKER_HUB_KEY = 'https://index.docker.io/v1/';

/** `$DOCKER_CONFIG/config.json`, default `~/.docker/config.json`. */
export function dockerConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  return join(dir, 'config.json');
}

/**
 * containers' auth.json files in the order podman/skopeo read them:
 * `$REGISTRY_AUTH_FILE`, else `$XDG_RUNTIME_DIR/containers/auth.json`, then
 * `~/.config/containers/auth.json`.
 */
export function containersAuthPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.REGISTRY_AUTH_FILE) return [env.REGISTRY_AUTH_FILE];
  const out: string[] = [];
  if (env.XDG_RUNTIME_DIR) out.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  out.push(join(env.HOME || homedir(), '.config', 'containers', 'auth.json'));
  return out;
}

export interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
}

export interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [key: string]: unknown;
}

/** Reads a config/auth file; missing → undefined; bad JSON → MfcError. */
export function readConfigFile(path: string): DockerConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (!text.trim()) return {};
  try {
    const json = JSON.parse(text) as unknown;
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new Error('not an object');
    return json as DockerConfig;
  } catch (err) {
    throw registryCodeError(
      'REGISTRY_BAD_CONFIG',
      `cannot read ${path}: ${(err as Error).message}`,
      {
        location: { file: path },
        hint: 'fix the JSON or move the file away',
      },
    );
  }
}

/** The keys under which docker and podman may have stored `host`'s entry, most specific first. */
export function authKeys(host: string, repository?: string): string[] {
  const keys: string[] = [];
  if (repository) {
    const parts = repository.split('/');
    for (let i = parts.length; i > 0; i--) keys.push(`${host}/${parts.slice(0, i).join('/')}`);
  }
  keys.push(
    host,
    `https://${host}`,
    `http://${host}`,
    `https://${host}/v1/`,
    `https://${host}/v2/`,
  );
  if (host === 'docker.io') keys.push(DOCKER_HUB_KEY, 'index.docker.io', 'registry-1.docker.io');
  return keys;
}

/** The entry's user name and password (`auth` is base64 of `user:password`). */
export function decodeEntry(entry: AuthEntry): { username: string; password: string } | undefined {
  if (entry.identitytoken) return { username: '<token>', password: entry.identitytoken };
  if (entry.auth) {
    const plain = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = plain.indexOf(':');
    if (colon < 0) return undefined;
    return { username: plain.slice(0, colon), password: plain.slice(colon + 1) };
  }
  if (entry.username !== undefined && entry.password !== undefined)
    return { username: entry.username, password: entry.password };
  return undefined;
}

/** Looks `host` up in one config's `auths`. */
export function lookupAuths(
  config: DockerConfig | undefined,
  host: string,
  repository?: string,
): { username: string; password: string } | undefined {
  const auths = config?.auths;
  if (!auths) return undefined;
  for (const key of authKeys(host, repository)) {
    const entry = auths[key];
    if (entry) {
      const c = decodeEntry(entry);
      if (c) return c;
    }
  }
  return undefined;
}

/** The helper (`credHelpers[host]`, else `credsStore`) docker would ask for `host`. */
export function helperFor(config: DockerConfig | undefined, host: string): string | undefined {
  const helpers = config?.credHelpers ?? {};
  for (const key of authKeys(host)) if (helpers[key]) return helpers[key];
  return config?.credsStore || undefined;
}

/** The server URL docker passes to a helper for `host`. */
export function helperServerUrl(host: string): string {
  return host === 'docker.io' ? DOCKER_HUB_KEY : host;
}

/** Runs `docker-credential-NAME <action>` with `input` on stdin; resolves with stdout. */
export function runCredentialHelper(
  helper: string,
  action: 'get' | 'store' | 'erase',
  input: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, [action], { env, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const detail =
          code === 'ENOENT'
            ? `${program} is not installed`
            : (String(stdout).trim() || String(stderr).trim() || err.message).slice(0, 200);
        reject(
          registryCodeError(
            'REGISTRY_CREDENTIAL_HELPER',
            `${program} ${action} failed: ${detail}`,
            {
              hint: `check the credsStore/credHelpers entries in your docker config`,
            },
          ),
        );
        return;
      }
      resolve(String(stdout));
    });
    // A helper may exit without reading stdin (`get` of an unknown host): that is no error.
    child.stdin?.on('error', () => {});
    child.stdin?.end(input);
  });
}

/**
 * The credentials for `host`: containers' auth.json files, then docker's
 * config.json (its credential helper first, then `auths`). Undefined when
 * none are stored (anonymous access).
 */
export async function findCredentials(
  host: string,
  repository?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Credentials | undefined> {
  for (const path of containersAuthPaths(env)) {
    const c = lookupAuths(readConfigFile(path), host, repository);
    if (c) return { ...c, source: path };
  }
  const path = dockerConfigPath(env);
  const config = readConfigFile(path);
  const helper = helperFor(config, host);
  if (helper) {
    try {
      const out = await runCredentialHelper(helper, 'get', helperServerUrl(host), env);
      const json = JSON.parse(out) as { Username?: string; Secret?: string };
      if (json.Secret) {
        return {
          username: json.Username ?? '',
          password: json.Secret,
          source: `docker-credential-${helper}`,
        };
      }
    } catch (err) {
      // "credentials not found" is a normal answer: fall back to the file.
      if (!(err instanceof MfcError) || !/not found/i.test(err.message)) {
        if (!lookupAuths(config, host, repository)) throw err;
      }
    }
  }
  const c = lookupAuths(config, host, repository);
  return c ? { ...c, source: path } : undefined;
}
