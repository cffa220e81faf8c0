import { existsSync, realpathSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

const MODEL_FILE_EXTENSION = /\.(gguf|safetensors|bin|pth|pt)$/i;

/**
 * Whether a FROM value is meant as a path rather than a model name
 * (`llama3:8b`, `user/model`, `hf.co/org/repo:Q4_K_M` are names): it starts
 * like a path (`/ \ ./ ../ ~ C:\`), is `.` or `..`, contains a backslash, or
 * ends with a weights file extension.
 */
export function looksLikePath(value: string): boolean {
  return (
    /^(\/|\\|\.{1,2}[\\/]|~|[A-Za-z]:[\\/])/.test(value) ||
    value === '.' ||
    value === '..' ||
    value.includes('\\') ||
    MODEL_FILE_EXTENSION.test(value)
  );
}

/**
 * Ollama's `expandPath`: `~` and `~/…` are the home folder, absolute paths stay,
 * the rest is relative to the Modelfile's folder. `~user/…` returns undefined
 * (other users' homes are not looked up).
 */
export function expandPath(value: string, baseDir: string): string | undefined {
  if (value === '~') return homedir();
  if (value.startsWith('~/')) return join(homedir(), value.slice(2));
  if (value.startsWith('~')) return undefined;
  if (isAbsolute(value)) return resolve(value);
  return resolve(baseDir, value);
}

export function pathExists(path: string): boolean {
  return existsSync(path);
}

/** The path with symlinks resolved when it exists (Go's `filepath.EvalSymlinks`), else as given. */
export function canonicalPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Weights file names Ollama's `filesForModel` takes from a folder, in its order of preference. */
const WEIGHTS_IN_FOLDER = [
  /^model.*\.safetensors$/,
  /^consolidated.*\.safetensors$/,
  /^pytorch_model.*\.bin$/,
  /^consolidated.*\.pth$/,
  /\.gguf$/,
  /\.bin$/,
];

/**
 * Whether a folder holds a file Ollama's `filesForModel` would take as the
 * model (by name: `model*.safetensors`, also one folder down, `consolidated*`,
 * `pytorch_model*.bin`, `*.gguf`, `*.bin`); undefined when it cannot be read.
 * Names only: Ollama also sniffs the content, which a linter leaves to the build.
 */
export async function folderHasWeights(dir: string): Promise<boolean | undefined> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  if (entries.some((e) => !e.isDirectory() && WEIGHTS_IN_FOLDER.some((re) => re.test(e.name))))
    return true;
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    try {
      const inner = await readdir(join(dir, e.name));
      if (inner.some((n) => WEIGHTS_IN_FOLDER[0].test(n))) return true;
    } catch {
      // An unreadable subfolder holds nothing Ollama could read either.
    }
  }
  return false;
}
