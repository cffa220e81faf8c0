// `mfc inspect --json --full` (the bundled CLI) agrees with llama.cpp's own
// gguf-py, run live, on every KV and tensor of two files: a SentencePiece
// vocabulary (float scores) and the generated tiny model (tensors). All 19
// vocabulary files are checked against gguf-py's stored answers in the unit
// lane (gguf-py-goldens.test.ts, made by scripts/gguf-py-goldens.ts), since
// gguf-py takes minutes on all of them. And the generated Hugging Face folder
// converts (convert_hf_to_gguf's name map and RoPE permutation) into exactly
// the generated GGUF tensors. Needs python3 with numpy; skipped without them.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, llamaCppSource, type Fixtures } from '../../../scripts/fixtures/index.js';

const run = promisify(execFile);
const here = import.meta.dirname;
const mfc = join(here, '..', '..', 'cli', 'bin', 'mfc.js');
/**
 * The first `python3` on PATH that has numpy. Package managers put the Node
 * binary's folder (often /usr/bin, whose python3 may lack numpy) first on
 * PATH, so the plain `python3` is not always the user's.
 */
function pythonWithNumpy(): string | undefined {
  const dirs = [...new Set((process.env.PATH ?? '').split(delimiter).filter(Boolean))];
  for (const dir of dirs) {
    const candidate = join(dir, 'python3');
    if (!existsSync(candidate)) continue;
    if (spawnSync(candidate, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0)
      return candidate;
  }
  return undefined;
}
const python = pythonWithNumpy() ?? 'python3';
const hasNumpy = python !== 'python3';
if (!hasNumpy) console.warn('gguf-py agreement test skipped: no python3 with numpy on PATH');

interface PyDump {
  version: number;
  metadata: Record<
    string,
    { type: string; itemType?: string | null; length?: number; value: unknown }
  >;
  tensors: { name: string; type: string; shape: number[]; absoluteOffset: number }[];
}

let fixtures: Fixtures;
let llamaDir: string;
let files: string[];
let pyDumps: Promise<Record<string, PyDump>>;

beforeAll(async () => {
  fixtures = await ensureFixtures();
  llamaDir = (await llamaCppSource()).dir;
  files = [join(fixtures.vocabDir, 'ggml-vocab-llama-spm.gguf'), fixtures.tinyLlama.f16];
  if (!hasNumpy) return;
  // One Python process for both files; started now, awaited by the test.
  pyDumps = run(python, [join(here, 'gguf_py_dump.py'), ...files], {
    env: { ...process.env, PYTHONPATH: join(llamaDir, 'gguf-py') },
    maxBuffer: 1 << 30,
  }).then((r) => JSON.parse(r.stdout));
  pyDumps.catch(() => undefined);
});

async function inspectJson(file: string) {
  const { stdout } = await run(process.execPath, [mfc, 'inspect', '--json', '--full', file], {
    maxBuffer: 1 << 30,
  });
  return JSON.parse(stdout);
}

describe.skipIf(!hasNumpy)('agreement with gguf-py', () => {
  it('checks files that exist', () => {
    for (const f of files) expect(existsSync(f), f).toBe(true);
  });

  it('agrees on every KV and tensor of every file', { timeout: 900_000 }, async () => {
    const dumps = await pyDumps;
    for (const file of files) {
      const ours = await inspectJson(file);
      const theirs = dumps[file];
      expect(ours.version, file).toBe(theirs.version);
      expect(Object.keys(ours.metadata), file).toEqual(Object.keys(theirs.metadata));
      for (const [key, kv] of Object.entries(theirs.metadata)) {
        const mine = ours.metadata[key];
        expect(mine.type, `${file} ${key}`).toBe(kv.type);
        if (kv.type === 'array') {
          expect(mine.itemType, `${file} ${key}`).toBe(kv.itemType);
          expect(mine.length, `${file} ${key}`).toBe(kv.length);
          expect(mine.truncated, `${file} ${key}`).toBeUndefined();
        }
        expect(mine.value, `${file} ${key}`).toEqual(kv.value);
      }
      expect(
        ours.tensors.map((t: PyDump['tensors'][number]) => ({
          name: t.name,
          type: t.type,
          shape: t.shape,
          absoluteOffset: t.absoluteOffset,
        })),
        file,
      ).toEqual(theirs.tensors);
    }
  });

  it(
    'converts the HF folder into exactly the generated GGUF tensors (convert_hf_to_gguf rules)',
    { timeout: 300_000 },
    async () => {
      const { stdout } = await run(
        python,
        [
          join(here, 'hf_to_gguf_check.py'),
          llamaDir,
          fixtures.tinyLlama.hfDir,
          fixtures.tinyLlama.f32,
          fixtures.tinyLlama.f16,
        ],
        { env: { ...process.env, PYTHONPATH: join(llamaDir, 'gguf-py') }, maxBuffer: 1 << 26 },
      );
      const result = JSON.parse(stdout);
      for (const file of [fixtures.tinyLlama.f32, fixtures.tinyLlama.f16]) {
        expect(result[file]).toEqual({ checked: 20, permuted: 4, mismatches: [], extra: [] });
      }
    },
  );
});
