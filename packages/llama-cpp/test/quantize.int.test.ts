import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempFileName } from '@mfc/diagnostics';
import { openGguf } from '@mfc/gguf';
import {
  QUANT_TYPES,
  QuantizeOutputParser,
  generate,
  listQuantizeCache,
  parseQuantType,
  quantizeGguf,
  type QuantizeEvent,
} from '../src/index.js';
import { tempDir, tinyLlama } from './helpers.js';

async function fileTypeOf(path: string): Promise<number | undefined> {
  return (await openGguf(path)).fileType;
}

describe('quantization types', () => {
  it('accepts every llama-quantize type, case-insensitively, and numbers', () => {
    expect(QUANT_TYPES.map((t) => t.name)).toContain('IQ4_XS');
    expect(parseQuantType('q4_k_m')).toMatchObject({ name: 'Q4_K_M', fileType: 15 });
    expect(parseQuantType('Q4_K')).toMatchObject({ fileType: 15 });
    expect(parseQuantType('18')).toMatchObject({ name: 'Q6_K' });
    expect(parseQuantType('iq2_xxs').needsImatrix).toBe(true);
    expect(parseQuantType('q2_k_s').needsImatrix).toBe(true);
    expect(parseQuantType('q2_k').needsImatrix).toBe(false);
    expect(() => parseQuantType('q4_k_x')).toThrow(/unknown quantization type "q4_k_x"/);
    try {
      parseQuantType('q4_k_x');
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/^did you mean Q4_K_S or Q4_K_M/);
    }
  });

  it('parses llama-quantize progress lines, including split lines and fallbacks', () => {
    const p = new QuantizeOutputParser();
    const events: QuantizeEvent[] = [
      'llama_model_loader: loaded meta data with 24 key-value pairs and 75 tensors from in.gguf (version GGUF V3 (latest))',
      '[   8/  75] blk.0.attn_v.weight                  - [   256,    128,      1,      1], type =    f16, converting to q6_K .. size =     0.06 MiB ->     0.03 MiB',
      '[   2/  75] output_norm.weight                   - [   256,      1,      1,      1], type =    f32, size =    0.001 MiB',
      '[   9/  75] blk.0.ffn_down.weight                - [   100,    256,      1,      1], type =    f16, ',
      'warning: blk.0.ffn_down.weight - ncols 100 not divisible by 256 (required for type q4_K) -> falling back to q5_0',
      'converting to q5_0 .. size =     0.05 MiB ->     0.02 MiB',
      'llama_model_quantize_impl: model size  =    40.27 MiB (16.00 BPW)',
      'llama_model_quantize_impl: quant size  =    13.51 MiB (5.37 BPW)',
    ].flatMap((l) => p.push(l));
    expect(events).toEqual([
      { kind: 'start', tensors: 75 },
      {
        kind: 'tensor',
        index: 8,
        total: 75,
        name: 'blk.0.attn_v.weight',
        shape: [256, 128, 1, 1],
        from: 'f16',
        to: 'q6_K',
        sizeMiB: 0.06,
        newSizeMiB: 0.03,
      },
      {
        kind: 'tensor',
        index: 2,
        total: 75,
        name: 'output_norm.weight',
        shape: [256, 1, 1, 1],
        from: 'f32',
        sizeMiB: 0.001,
        newSizeMiB: 0.001,
      },
      { kind: 'warning', message: expect.stringContaining('falling back to q5_0') },
      {
        kind: 'tensor',
        index: 9,
        total: 75,
        name: 'blk.0.ffn_down.weight',
        shape: [100, 256, 1, 1],
        from: 'f16',
        to: 'q5_0',
        sizeMiB: 0.05,
        newSizeMiB: 0.02,
      },
      { kind: 'summary', modelSizeMiB: 40.27, quantSizeMiB: 13.51 },
    ]);
  });
});

