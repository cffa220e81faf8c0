#!/usr/bin/env node
// `pnpm demo`, the main job: generate the tiny llama model, build it from a fixture
// Modelfile into a fresh Ollama-layout store (never ~/.ollama), then show it.
// MFC_DEMO_MODELS=DIR keeps the store in DIR instead of a new temporary folder.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const mfc = join(root, 'packages/cli/bin/mfc.js');

function run(args, title) {
  if (title) console.log(`\n$ ${title}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

run([join(root, 'scripts/build.mjs'), '--if-stale']);
run(['--import', 'tsx', join(root, 'scripts/generate-fixtures.ts')], 'pnpm fixtures');
const models = process.env.MFC_DEMO_MODELS || mkdtempSync(join(tmpdir(), 'mfc-demo-'));
const m = ['--models', models];
run(
  [mfc, 'build', '-f', 'fixtures/build/tiny/Modelfile', '-t', 'tiny', ...m],
  `mfc build -f fixtures/build/tiny/Modelfile -t tiny --models ${models}`,
);
run([mfc, 'list', ...m], `mfc list --models ${models}`);
run([mfc, 'show', 'tiny', ...m], `mfc show tiny --models ${models}`);
run([mfc, 'show', 'tiny', '--modelfile', ...m], `mfc show tiny --modelfile --models ${models}`);
