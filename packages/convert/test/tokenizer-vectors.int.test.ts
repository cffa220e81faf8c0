// Tokenizer conversion checked against llama.cpp's own vectors: the
// ggml-vocab-*.gguf files are turned back into Hugging Face tokenizer files,
// converted by mfc, and llama.cpp must tokenize every .inp string to the
// .out ids. All strings go through llama.cpp in-process (node-llama-cpp,
// same llama.cpp release); a few also through the llama-tokenize tool.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLlamaTool, llamaCppSource, runLlamaTool } from '@mfc/llama-cpp';
import { getLlama, LlamaLogLevel, type Llama } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertHfToGguf } from '../src/index.js';
import { readVocabTests, rebuildHfTokenizer } from './support/vocab-rebuild.js';

const VOCABS = [
  { vocab: 'llama-spm', model: 'llama', pre: 'default' },
  { vocab: 'phi-3', model: 'llama', pre: 'default' },
  { vocab: 'llama-bpe', model: 'gpt2', pre: 'llama-bpe' },
  { vocab: 'qwen2', model: 'gpt2', pre: 'qwen2' },
];

let models: string;
let tmp: string;
let llama: Llama;
beforeAll(async () => {
  models = join((await llamaCppSource()).dir, 'models');
  tmp = await mkdtemp(join(tmpdir(), 'mfc-vocab-'));
  llama = await getLlama({ gpu: false, build: 'never', logLevel: LlamaLogLevel.disabled });
});
afterAll(async () => {
  await llama?.dispose();
  await rm(tmp, { recursive: true, force: true });
});

describe.each(VOCABS)('the $vocab vocabulary', ({ vocab, model, pre }) => {
  it('converts so that llama.cpp reproduces every .inp → .out vector', async () => {
    const rebuilt = await rebuildHfTokenizer(
      join(models, `ggml-vocab-${vocab}.gguf`),
      join(tmp, vocab),
    );
    const out = join(tmp, `${vocab}.gguf`);
    const r = await convertHfToGguf(rebuilt.dir, out, { vocabOnly: true, name: rebuilt.name });
    expect(r.warnings).toEqual([]);
    const tests = readVocabTests(
      readFileSync(join(models, `ggml-vocab-${vocab}.gguf.inp`), 'utf8'),
      readFileSync(join(models, `ggml-vocab-${vocab}.gguf.out`), 'utf8'),
    );
    expect(tests.length).toBeGreaterThan(40);

    const loaded = await llama.loadModel({ modelPath: out, vocabOnly: true });
    try {
      expect(loaded.fileInfo.metadata.tokenizer.ggml.model).toBe(model);
      expect((loaded.fileInfo.metadata.tokenizer.ggml as { pre?: string }).pre).toBe(pre);
      const mismatches = tests
        .map((t) => ({
          text: t.text,
          want: t.ids,
          got: Array.from(loaded.tokenize(t.text, false)) as number[],
        }))
        .filter((m) => JSON.stringify(m.got) !== JSON.stringify(m.want));
      expect(mismatches).toEqual([]);
    } finally {
      await loaded.dispose();
    }

    // The same through the llama-tokenize tool, for a few strings (each run reloads the vocabulary).
    const tool = await findLlamaTool('llama-tokenize');
    for (const t of [tests[1], tests[10], tests.at(-1)!]) {
      const prompt = join(tmp, `${vocab}.txt`);
      await writeFile(prompt, t.text);
      const o = await runLlamaTool(tool.path, [
        '-m',
        out,
        '-f',
        prompt,
        '--ids',
        '--no-bos',
        '--no-escape',
        '--log-disable',
      ]);
      expect(JSON.parse(o.stdout.trim().split('\n').at(-1)!)).toEqual(t.ids);
    }
  });
});
