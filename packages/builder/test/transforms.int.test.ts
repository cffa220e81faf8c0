import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGguf } from '@mfc/gguf';
import { generate } from '@mfc/llama-cpp';
import { ensureFixtures, writeTinyPeftAdapter } from '../../../scripts/fixtures/index.js';
import { ollamaTensorOverrides, prepareAdapterForBuild, transformModelGguf } from '../src/index.js';

const tinyLlama = async () => (await ensureFixtures()).tinyLlama;

describe('model transforms and adapters (what mfc build does to the GGUF)', () => {
  const tmp = { dir: '' };
  beforeAll(async () => {
    tmp.dir = await mkdtemp(join(tmpdir(), 'mfc-transforms-'));
  });
  afterAll(() => rm(tmp.dir, { recursive: true, force: true }));

  it('prepares a PEFT adapter, merges it, then quantizes; the result runs', async () => {
    const { f16 } = await tinyLlama();
    const peft = await writeTinyPeftAdapter(join(tmp.dir, 'peft'));
    const adapter = await prepareAdapterForBuild({ source: peft.dir, base: f16, workDir: tmp.dir });
    expect(adapter).toMatchObject({ converted: true, info: { architecture: 'llama', ranks: [8] } });
    // A GGUF adapter is checked, not copied.
    const again = await prepareAdapterForBuild({
      source: adapter.path,
      base: f16,
      workDir: tmp.dir,
    });
    expect(again).toMatchObject({ path: adapter.path, converted: false });

    const statuses: string[] = [];
    const out = await transformModelGguf(
      {
        path: f16,
        workDir: tmp.dir,
        onStatus: (m) => statuses.push(m),
        adapters: [adapter.path],
      },
      { quantize: 'q4_k_m', mergeAdapters: true, cache: false },
    );
    expect(out).toBe(join(tmp.dir, 'model-Q4_K_M.gguf'));
    expect(statuses.join('\n')).toMatch(/merging 1 adapter.*\n.*quantizing to Q4_K_M/);
    const g = await openGguf(out!);
    expect(g.fileType).toBe(15);
    expect(g.tensors.find((t) => t.name === 'blk.0.attn_q.weight')!.typeName).toBe('Q4_K');
    const r = await generate({ model: out!, prompt: 'Hello', nPredict: 3, temperature: 0 });
    expect(r.tokens.length).toBeGreaterThan(0);
    expect(await transformModelGguf({ path: f16, workDir: tmp.dir }, {})).toBeUndefined();
    // As Ollama: the type the model already has is a no-op.
    const same: string[] = [];
    expect(
      await transformModelGguf(
        { path: f16, workDir: tmp.dir, onStatus: (m) => same.push(m) },
        { quantize: 'f16' },
      ),
    ).toBeUndefined();
    expect(same).toEqual(['the model is already F16; not quantizing']);
    expect(ollamaTensorOverrides('glm4', 'Q4_K_M')).toEqual([
      '^token_embd\\.weight$=f16',
      '^output\\.weight$=f16',
    ]);
    expect(ollamaTensorOverrides('llama', 'Q4_K_M')).toEqual([]);
    expect(ollamaTensorOverrides('glm4', 'Q8_0')).toEqual([]);
  });

  it('points adapter errors at the Modelfile line', async () => {
    const { f16 } = await tinyLlama();
    const location = {
      file: '/x/Modelfile',
      range: {
        start: { line: 3, column: 1, offset: 20 },
        end: { line: 3, column: 20, offset: 39 },
      },
    };
    await expect(
      prepareAdapterForBuild({ source: f16, base: f16, workDir: tmp.dir, location }),
    ).rejects.toMatchObject({
      code: 'ADAPTER_NOT_LORA',
      location,
    });
    await expect(
      transformModelGguf({ path: f16, workDir: tmp.dir }, { quantize: 'Q4_K_Q' }),
    ).rejects.toMatchObject({ code: 'QUANT_TYPE_UNKNOWN' });
  });
});
