import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgmlType, kv, openGguf, writeGguf } from '@mfc/gguf';
import {
  TINY_LLAMA,
  ensureFixtures,
  unpermuteRope,
  writeTinyPeftAdapter,
  type PeftFixture,
} from '../../../scripts/fixtures/index.js';
import { checkLoraAdapter, generate, mergeLoraAdapters, quantizeGguf } from '@mfc/llama-cpp';
import { convertPeftToGguf } from '../src/index.js';

const tinyLlama = async () => (await ensureFixtures()).tinyLlama;
async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'mfc-peft-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

async function tensorF32(path: string, name: string): Promise<Float32Array> {
  const f = await openGguf(path);
  const info = f.tensors.find((t) => t.name === name)!;
  expect(info.typeName).toBe('F32');
  const chunks: Uint8Array[] = [];
  for await (const c of f.readTensorData(info)) chunks.push(c);
  const bytes = Buffer.concat(chunks);
  const out = new Float32Array(info.elementCount);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

/** B·A (out × in) in HF order. */
function product(
  a: Float32Array,
  b: Float32Array,
  rank: number,
  rows: number,
  cols: number,
): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let k = 0; k < rank; k++) {
      const bik = b[i * rank + k];
      for (let j = 0; j < cols; j++) out[i * cols + j] += bik * a[k * cols + j];
    }
  return out;
}

