import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { checkInputStats, type Location } from '@mfc/diagnostics';
import { builderError, systemError } from './error-codes.js';
import { fileGgufMagic } from '@mfc/gguf';
import { isHfReference } from '@mfc/hf';
import { expandPath } from './expand-path.js';
import type { BuildRequest } from './request.js';

/** Where the model's weights come from. */
export type BaseSource =
  | { kind: 'model'; ref: string; location: Location }
  | { kind: 'gguf'; files: { path: string; location: Location }[] }
  | { kind: 'safetensors'; dir: string; location: Location }
  | { kind: 'hf'; ref: string; location: Location };

/** A GGUF file, or one that was meant to be (byte-swapped magic: the reader explains). */
export async function hasGgufMagic(path: string): Promise<boolean> {
  return (await fileGgufMagic(path)) !== undefined;
}

async function statOrUndefined(p: string, location: Location) {
  try {
    return await stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw systemError(err as NodeJS.ErrnoException, `cannot read ${p}: ${(err as Error).message}`, {
      location,
    });
  }
}

/**
 * Ollama's `filesForModel` order of preference for a folder: safetensors
 * (converted — not yet supported), then `*.gguf`, then `*.bin` files that are GGUF.
 */
async function filesInFolder(dir: string, location: Location): Promise<BaseSource> {
  const names = (await readdir(dir)).sort();
  const has = (re: RegExp) => names.some((n) => re.test(n));
  if (
    has(/^model.*\.safetensors$/) ||
    has(/^consolidated.*\.safetensors$/) ||
    has(/^pytorch_model.*\.bin$/) ||
    has(/^consolidated.*\.pth$/)
  ) {
    return { kind: 'safetensors', dir, location };
  }
  let picked = names.filter((n) => n.endsWith('.gguf'));
  if (picked.length === 0) {
    const bins: string[] = [];
    for (const n of names.filter((x) => x.endsWith('.bin')))
      if (await hasGgufMagic(join(dir, n))) bins.push(n);
    picked = bins;
  }
  if (picked.length === 0) {
    // Ollama says "no Modelfile or safetensors files found"; what is missing is model files.
    throw builderError('BUILD_NO_MODEL_FILES', `no model files found in ${dir}`, {
      location,
      hint: 'FROM a folder needs .gguf files or a safetensors model (model*.safetensors) in it',
    });
  }
  return { kind: 'gguf', files: picked.map((n) => ({ path: join(dir, n), location })) };
}

/**
 * Resolves the FROM lines like Ollama: each argument is first tried as a
 * path (relative to the Modelfile's folder, `~` expanded); a path that does
 * not exist is a model name. A model name wins over files; files merge.
 */
export async function resolveBaseSource(req: BuildRequest, baseDir: string): Promise<BaseSource> {
  let model: BaseSource | undefined;
  const files: { path: string; location: Location }[] = [];
  for (const f of req.from) {
    const p = expandPath(f.text, baseDir, f.location);
    const st = await statOrUndefined(p, f.location);
    if (!st) {
      model = isHfReference(f.text)
        ? { kind: 'hf', ref: f.text, location: f.location }
        : { kind: 'model', ref: f.text, location: f.location };
      continue;
    }
    checkInputStats(p, st, { directory: true, location: { ...f.location } });
    if (st.isDirectory()) {
      const inFolder = await filesInFolder(p, f.location);
      if (inFolder.kind !== 'gguf') {
        model = inFolder;
        continue;
      }
      files.push(...inFolder.files);
    } else if (/\.(safetensors)$/.test(p)) {
      model = { kind: 'safetensors', dir: p, location: f.location };
    } else {
      files.push({ path: p, location: f.location });
    }
  }
  if (model) return model;
  // Ollama processes files in sorted file-name order.
  files.sort((a, b) =>
    basename(a.path) < basename(b.path) ? -1 : basename(a.path) > basename(b.path) ? 1 : 0,
  );
  return { kind: 'gguf', files };
}
