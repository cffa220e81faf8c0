// `mfc build` over many PARAMETER lines: `pnpm bench build`. Builds the tiny
// fixture model with N `PARAMETER stop abc` lines (lint included) into a
// temporary store and prints the time per 1000 lines, which stays flat when
// the build is linear in N (it grew with N while every stop copied the list).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildModel } from '../packages/builder/src/index.js';
import { ensureFixtures } from './fixtures/index.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
await ensureFixtures();
const tiny = join(root, 'fixtures/generated/tiny-llama-f16.gguf');
const dir = mkdtempSync(join(tmpdir(), 'mfc-bench-build-'));
const modelsDir = join(dir, 'models');

function modelfile(lines: number): string {
  return `FROM ${tiny}\n` + 'PARAMETER stop abc\n'.repeat(lines);
}

async function best(lines: number, runs: number): Promise<number> {
  const text = modelfile(lines);
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await buildModel({ modelsDir, name: `p${lines}`, text, modelfile: join(dir, 'Modelfile') });
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return min;
}

try {
  await best(10, 1); // the model blob lands once; every later build only hashes nothing
  console.log('| PARAMETER stop lines | build time (best of 3) | per 1000 lines | heap after |');
  console.log('|---|---|---|---|');
  for (const n of [5_000, 10_000, 20_000, 40_000, 80_000]) {
    const ms = await best(n, 3);
    const heap = process.memoryUsage().heapUsed / 1048576;
    console.log(
      `| ${n} | ${ms.toFixed(0)} ms | ${((ms / n) * 1000).toFixed(0)} ms | ${heap.toFixed(0)} MiB |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
