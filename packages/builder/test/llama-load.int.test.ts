import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '@mfc/llama-cpp';
import { MediaType, openStore } from '@mfc/store';
import { buildModel } from '../src/index.js';
import { repoRoot, tempWorkspace } from './helpers.js';

describe('the built model loads in llama.cpp', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  beforeAll(() => {
    ws = tempWorkspace('mfc-load-');
  });
  afterAll(() => ws.cleanup());

  it('generates from the model blob named in the manifest', async () => {
    await buildModel({
      modelsDir: ws.models,
      name: 'tiny',
      modelfile: join(repoRoot, 'fixtures/build/tiny/Modelfile'),
      link: true,
    });
    const store = await openStore(ws.models);
    const model = await store.find('tiny');
    const layer = model.manifest.layers.find((l) => l.mediaType === MediaType.model)!;
    const r = await generate({
      model: store.blobs.path(layer.digest),
      prompt: 'Hello',
      nPredict: 4,
      seed: 1,
      temperature: 0,
    });
    expect(r.promptTokens).toBeGreaterThan(1);
    expect(r.tokens.length).toBeGreaterThan(0);
    expect(r.tokens.every((t) => Number.isInteger(t) && t >= 0 && t < 32000)).toBe(true);
  }, 300_000);
});
