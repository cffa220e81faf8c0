// mfc's GGUF JSON (what `mfc inspect --json --full` prints) against gguf-py's
// stored answers for all 19 vocabulary files of llama.cpp's models/ and the
// generated tiny models: every KV's type, element type, length and full value
// (by digest) and every tensor. The answers are fixtures/gguf-py/
// agreement.golden.json, made by scripts/gguf-py-goldens.ts; the live
// comparison on two files is gguf-py-agreement.int.test.ts.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { exactJsonText, ggufJson, openGgufSet } from '@mfc/gguf';
import { ensureFixtures, llamaCppSource, type Fixtures } from '../../../scripts/fixtures/index.js';
import { goldenFile, goldenOf, type GgufDump, type Goldens } from './gguf-py-golden.js';

const goldens = JSON.parse(readFileSync(goldenFile, 'utf8')) as Goldens;
const regenerate = 'regenerate with `tsx scripts/gguf-py-goldens.ts` (needs python3 with numpy)';

let fixtures: Fixtures;
let files: string[];
beforeAll(async () => {
  fixtures = await ensureFixtures();
  const vocab = readdirSync(fixtures.vocabDir)
    .filter((f) => /^ggml-vocab-.*\.gguf$/.test(f))
    .sort()
    .map((f) => join(fixtures.vocabDir, f));
  files = [...vocab, fixtures.tinyLlama.f32, fixtures.tinyLlama.f16];
});

async function ours(file: string): Promise<GgufDump> {
  const set = await openGgufSet(file);
  return JSON.parse(exactJsonText(ggufJson(set, { full: true }))) as GgufDump;
}

describe('agreement with gguf-py (goldens)', () => {
  it('were made from the llama.cpp release node-llama-cpp provisions', async () => {
    expect((await llamaCppSource()).version, regenerate).toBe(goldens.llamaCpp);
  });

  it('cover the 19 vocabulary files and both generated models', () => {
    expect(files.filter((f) => f.includes('ggml-vocab-'))).toHaveLength(19);
    expect(Object.keys(goldens.files).sort()).toEqual(files.map((f) => basename(f)).sort());
  });

  it('agree on every KV and tensor of every file', { timeout: 300_000 }, async () => {
    for (const file of files) {
      const name = basename(file);
      const mine = await ours(file);
      for (const kv of Object.values(mine.metadata))
        expect(kv.truncated, `${name}: --full shows every element`).toBeUndefined();
      expect(goldenOf(mine), `${name} (${regenerate} if the oracle changed)`).toEqual(
        goldens.files[name],
      );
    }
  });
});
