import { createReadStream, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildModel } from '@mfc/builder';
import { openStore, type Store } from '@mfc/store';
import { readLayoutTar, type LayoutSource } from '../src/index.js';

export const repoRoot = resolve(__dirname, '../../..');
export const tinyModelfile = join(repoRoot, 'fixtures/build/tiny/Modelfile');
export const tinyGguf = join(repoRoot, 'fixtures/generated/tiny-llama-f16.gguf');

/** A temporary folder; `cleanup()` removes it. */
export function tempDir(prefix = 'mfc-oci-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A store with the tiny model (template, system, license, params, messages) built as `tiny`. */
export async function storeWithTiny(modelsDir: string, name = 'tiny'): Promise<Store> {
  await buildModel({ modelsDir, name, modelfile: tinyModelfile });
  return openStore(modelsDir);
}

/** Every regular file under `dir` (relative paths), for "nothing was written" checks. */
export function filesUnder(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(filesUnder(p).map((f) => join(n, f)));
    else out.push(n);
  }
  return out;
}

export async function openTar(path: string, store: Store, listOnly = false): Promise<LayoutSource> {
  return readLayoutTar(createReadStream(path), path, store.blobs, {
    listOnly,
    archiveSize: statSync(path).size,
  });
}
