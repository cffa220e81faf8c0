// Reads all 19 real GGUF files of llama.cpp's models/ folder (written by
// llama.cpp's own tools; aquila is version 2), both as a summary read and
// with every string decoded.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GgufArray, openGguf } from '@mfc/gguf';
import { vocabDir } from '../../../scripts/fixtures/index.js';

// file → [version, KVs, architecture, tokenizer model, n_vocab, merges]
const expected: Record<string, [number, number, string, string, number, number]> = {
  aquila: [2, 18, 'llama', 'gpt2', 100008, -1],
  baichuan: [3, 18, 'baichuan', 'llama', 64000, 0],
  'bert-bge': [3, 20, 'bert', 'bert', 30522, 0],
  'command-r': [3, 27, 'command-r', 'gpt2', 256000, -1],
  'deepseek-coder': [3, 25, 'llama', 'gpt2', 32256, -1],
  'deepseek-llm': [3, 23, 'llama', 'gpt2', 102400, -1],
  falcon: [3, 18, 'falcon', 'gpt2', 65024, -1],
  'gemma-4': [3, 42, 'gemma4', 'gemma4', 262144, 514906],
  'gpt-2': [3, 16, 'gpt2', 'gpt2', 50257, -1],
  'gpt-neox': [3, 17, 'gptneox', 'gpt2', 50432, -1],
  'llama-bpe': [3, 20, 'llama', 'gpt2', 128256, 280147],
  'llama-spm': [3, 22, 'llama', 'llama', 32000, 0],
  mpt: [3, 17, 'mpt', 'gpt2', 50432, -1],
  'nomic-bert-moe': [3, 37, 'nomic-bert-moe', 't5', 250048, 0],
  'phi-3': [3, 26, 'phi3', 'llama', 32064, 0],
  qwen2: [3, 20, 'qwen2', 'gpt2', 151936, -1],
  qwen35: [3, 20, 'qwen2', 'gpt2', 151936, -1],
  refact: [3, 18, 'refact', 'gpt2', 49216, -1],
  starcoder: [3, 19, 'starcoder2', 'gpt2', 49152, -1],
};

let dir: string;
beforeAll(async () => {
  dir = await vocabDir();
});

describe('the 19 ggml-vocab files of llama.cpp', () => {
  it.each(Object.entries(expected))(
    '%s',
    async (name, [version, kvs, arch, model, nVocab, merges]) => {
      const path = join(dir, `ggml-vocab-${name}.gguf`);
      const g = await openGguf(path);
      expect(g.version).toBe(version);
      expect(g.metadata.size).toBe(kvs);
      expect(g.architecture).toBe(arch);
      expect(g.get('tokenizer.ggml.model')).toBe(model);
      expect(g.tensors).toEqual([]);
      expect(g.parameterCount).toBe(0);
      const tokens = g.get('tokenizer.ggml.tokens') as GgufArray;
      expect(tokens.length).toBe(nVocab);
      const m = g.get('tokenizer.ggml.merges');
      if (merges === 0) expect(m).toBeUndefined();
      else expect((m as GgufArray).length).toBe(merges > 0 ? merges : (m as GgufArray).length);
      if (version === 3) expect(g.headerEnd).toBe(statSync(path).size); // vocab-only files end at the last KV
      // A full read decodes and validates every string.
      const full = await openGguf(path, { decodeStrings: true });
      const all = (full.get('tokenizer.ggml.tokens') as GgufArray).toArray();
      expect(all).toHaveLength(nVocab);
      expect(all.every((t) => typeof t === 'string')).toBe(true);
    },
  );

  it('decodes known tokens exactly', async () => {
    const spm = await openGguf(join(dir, 'ggml-vocab-llama-spm.gguf'));
    const tokens = spm.get('tokenizer.ggml.tokens') as GgufArray;
    expect(tokens.head(4)).toEqual(['<unk>', '<s>', '</s>', '<0x00>']);
    expect(tokens.get(31999)).toBe('给'); // as gguf-py reads it
    expect(tokens.get(29871)).toBe('▁');
    expect(tokens.get(13)).toBe('<0x0A>');
    expect((spm.get('tokenizer.ggml.token_type') as GgufArray).head(4)).toEqual([2, 3, 3, 6]);
    expect(spm.get('tokenizer.ggml.add_bos_token')).toBe(true);
    const bpe = await openGguf(join(dir, 'ggml-vocab-llama-bpe.gguf'));
    expect((bpe.get('tokenizer.ggml.tokens') as GgufArray).get(128000)).toBe('<|begin_of_text|>');
    expect((bpe.get('tokenizer.ggml.merges') as GgufArray).get(0)).toBe('Ġ Ġ');
  });
});
