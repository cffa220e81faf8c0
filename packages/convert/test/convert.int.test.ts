import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GgmlType, GgufArray, openGguf, type GgufFile } from '@mfc/gguf';
import { pullFromHub, startTestHub } from '@mfc/hf';
import { generate } from '@mfc/llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type Fixtures } from '../../../scripts/fixtures/index.js';
import { convertHfToGguf, parseSentencePiece } from '../src/index.js';
import { writeTinyHfModel, type TinyArch } from './support/tiny-hf.js';

let fixtures: Fixtures;
let tmp: string;
beforeAll(async () => {
  fixtures = await ensureFixtures();
  tmp = await mkdtemp(join(tmpdir(), 'mfc-convert-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function tensorBytes(g: GgufFile, name: string): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of g.readTensorData(name)) parts.push(c);
  return Buffer.concat(parts);
}

const meta = (g: GgufFile, key: string) => g.metadata.get(key)?.value;
const arr = (g: GgufFile, key: string) => (meta(g, key) as GgufArray).toArray();

describe('the tiny-llama fixture', () => {
  it('converts to exactly the tensors of tiny-llama-f16.gguf', async () => {
    const out = join(tmp, 'tiny-llama.gguf');
    const r = await convertHfToGguf(fixtures.tinyLlama.hfDir, out);
    expect(r).toMatchObject({ architecture: 'llama', outType: 'f16', warnings: [] });
    const ours = await openGguf(out);
    const theirs = await openGguf(fixtures.tinyLlama.f16);
    expect(ours.tensors.map((t) => t.name).sort()).toEqual(
      theirs.tensors.map((t) => t.name).sort(),
    );
    for (const t of theirs.tensors) {
      const o = ours.tensors.find((x) => x.name === t.name)!;
      expect({ name: o.name, type: o.type, shape: o.shape }).toEqual({
        name: t.name,
        type: t.type,
        shape: t.shape,
      });
      expect(
        (await tensorBytes(ours, t.name)).equals(await tensorBytes(theirs, t.name)),
        t.name,
      ).toBe(true);
    }
    for (const key of [...theirs.metadata.keys()].filter((k) => k.startsWith('llama.'))) {
      expect(meta(ours, key), key).toEqual(meta(theirs, key));
    }
    // Our tokens are the input tokenizer.model's pieces, which are the fixture GGUF's tokens (except where
    // the fixture generator wrote tokenizer.model differently: it lost the lone BOM piece "\ufeff" once).
    const pieces = parseSentencePiece(
      readFileSync(join(fixtures.tinyLlama.hfDir, 'tokenizer.model')),
      'tokenizer.model',
    ).pieces;
    const ourTokens = arr(ours, 'tokenizer.ggml.tokens');
    const theirTokens = arr(theirs, 'tokenizer.ggml.tokens');
    expect(ourTokens).toEqual(pieces);
    const agreeing = pieces.flatMap((p, i) => (p === theirTokens[i] ? [i] : []));
    expect(agreeing.length).toBeGreaterThanOrEqual(pieces.length - 1);
    expect(agreeing.map((i) => ourTokens[i])).toEqual(agreeing.map((i) => theirTokens[i]));
    // llama.cpp's converter marks tokens listed as special in added_tokens_decoder CONTROL with score -1000.
    expect(arr(ours, 'tokenizer.ggml.token_type').slice(0, 3)).toEqual([3, 3, 3]);
    expect(meta(ours, 'tokenizer.ggml.bos_token_id')).toBe(1);
    expect(meta(ours, 'tokenizer.ggml.add_bos_token')).toBe(true);
    expect(meta(ours, 'tokenizer.chat_template')).toBe(meta(theirs, 'tokenizer.chat_template'));
  });

  it('writes F32 and BF16 on request, keeping norms F32', async () => {
    for (const outType of ['f32', 'bf16'] as const) {
      const out = join(tmp, `tiny-${outType}.gguf`);
      await convertHfToGguf(fixtures.tinyLlama.hfDir, out, { outType });
      const g = await openGguf(out);
      const byName = new Map(g.tensors.map((t) => [t.name, t.type]));
      expect(byName.get('blk.0.attn_q.weight')).toBe(
        outType === 'f32' ? GgmlType.F32 : GgmlType.BF16,
      );
      expect(byName.get('blk.0.attn_norm.weight')).toBe(GgmlType.F32);
      expect(meta(g, 'general.file_type')).toBe(outType === 'f32' ? 0 : 32);
    }
    const f32 = await openGguf(join(tmp, 'tiny-f32.gguf'));
    const ref = await openGguf(fixtures.tinyLlama.f32);
    for (const t of ref.tensors) {
      expect((await tensorBytes(f32, t.name)).equals(await tensorBytes(ref, t.name)), t.name).toBe(
        true,
      );
    }
  });
});

const ARCHS: { arch: TinyArch; gguf: string }[] = [
  { arch: 'llama', gguf: 'llama' },
  { arch: 'llama3', gguf: 'llama' },
  { arch: 'mistral', gguf: 'llama' },
  { arch: 'mixtral', gguf: 'llama' },
  { arch: 'qwen2', gguf: 'qwen2' },
  { arch: 'qwen3', gguf: 'qwen3' },
  { arch: 'gemma', gguf: 'gemma' },
  { arch: 'gemma2', gguf: 'gemma2' },
  { arch: 'gemma3', gguf: 'gemma3' },
  { arch: 'phi3', gguf: 'phi3' },
];

describe.each(ARCHS)('a tiny $arch model', ({ arch, gguf }) => {
  it('converts and generates with llama.cpp', async () => {
    const model = await writeTinyHfModel(join(tmp, arch), arch, fixtures.tinyLlama.hfDir);
    const out = join(tmp, `${arch}.gguf`);
    const r = await convertHfToGguf(model.dir, out);
    expect(r.architecture).toBe(gguf);
    expect(r.warnings).toEqual([]);
    const g = await openGguf(out);
    expect(meta(g, 'general.architecture')).toBe(gguf);
    expect(meta(g, 'general.file_type')).toBe(32); // BF16 weights stay BF16 by default
    expect(meta(g, `${gguf}.block_count`)).toBe(2);
    expect(arr(g, 'tokenizer.ggml.tokens')).toHaveLength(model.vocabSize);
    const names = new Set(g.tensors.map((t) => t.name));
    const shape = (n: string) => g.tensors.find((t) => t.name === n)?.shape;

    switch (arch) {
      case 'llama3':
        expect(names.has('rope_freqs.weight')).toBe(true);
        expect(meta(g, 'tokenizer.ggml.pre')).toBe('llama-bpe');
        expect(arr(g, 'tokenizer.ggml.eos_token_ids')).toEqual([
          model.vocabSize - 2,
          model.vocabSize - 1,
        ]);
        expect(meta(g, 'tokenizer.ggml.bos_token_id')).toBe(model.vocabSize - 3);
        break;
      case 'mixtral':
        expect(shape('blk.0.ffn_gate_exps.weight')).toEqual([64, 128, 4]);
        expect(shape('blk.1.ffn_down_exps.weight')).toEqual([128, 64, 4]);
        expect(meta(g, 'llama.expert_count')).toBe(4);
        expect(meta(g, 'llama.expert_used_count')).toBe(2);
        expect(g.tensors.find((t) => t.name === 'blk.0.ffn_gate_inp.weight')?.type).toBe(
          GgmlType.F32,
        );
        break;
      case 'qwen2':
        expect(meta(g, 'tokenizer.ggml.pre')).toBe('qwen2');
        expect(g.tensors.find((t) => t.name === 'blk.0.attn_q.bias')?.type).toBe(GgmlType.F32);
        expect(meta(g, 'tokenizer.chat_template')).toContain('<|im_start|>');
        expect(meta(g, 'tokenizer.ggml.eos_token_id')).toBe(model.vocabSize - 1);
        break;
      case 'qwen3':
        expect(names.has('blk.0.attn_q_norm.weight')).toBe(true);
        expect(meta(g, 'qwen3.attention.key_length')).toBe(16);
        break;
      case 'gemma':
      case 'gemma2':
      case 'gemma3': {
        expect(names.has('output.weight')).toBe(false);
        expect(meta(g, 'tokenizer.ggml.add_space_prefix')).toBe(false);
        // HF Gemma stores norm weights minus one; llama.cpp wants them whole.
        const norm = new Float32Array(
          new Uint8Array(await tensorBytes(g, 'output_norm.weight')).buffer,
        );
        expect(Math.min(...norm)).toBeGreaterThan(0.98);
        expect(Math.max(...norm)).toBeLessThan(1.02);
        if (arch !== 'gemma') expect(names.has('blk.1.post_ffw_norm.weight')).toBe(true);
        if (arch === 'gemma2') expect(meta(g, 'gemma2.attn_logit_softcapping')).toBe(50);
        if (arch === 'gemma3') expect(names.has('blk.0.attn_k_norm.weight')).toBe(true);
        break;
      }
      case 'phi3':
        expect(shape('blk.0.attn_qkv.weight')).toEqual([64, 192]);
        expect(shape('blk.0.ffn_up.weight')).toEqual([64, 256]);
        expect(meta(g, 'phi3.rope.dimension_count')).toBe(16);
        break;
      default:
        expect(shape('blk.0.attn_k.weight')).toEqual([64, 32]);
    }

    const res = await generate({
      model: out,
      prompt: 'Hello world',
      nPredict: 3,
      temperature: 0,
      seed: 1,
    });
    expect(res.promptTokens).toBeGreaterThan(0);
    expect(res.tokens.length).toBeGreaterThan(0);
    expect(res.tokens.every((t) => t >= 0 && t < model.vocabSize)).toBe(true);
  });
});

describe('from the Hub', () => {
  it('pulls a safetensors repo from a local Hub and converts the snapshot', async () => {
    const model = await writeTinyHfModel(join(tmp, 'hub-qwen2'), 'qwen2', fixtures.tinyLlama.hfDir);
    const files: Record<string, { diskPath: string }> = {};
    for (const n of readdirSync(model.dir)) files[n] = { diskPath: join(model.dir, n) };
    files['README.md'] = { diskPath: join(model.dir, 'config.json') };
    const hub = await startTestHub([{ name: 'acme/tiny-qwen2', files }]);
    try {
      const cacheDir = join(tmp, 'hf-cache');
      const pulled = await pullFromHub(
        { repo: 'acme/tiny-qwen2', revision: 'main' },
        { settings: { hubUrl: hub.url, cacheDir } },
      );
      expect(pulled.kind).toBe('safetensors');
      expect(pulled.files.map((f) => f.path)).not.toContain('README.md');
      const out = join(tmp, 'hub-qwen2.gguf');
      await convertHfToGguf(pulled.snapshotDir, out, { name: 'tiny-qwen2' });
      expect(readFileSync(out).subarray(0, 4).toString()).toBe('GGUF');
      const g = await openGguf(out);
      expect(meta(g, 'general.name')).toBe('tiny-qwen2');
    } finally {
      await hub.close();
    }
  });
});
