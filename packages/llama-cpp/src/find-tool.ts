import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { llamaCppError } from './error-codes.js';
import { BUILDABLE_TOOLS, buildLlamaTool, builtToolsDir, type BuildOptions } from './build.js';
import { bundledLlamaCppVersion } from './source.js';

export type ToolOrigin = 'explicit' | 'path' | 'built';

export interface LlamaTool {
  name: string;
  path: string;
  /** Where it was found: `--llama-cpp DIR`/`MFC_LLAMA_CPP`, `PATH`, or built by mfc. */
  origin: ToolOrigin;
}

export interface FindToolOptions extends BuildOptions {
  /** A llama.cpp folder (`--llama-cpp DIR`); defaults to `$MFC_LLAMA_CPP`. */
  llamaCppDir?: string;
  /** Skip the `PATH` lookup (tests that need mfc's own build). */
  ignorePath?: boolean;
  /** Do not build: return only tools that exist already (for `mfc doctor`). */
  noBuild?: boolean;
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where a tool sits inside a llama.cpp folder: the folder itself, `bin/` or `build/bin/`. */
function inDir(dir: string, name: string): string | undefined {
  return [join(dir, name), join(dir, 'bin', name), join(dir, 'build', 'bin', name)].find(
    isExecutable,
  );
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

const found = new Map<string, Promise<LlamaTool>>();

/**
 * Finds a llama.cpp tool such as `llama-quantize`: in the folder given by
 * `llamaCppDir` or `$MFC_LLAMA_CPP`, then on `PATH`, then among the tools mfc
 * builds itself from node-llama-cpp's llama.cpp source (built on first use).
 * `mfc-generate` is mfc's own program and always comes from mfc's build
 * unless the given folder has one.
 */
export async function findLlamaTool(
  name: string,
  options: FindToolOptions = {},
): Promise<LlamaTool> {
  const env = options.env ?? process.env;
  const dir = options.llamaCppDir ?? (env.MFC_LLAMA_CPP || undefined);
  const key = JSON.stringify([
    name,
    dir,
    options.ignorePath,
    options.noBuild,
    env.PATH,
    env.MFC_CACHE_DIR,
  ]);
  let pending = found.get(key);
  if (!pending) {
    pending = locate(name, dir, options, env);
    found.set(key, pending);
    pending.catch(() => found.delete(key));
  }
  return pending;
}

async function locate(
  name: string,
  dir: string | undefined,
  options: FindToolOptions,
  env: NodeJS.ProcessEnv,
): Promise<LlamaTool> {
  const ours = name === 'mfc-generate';
  if (dir) {
    const path = inDir(resolve(dir), name);
    if (path) return { name, path, origin: 'explicit' };
    if (!ours) {
      throw llamaCppError('LLAMA_TOOL_NOT_FOUND', `${name} is not in the llama.cpp folder ${dir}`, {
        hint: `looked in ${dir}, ${join(dir, 'bin')} and ${join(dir, 'build', 'bin')}; build it there or unset --llama-cpp/MFC_LLAMA_CPP to let mfc build its own`,
      });
    }
  }
  if (!options.ignorePath && !ours) {
    const path = onPath(name, env);
    if (path) return { name, path, origin: 'path' };
  }
  if (!BUILDABLE_TOOLS.includes(name)) {
    throw llamaCppError('LLAMA_TOOL_NOT_FOUND', `${name} was not found and mfc cannot build it`, {
      hint: `put it on PATH or pass --llama-cpp DIR; mfc builds ${BUILDABLE_TOOLS.join(', ')}`,
    });
  }
  if (options.noBuild) {
    const path = join(builtToolsDir(bundledLlamaCppVersion(), env), name);
    if (isExecutable(path)) return { name, path, origin: 'built' };
    throw llamaCppError('LLAMA_TOOL_NOT_BUILT', `${name} has not been built yet`, {
      hint: 'mfc builds it on first use (or run `mfc doctor --build`)',
    });
  }
  return { name, path: await buildLlamaTool(name, { env, onLog: options.onLog }), origin: 'built' };
}
