import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeFileAtomicSync } from '@mfc/diagnostics';
import {
  authKeys,
  dockerConfigPath,
  helperFor,
  helperServerUrl,
  readConfigFile,
  runCredentialHelper,
  DOCKER_HUB_KEY,
  type DockerConfig,
} from './credentials.js';

/** The key docker writes for `host` in `auths` (Docker Hub's is the old v1 URL). */
export function configKey(host: string): string {
  return host === 'docker.io' ? DOCKER_HUB_KEY : host;
}

/** Writes `path` the way docker does: tab-indented JSON, mode 0600, temp file + fsync + rename. */
export function writeConfigFile(path: string, config: DockerConfig): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileAtomicSync(path, JSON.stringify(config, null, '\t'), { mode: 0o600 });
}

/** The config with `host`'s credentials stored (`auths` entry, or via its helper). Returns where. */
export async function storeLogin(
  host: string,
  username: string,
  password: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; helper?: string }> {
  const path = dockerConfigPath(env);
  const config = readConfigFile(path) ?? {};
  const auths = { ...(config.auths ?? {}) };
  for (const k of authKeys(host)) if (k !== configKey(host)) delete auths[k];
  const helper = helperFor(config, host);
  if (helper) {
    await runCredentialHelper(
      helper,
      'store',
      JSON.stringify({ ServerURL: helperServerUrl(host), Username: username, Secret: password }),
      env,
    );
    auths[configKey(host)] = {};
  } else {
    auths[configKey(host)] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  }
  writeConfigFile(path, { ...config, auths });
  return { path, ...(helper ? { helper } : {}) };
}

/** Removes `host`'s credentials. Returns whether there were any. */
export async function removeLogin(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; removed: boolean }> {
  const path = dockerConfigPath(env);
  const config = readConfigFile(path);
  if (!config) return { path, removed: false };
  const auths = { ...(config.auths ?? {}) };
  let removed = false;
  for (const k of authKeys(host)) {
    if (k in auths) {
      delete auths[k];
      removed = true;
    }
  }
  const helper = helperFor(config, host);
  if (helper) {
    await runCredentialHelper(helper, 'erase', helperServerUrl(host), env).then(
      () => (removed = true),
      () => {},
    );
  }
  if (removed) writeConfigFile(path, { ...config, auths });
  return { path, removed };
}
