// Regenerates fixtures/gguf-py/agreement.golden.json: llama.cpp's gguf-py
// (the oracle) on the 19 vocabulary GGUFs in llama.cpp's models/ and the two
// generated tiny models, reduced to types, lengths, value digests and tensors
// (see packages/gguf/test/gguf-py-golden.ts). Needs python3 with numpy; takes
// minutes. Run it when node-llama-cpp (so llama.cpp) or the fixture generator
// changes; the unit test gguf-py-goldens.test.ts says so when they disagree.
//
//   tsx scripts/gguf-py-goldens.ts [--check]
//
// --check compares instead of writing and exits 1 when the golden is stale.
import { execFile, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureFixtures, llamaCppSource } from './fixtures/index.js';
import {
  goldenFile,
  goldenOf,
  type GgufDump,
  type Goldens,
} from '../packages/gguf/test/gguf-py-golden.js';

const run = promisify(execFile);
const check = process.argv.includes('--check');

/** The first python3 on PATH with numpy (pnpm puts Node's folder, maybe /usr/bin, first). */
function pythonWithNumpy(): string {
  for (const dir of new Set((process.env.PATH ?? '').split(delimiter).filter(Boolean))) {
    const candidate = join(dir, 'python3');
    if (!existsSync(candidate)) continue;
    if (spawnSync(candidate, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0)
      return candidate;
  }
  console.error('gguf-py-goldens: needs python3 with numpy on PATH');
  process.exit(2);
}

const fixtures = await ensureFixtures();
const source = await llamaCppSource();
const vocab = readdirSync(fixtures.vocabDir)
  .filter((f) => /^ggml-vocab-.*\.gguf$/.test(f))
  .sort()
  .map((f) => join(fixtures.vocabDir, f));
const files = [...vocab, fixtures.tinyLlama.f32, fixtures.tinyLlama.f16];
const { stdout } = await run(
  pythonWithNumpy(),
  [join(import.meta.dirname, '..', 'packages', 'gguf', 'test', 'gguf_py_dump.py'), ...files],
  { env: { ...process.env, PYTHONPATH: join(source.dir, 'gguf-py') }, maxBuffer: 1 << 30 },
);
const dumps = JSON.parse(stdout) as Record<string, GgufDump>;
const goldens: Goldens = { llamaCpp: source.version, files: {} };
for (const file of files) goldens.files[basename(file)] = goldenOf(dumps[file]);
const text = JSON.stringify(goldens, null, 1) + '\n';

if (check) {
  const old = existsSync(goldenFile) ? readFileSync(goldenFile, 'utf8') : '';
  if (old !== text) {
    console.error(`${goldenFile} is stale: run tsx scripts/gguf-py-goldens.ts`);
    process.exit(1);
  }
  console.log(`${goldenFile} is up to date (${files.length} files)`);
} else {
  mkdirSync(dirname(goldenFile), { recursive: true });
  const tmp = `${goldenFile}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, goldenFile);
  console.log(`wrote ${goldenFile} (${files.length} files, llama.cpp ${source.version})`);
}
