import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { MfcError } from '@mfc/diagnostics';
import { storeError } from './error-codes.js';
import { digestFileName, type Digest } from './digest.js';
import type { ModelName } from './name.js';

/**
 * Where things live under a models folder. `blobs/` and `manifests/` are
 * Ollama's; mfc's own bookkeeping (partial files, locks, the digest cache) is
 * under `.mfc/`, which Ollama ignores (Ollama deletes unknown files in
 * `blobs/` at startup, so partial files must not live there).
 */
export class StoreLayout {
  readonly root: string;
  constructor(root: string) {
    this.root = resolve(root);
  }
  get blobsDir(): string {
    return join(this.root, 'blobs');
  }
  get manifestsDir(): string {
    return join(this.root, 'manifests');
  }
  get privateDir(): string {
    return join(this.root, '.mfc');
  }
  get tmpDir(): string {
    return join(this.privateDir, 'tmp');
  }
  get locksDir(): string {
    return join(this.privateDir, 'locks');
  }
  /** Resumable registry downloads: one folder per blob (`sha256-<hex>/` with `data` and `state.json`). */
  get downloadsDir(): string {
    return join(this.privateDir, 'downloads');
  }
  get digestCacheDir(): string {
    return join(this.privateDir, 'digests');
  }
  blobPath(digest: Digest): string {
    return join(this.blobsDir, digestFileName(digest));
  }
  manifestPath(name: ModelName): string {
    return join(this.manifestsDir, name.host, name.namespace, name.model, name.tag);
  }
}

/**
 * The models folder: `--models`, else `OLLAMA_MODELS`, else `~/.ollama/models`
 * (Ollama's default for a user install).
 */
export function resolveModelsDir(
  option: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  const chosen = option ?? (env.OLLAMA_MODELS ? env.OLLAMA_MODELS : undefined);
  if (chosen !== undefined) return resolve(cwd, expandHome(chosen, env));
  return join(env.HOME || homedir(), '.ollama', 'models');
}

function expandHome(p: string, env: NodeJS.ProcessEnv): string {
  if (p === '~') return env.HOME || homedir();
  if (p.startsWith('~/')) return join(env.HOME || homedir(), p.slice(2));
  return p;
}

/**
 * The error for a models folder mfc cannot write (a read-only mount, no
 * permission), or undefined when `err` is something else. Checked on the
 * nearest folder that exists, so the message names the real cause rather
 * than a lock file or a missing folder.
 */
export function readOnlyStoreError(root: string, err: unknown): MfcError | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM' && code !== 'ENOENT')
    return undefined;
  let dir = resolve(root);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (e) {
    const readOnly = (e as NodeJS.ErrnoException).code === 'EROFS';
    return storeError(
      'STORE_READ_ONLY',
      `the models folder ${root} is ${readOnly ? 'on a read-only file system' : 'not writable'}`,
      {
        location: { file: root },
        hint: readOnly
          ? 'use a models folder on a writable file system (--models DIR or OLLAMA_MODELS)'
          : 'check its permissions, or use another models folder (--models DIR or OLLAMA_MODELS)',
        cause: err,
      },
    );
  }
}