describe('LoRA adapters', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let peft: PeftFixture;
  let adapter: string;
  beforeAll(async () => {
    tmp = await tempDir();
    peft = await writeTinyPeftAdapter(join(tmp.dir, 'peft'));
    adapter = join(tmp.dir, 'adapter.gguf');
  });
  afterAll(() => tmp.cleanup());

  it('converts a PEFT folder to a GGUF LoRA as convert_lora_to_gguf.py does', async () => {
    const { f32 } = await tinyLlama();
    const r = await convertPeftToGguf({ peft: peft.dir, base: f32, output: adapter });
    expect(r).toMatchObject({ architecture: 'llama', alpha: 16, rank: 8 });
    expect(r.targets).toHaveLength(TINY_LLAMA.nLayer * 4);
    const g = await openGguf(adapter);
    expect(g.get('general.type')).toBe('adapter');
    expect(g.get('adapter.type')).toBe('lora');
    expect(g.get('adapter.lora.alpha')).toBe(16);
    const q = g.tensors.find((t) => t.name === 'blk.0.attn_q.weight.lora_a')!;
    const kb = g.tensors.find((t) => t.name === 'blk.1.attn_k.weight.lora_b')!;
    expect(q.shape).toEqual([256, 8]);
    expect(kb.shape).toEqual([8, 128]);
    // V needs no permutation: lora_b is PEFT's B byte for byte.
    const vb = await tensorF32(adapter, 'blk.0.attn_v.weight.lora_b');
    expect(vb).toEqual(peft.factors.get('0.v_proj')!.b);
    await expect(checkLoraAdapter(adapter, f32)).resolves.toMatchObject({
      architecture: 'llama',
      alpha: 16,
      ranks: [8],
    });
  });

  it('applies at run time and merges into the exact weights (q/k RoPE permutation included)', async () => {
    const { f32 } = await tinyLlama();
    const merged = join(tmp.dir, 'merged-f32.gguf');
    const m = await mergeLoraAdapters({ base: f32, adapters: [{ path: adapter }], output: merged });
    expect(m.merged).toBe(TINY_LLAMA.nLayer * 4);
    const scale = peft.alpha / peft.rank;
    const heads = { q_proj: TINY_LLAMA.nHead, k_proj: TINY_LLAMA.nHeadKv };
    for (const [module, name] of [
      ['q_proj', 'attn_q'],
      ['k_proj', 'attn_k'],
      ['o_proj', 'attn_output'],
    ] as const) {
      const { a, b, rows, cols } = peft.factors.get(`1.${module}`)!;
      const before = await tensorF32(f32, `blk.1.${name}.weight`);
      const after = await tensorF32(merged, `blk.1.${name}.weight`);
      let delta: Float32Array = after.map((v, i) => (v - before[i]) / scale);
      if (module !== 'o_proj') delta = unpermuteRope(delta, rows, cols, heads[module]);
      const expected = product(a, b, peft.rank, rows, cols);
      let worst = 0;
      for (let i = 0; i < expected.length; i++)
        worst = Math.max(worst, Math.abs(delta[i] - expected[i]));
      expect(worst).toBeLessThan(1e-3);
    }
    // The runtime adapter and the merged model compute the same thing.
    const prompt = 'The quick brown fox';
    const base = await generate({ model: f32, prompt, nPredict: 6, temperature: 0 });
    const withAdapter = await generate({
      model: f32,
      adapters: [{ path: adapter }],
      prompt,
      nPredict: 6,
      temperature: 0,
    });
    const fromMerged = await generate({ model: merged, prompt, nPredict: 6, temperature: 0 });
    // Float rounding differs between the two paths; the first token is robust.
    expect(withAdapter.tokens[0]).toBe(fromMerged.tokens[0]);
    expect(withAdapter.tokens).not.toEqual(base.tokens);
  });

  it('uses GGUF and PEFT adapters on F16 and quantized bases, and merges into a quantized base', async () => {
    const { f16 } = await tinyLlama();
    const q4 = join(tmp.dir, 'q4.gguf');
    await quantizeGguf({ input: f16, output: q4, type: 'Q4_K_M', cache: false });
    const adapter16 = join(tmp.dir, 'adapter-f16.gguf');
    await convertPeftToGguf({
      peft: join(peft.dir, 'adapter_model.safetensors'),
      base: f16,
      output: adapter16,
      outType: 'f16',
    });
    expect((await openGguf(adapter16)).tensors[0].typeName).toBe('F16');
    for (const model of [f16, q4]) {
      const r = await generate({
        model,
        adapters: [{ path: adapter16, scale: 0.5 }],
        prompt: 'Hi',
        nPredict: 4,
        temperature: 0,
      });
      expect(r.tokens.length).toBeGreaterThan(0);
    }
    const merged = join(tmp.dir, 'merged-q4.gguf');
    await mergeLoraAdapters({ base: q4, adapters: [{ path: adapter16 }], output: merged });
    const g = await openGguf(merged);
    const types = new Set(g.tensors.map((t) => t.typeName));
    expect(types.has('Q4_K')).toBe(true); // untouched tensors keep their type
    expect(g.tensors.find((t) => t.name === 'blk.0.attn_q.weight')!.typeName).toBe('F16');
    const r = await generate({ model: merged, prompt: 'Hi', nPredict: 4, temperature: 0 });
    expect(r.tokens.length).toBeGreaterThan(0);
  });

  it('rejects adapters that do not fit the base, with clear errors', async () => {
    const { f16 } = await tinyLlama();
    // Not an adapter at all.
    await expect(checkLoraAdapter(f16, f16)).rejects.toMatchObject({ code: 'ADAPTER_NOT_LORA' });
    // Wrong architecture.
    const qwen = join(tmp.dir, 'qwen-adapter.gguf');
    const g = await openGguf(adapter);
    const rewrite = async (path: string, arch: string, shapeFix?: (s: number[]) => number[]) => {
      const tensors = [];
      for (const t of g.tensors) {
        const chunks: Uint8Array[] = [];
        for await (const c of g.readTensorData(t)) chunks.push(c);
        let shape = t.shape;
        let data: Uint8Array = Buffer.concat(chunks);
        if (shapeFix && t.name === 'blk.0.attn_q.weight.lora_a') {
          shape = shapeFix(t.shape);
          data = new Uint8Array(shape[0] * shape[1] * 4);
        }
        tensors.push({ name: t.name, type: GgmlType.F32, shape, data });
      }
      await writeGguf(path, {
        metadata: [
          kv.string('general.architecture', arch),
          kv.string('general.type', 'adapter'),
          kv.string('adapter.type', 'lora'),
          kv.f32('adapter.lora.alpha', 16),
        ],
        tensors,
      });
    };
    await rewrite(qwen, 'qwen2');
    await expect(checkLoraAdapter(qwen, f16)).rejects.toMatchObject({
      code: 'ADAPTER_ARCH_MISMATCH',
    });
    const wide = join(tmp.dir, 'wide-adapter.gguf');
    await rewrite(wide, 'llama', (s) => [512, s[1]]);
    await expect(checkLoraAdapter(wide, f16)).rejects.toMatchObject({
      code: 'ADAPTER_SHAPE_MISMATCH',
      message: expect.stringContaining("'blk.0.attn_q.weight'"),
    });
    // llama.cpp agrees: the same adapter fails to load.
    await expect(
      generate({ model: f16, adapters: [{ path: wide }], prompt: 'x', nPredict: 1 }),
    ).rejects.toMatchObject({
      code: 'GENERATE_FAILED',
    });
    // PEFT problems: DoRA, bad JSON (with a position), missing weights.
    const dora = await writeTinyPeftAdapter(join(tmp.dir, 'dora'), { config: { use_dora: true } });
    await expect(
      convertPeftToGguf({ peft: dora.dir, base: f16, output: join(tmp.dir, 'd.gguf') }),
    ).rejects.toMatchObject({
      code: 'PEFT_BAD_CONFIG',
      message: expect.stringContaining('DoRA'),
    });
    const broken = await writeTinyPeftAdapter(join(tmp.dir, 'broken'));
    await writeFile(
      join(broken.dir, 'adapter_config.json'),
      '{\n  "r": 8,\n  "lora_alpha": 16,\n}\n',
    );
    const err = await convertPeftToGguf({
      peft: broken.dir,
      base: f16,
      output: join(tmp.dir, 'b.gguf'),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'PEFT_BAD_CONFIG',
      location: { file: join(broken.dir, 'adapter_config.json') },
    });
    await expect(
      convertPeftToGguf({
        peft: join(tmp.dir, 'nowhere'),
        base: f16,
        output: join(tmp.dir, 'n.gguf'),
      }),
    ).rejects.toMatchObject({
      code: 'PEFT_NO_WEIGHTS',
    });
    // A PEFT adapter for a wider model than the base.
    const other = await writeTinyPeftAdapter(join(tmp.dir, 'other'), { modules: ['q_proj'] });
    const small = join(tmp.dir, 'small-base.gguf');
    await writeGguf(small, {
      metadata: [
        kv.string('general.architecture', 'llama'),
        kv.u32('llama.attention.head_count', 2),
        kv.u32('llama.attention.head_count_kv', 2),
        kv.u32('llama.embedding_length', 128),
      ],
      tensors: [0, 1].map((l) => ({
        name: `blk.${l}.attn_q.weight`,
        type: GgmlType.F32,
        shape: [128, 128],
        data: new Uint8Array(128 * 128 * 4),
      })),
    });
    await expect(
      convertPeftToGguf({ peft: other.dir, base: small, output: join(tmp.dir, 's.gguf') }),
    ).rejects.toMatchObject({
      code: 'PEFT_SHAPE_MISMATCH',
      message: expect.stringContaining('blk.0.attn_q.weight'),
    });
  });
});