describe('quantizeGguf (real llama-quantize)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  let cacheDir: string;
  beforeAll(async () => {
    tmp = await tempDir();
    cacheDir = join(tmp.dir, 'cache');
  });
  afterAll(() => tmp.cleanup());

  const types = [
    ['Q4_K_M', 15],
    ['q5_k_m', 17],
    ['Q6_K', 18],
    ['Q8_0', 7],
    ['q2_k', 10],
    ['Q3_K_M', 12],
  ] as const;

  it.each(types)(
    'quantizes the tiny F16 model to %s, which loads and generates',
    async (type, fileType) => {
      const { f16 } = await tinyLlama();
      const out = join(tmp.dir, `tiny-${type}.gguf`);
      const events: QuantizeEvent[] = [];
      const r = await quantizeGguf({ input: f16, output: out, type, cache: false }, (e) =>
        events.push(e),
      );
      expect(r.cached).toBe(false);
      expect(r.converted).toBeGreaterThan(0);
      expect(events[0]).toMatchObject({ kind: 'start' });
      const tensors = events.filter((e) => e.kind === 'tensor');
      expect(tensors).toHaveLength(r.tensors);
      expect(tensors.length).toBe((events[0] as { tensors: number }).tensors);
      expect(await fileTypeOf(out)).toBe(fileType);
      // no temporary files left behind
      expect(readdirSync(tmp.dir).filter(isTempFileName)).toEqual([]);
      const g = await generate({
        model: out,
        prompt: 'Hello',
        nPredict: 4,
        seed: 1,
        temperature: 0,
      });
      expect(g.tokens.length).toBeGreaterThan(0);
    },
  );

  it('quantizes an all-F32 model, and caches by (input digest, type, options)', async () => {
    const { f32 } = await tinyLlama();
    const a = await quantizeGguf({
      input: f32,
      output: join(tmp.dir, 'a.gguf'),
      type: 'Q4_K_M',
      cacheDir,
    });
    expect(a.cached).toBe(false);
    const b = await quantizeGguf({
      input: f32,
      output: join(tmp.dir, 'b.gguf'),
      type: 'q4_k_m',
      cacheDir,
    });
    expect(b.cached).toBe(true);
    expect(b.sizeBytes).toBe(a.sizeBytes);
    const c = await quantizeGguf({
      input: f32,
      output: join(tmp.dir, 'c.gguf'),
      type: 'Q4_K_M',
      outputTensorType: 'q8_0',
      cacheDir,
    });
    expect(c.cached).toBe(false);
    expect(c.sizeBytes).not.toBe(a.sizeBytes);
    expect(await fileTypeOf(c.output)).toBe(15);
  });

  it('keeps the cache entry as a copy of a user output, a hard link of a shared one, within the limit', async () => {
    const { f16 } = await tinyLlama();
    const dir = join(tmp.dir, 'cache-links');
    const own = await quantizeGguf({
      input: f16,
      output: join(tmp.dir, 'own.gguf'),
      type: 'Q4_0',
      cacheDir: dir,
    });
    // `mfc quantize`: the user may edit the output in place; the entry is its own file.
    expect(own.cacheEntry).toBeDefined();
    expect(statSync(own.cacheEntry!).ino).not.toBe(statSync(own.output).ino);
    const shared = await quantizeGguf({
      input: f16,
      output: join(tmp.dir, 'shared.gguf'),
      type: 'Q4_0',
      cacheDir: dir,
      shareOutput: true,
    });
    expect(shared.cached).toBe(true);
    expect(statSync(shared.output).ino).toBe(statSync(shared.cacheEntry!).ino);
    const made = await quantizeGguf({
      input: f16,
      output: join(tmp.dir, 'made.gguf'),
      type: 'Q5_0',
      cacheDir: dir,
      shareOutput: true,
    });
    expect(made.cached).toBe(false);
    expect(statSync(made.output).ino).toBe(statSync(made.cacheEntry!).ino);
    expect((await listQuantizeCache(dir)).map((e) => [e.type, e.shared])).toEqual([
      ['Q4_0', true],
      ['Q5_0', true],
    ]);
    // A limit of 0 keeps nothing unshared: the next user output is not cached.
    const none = await quantizeGguf({
      input: f16,
      output: join(tmp.dir, 'none.gguf'),
      type: 'Q8_0',
      cacheDir: dir,
      cacheMaxBytes: 0,
    });
    expect(none.cacheEntry).toBeUndefined();
    expect((await listQuantizeCache(dir)).map((e) => e.type)).toEqual(['Q4_0', 'Q5_0']);
  });

  it('quantizes a BF16 source without --allow-requantize', async () => {
    const { f32 } = await tinyLlama();
    const bf16 = join(tmp.dir, 'bf16.gguf');
    await quantizeGguf({ input: f32, output: bf16, type: 'bf16', cache: false });
    expect(await fileTypeOf(bf16)).toBe(32);
    const out = join(tmp.dir, 'from-bf16.gguf');
    const r = await quantizeGguf({ input: bf16, output: out, type: 'Q5_K_M', cache: false });
    expect(r.warnings).toEqual([]);
    expect(await fileTypeOf(out)).toBe(17);
  });

  it('passes --leave-output-tensor, --token-embedding-type and --tensor-type through', async () => {
    const { f16 } = await tinyLlama();
    const out = join(tmp.dir, 'mixed.gguf');
    const types = new Map<string, string | undefined>();
    await quantizeGguf(
      {
        input: f16,
        output: out,
        type: 'Q4_K_M',
        leaveOutputTensor: true,
        tokenEmbeddingType: 'q8_0',
        tensorTypes: ['attn_q=q5_0'],
        cache: false,
      },
      (e) => {
        if (e.kind === 'tensor') types.set(e.name, e.to);
      },
    );
    expect(types.get('output.weight')).toBeUndefined();
    expect(types.get('token_embd.weight')).toBe('q8_0');
    expect(types.get('blk.0.attn_q.weight')).toBe('q5_0');
    expect(types.get('blk.0.attn_k.weight')).toBe('q4_K');
  });

  it('refuses to requantize unless allowed, then warns', async () => {
    const { f16 } = await tinyLlama();
    const q = join(tmp.dir, 'q.gguf');
    await quantizeGguf({ input: f16, output: q, type: 'Q4_K_M', cache: false });
    const out = join(tmp.dir, 'rq.gguf');
    await expect(
      quantizeGguf({ input: q, output: out, type: 'Q8_0', cache: false }),
    ).rejects.toMatchObject({
      code: 'QUANT_REQUANTIZE',
      message: expect.stringContaining('already quantized'),
    });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp.dir).filter(isTempFileName)).toEqual([]);
    const r = await quantizeGguf({
      input: q,
      output: out,
      type: 'Q8_0',
      allowRequantize: true,
      cache: false,
    });
    expect(r.warnings.join('\n')).toMatch(/requantizing an already quantized model/);
    expect(await fileTypeOf(out)).toBe(7);
  });

  it('gives clear errors for bad input', async () => {
    const { f16 } = await tinyLlama();
    const out = join(tmp.dir, 'x.gguf');
    await expect(quantizeGguf({ input: f16, output: out, type: 'IQ2_XS' })).rejects.toMatchObject({
      code: 'QUANT_IMATRIX_REQUIRED',
    });
    await expect(quantizeGguf({ input: f16, output: out, type: 'Q9_K' })).rejects.toMatchObject({
      code: 'QUANT_TYPE_UNKNOWN',
    });
    await expect(
      quantizeGguf({ input: f16, output: out, type: 'Q4_0', tensorTypes: ['attn_q'] }),
    ).rejects.toMatchObject({ code: 'QUANT_OPTION_INVALID' });
    await expect(quantizeGguf({ input: f16, output: f16, type: 'Q4_0' })).rejects.toMatchObject({
      code: 'QUANT_SAME_FILE',
    });
    await expect(
      quantizeGguf({ input: join(tmp.dir, 'missing.gguf'), output: out, type: 'Q4_0' }),
    ).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect(existsSync(out)).toBe(false);
  });
});
