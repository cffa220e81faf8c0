// Runs the benchmarks: `pnpm bench` runs every scripts/bench-*.ts,
// `pnpm bench gguf` only scripts/bench-gguf.ts. Each prints a Markdown table
// to stdout; copy the figures into docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const scripts = readdirSync(here)
  .filter((f) => /^bench-.+\.ts$/.test(f))
  .filter((f) => wanted.length === 0 || wanted.includes(f.slice(6, -3)));

if (scripts.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(2);
}
for (const script of scripts) {
  console.log(`\n### ${script}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(here, script)], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
