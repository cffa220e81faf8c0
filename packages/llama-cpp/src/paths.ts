import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InternalError } from '@mfc/diagnostics';

/** The folder of an installed package, found from its entry point (its exports may hide package.json). */
function packageDir(name: string, from: string): string {
  let dir = dirname(createRequire(from).resolve(name));
  while (!existsSync(join(dir, 'package.json')) || !dir.endsWith(name)) {
    const parent = dirname(dir);
    // require.resolve found it, so its folder exists: not finding it is a bug.
    if (parent === dir) throw new InternalError(`cannot locate the ${name} package`);
    dir = parent;
  }
  return dir;
}

/** The installed node-llama-cpp package folder (it ships llama.cpp's source as a git bundle). */
export function nodeLlamaCppDir(): string {
  return packageDir('node-llama-cpp', import.meta.url);
}

/** The prebuilt CPU libraries for this platform (`@node-llama-cpp/linux-x64`), if installed. */
export function prebuiltBinsDir(): string | undefined {
  try {
    const from = pathToFileURL(join(nodeLlamaCppDir(), 'package.json')).href;
    return join(packageDir('@node-llama-cpp/linux-x64', from), 'bins', 'linux-x64');
  } catch {
    return undefined;
  }
}

/** mfc's cache folder: `$MFC_CACHE_DIR`, else `$XDG_CACHE_HOME/mfc`, else `~/.cache/mfc`. */
export function mfcCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MFC_CACHE_DIR) return env.MFC_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'mfc');
}
