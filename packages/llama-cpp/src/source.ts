import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { commitRename, releaseTempPath, tempPathFor } from '@mfc/diagnostics';
import { mfcCacheDir, nodeLlamaCppDir } from './paths.js';
import { llamaCppError } from './error-codes.js';

const run = promisify(execFile);

export interface LlamaCppSource {
  /** The release tag node-llama-cpp pins, e.g. `v0.5.0`. */
  version: string;
  /** A checked-out llama.cpp tree (models/, gguf-py/, tools/, …). */
  dir: string;
}

/** The llama.cpp release that the installed node-llama-cpp was built from. */
export function bundledLlamaCppVersion(): string {
  const info = JSON.parse(
    readFileSync(join(nodeLlamaCppDir(), 'llama', 'llama.cpp.info.json'), 'utf8'),
  );
  return String(info.tag);
}

let pending: Promise<LlamaCppSource> | undefined;

/**
 * Checks out the llama.cpp source that node-llama-cpp ships
 * (`llama/gitRelease.bundle`) into mfc's cache, once per version, and
 * returns its folder. Safe against concurrent callers in other processes:
 * each clones to a temporary folder and renames it into place.
 */
export function llamaCppSource(env: NodeJS.ProcessEnv = process.env): Promise<LlamaCppSource> {
  pending ??= checkout(env).catch((err) => {
    pending = undefined;
    throw err;
  });
  return pending;
}

async function checkout(env: NodeJS.ProcessEnv): Promise<LlamaCppSource> {
  const version = bundledLlamaCppVersion();
  const dir = join(mfcCacheDir(env), 'llama.cpp', version, 'src');
  if (existsSync(join(dir, 'CMakeLists.txt'))) return { version, dir };
  const bundle = join(nodeLlamaCppDir(), 'llama', 'gitRelease.bundle');
  if (!existsSync(bundle)) {
    throw llamaCppError(
      'LLAMA_CPP_SOURCE_MISSING',
      `node-llama-cpp has no llama.cpp bundle at ${bundle}`,
      {
        hint: 'reinstall dependencies with `pnpm install`',
      },
    );
  }
  // A finished checkout is moved into place; a partial one is removed, on Ctrl-C too.
  const tmp = tempPathFor(dir);
  try {
    await run('git', ['clone', '--quiet', bundle, tmp], { maxBuffer: 16 << 20 });
    try {
      await commitRename(tmp, dir);
    } catch (err) {
      // Another process won the race; its checkout is as good as ours.
      if (!existsSync(join(dir, 'CMakeLists.txt'))) throw err;
    }
  } catch (err) {
    throw llamaCppError('LLAMA_CPP_SOURCE_FAILED', `could not check out llama.cpp from ${bundle}`, {
      cause: err,
      hint: 'mfc needs `git` on PATH to unpack the llama.cpp source',
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
    releaseTempPath(tmp);
  }
  return { version, dir };
}
