import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfcError } from '@mfc/diagnostics';
import { generate } from '../src/index.js';
import { tempDir, tinyLlama } from './helpers.js';

describe('generate (llama.cpp on the CPU)', () => {
  let tmp: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    tmp = await tempDir();
  });
  afterAll(() => tmp.cleanup());

  it.each(['f16', 'f32'] as const)('loads the tiny %s model and generates tokens', async (kind) => {
    const model = (await tinyLlama())[kind];
    const r = await generate({
      model,
      prompt: 'Once upon a time',
      nPredict: 6,
      seed: 7,
      temperature: 0,
    });
    expect(r.promptTokens).toBeGreaterThan(1);
    // Random weights rarely pick end-of-text; either way tokens came out.
    expect(r.tokens.length).toBeGreaterThan(0);
    expect(r.tokens.every((t) => Number.isInteger(t) && t >= 0 && t < 32000)).toBe(true);
    expect(r.text.length).toBeGreaterThan(0);
    if (r.stopReason === 'length') expect(r.tokens).toHaveLength(6);
  });

  it('is deterministic for a seed, and the seed matters when sampling', async () => {
    const { f16 } = await tinyLlama();
    const opts = { model: f16, prompt: 'Hello', nPredict: 8, temperature: 1.5, topK: 0, topP: 1 };
    const a = await generate({ ...opts, seed: 1 });
    const b = await generate({ ...opts, seed: 1 });
    const c = await generate({ ...opts, seed: 2 });
    expect(b.tokens).toEqual(a.tokens);
    expect(c.tokens).not.toEqual(a.tokens);
  });

  it('reports a file that is not a model clearly', async () => {
    const bad = join(tmp.dir, 'bad.gguf');
    await writeFile(bad, 'GGUF but not really');
    const err = await generate({ model: bad, prompt: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfcError);
    expect((err as MfcError).code).toBe('GENERATE_FAILED');
    expect((err as MfcError).message).toContain(bad);
    await expect(
      generate({ model: join(tmp.dir, 'missing.gguf'), prompt: 'x' }),
    ).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
    });
  });
});
