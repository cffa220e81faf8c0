import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFixtures } from '../../../scripts/fixtures/index.js';

/** The generated tiny llama model (`pnpm fixtures`): F32 and F16 GGUF, HF folder. */
export async function tinyLlama() {
  return (await ensureFixtures()).tinyLlama;
}

/** A temporary folder, removed by the returned cleanup. */
export async function tempDir(
  prefix = 'mfc-llama-',
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
