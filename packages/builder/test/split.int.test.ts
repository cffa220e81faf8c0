import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kv, openGguf, shardPath, writeGguf } from '@mfc/gguf';
import { generate } from '@mfc/llama-cpp';
import { MediaType, openStore } from '@mfc/store';
import { buildModel } from '../src/index.js';
import { tempWorkspace, tinyGguf } from './helpers.js';

/** Splits the tiny model into two shards the way llama-gguf-split names and tags them. */
async function splitTiny(dir: string): Promise<string[]> {
  const src = await openGguf(tinyGguf);
  const half = Math.ceil(src.tensors.length / 2);
  const parts = [src.tensors.slice(0, half), src.tensors.slice(half)];
  const base = join(dir, 'tiny');
  const paths: string[] = [];
  for (let i = 0; i < 2; i++) {
    const split = [
      kv.u16('split.no', i),
      kv.u16('split.count', 2),
      kv.i32('split.tensors.count', src.tensors.length),
    ];
    const meta =
      i === 0
        ? [
            ...[...src.metadata.values()].map((m) => ({
              key: m.key,
              type: m.type,
              value: m.value,
            })),
            ...split,
          ]
        : split;
    const p = shardPath(base, i + 1, 2);
    await writeGguf(p, {
      metadata: meta,
      tensors: parts[i].map((t) => ({
        name: t.name,
        type: t.type,
        shape: t.shape,
        data: () => src.readTensorData(t),
      })),
    });
    paths.push(p);
  }
  return paths;
}

describe('FROM a split GGUF set', () => {
  let ws: ReturnType<typeof tempWorkspace>;
  let shards: string[];
  beforeAll(async () => {
    ws = tempWorkspace('mfc-split-');
    mkdirSync(join(ws.dir, 'set'));
    shards = await splitTiny(join(ws.dir, 'set'));
  });
  afterAll(() => ws.cleanup());

  it('merges the shards into one model layer that llama.cpp loads like the original', async () => {
    const a = await buildModel({
      modelsDir: ws.models,
      name: 'split',
      modelfile: ws.write('A', `FROM ${shards[0]}\nTEMPLATE {{ .Prompt }}\n`),
    });
    const b = await buildModel({
      modelsDir: ws.models,
      name: 'split-dir',
      modelfile: ws.write('B', `FROM ${join(ws.dir, 'set')}\nTEMPLATE {{ .Prompt }}\n`),
    });
    expect(b.manifestDigest).toBe(a.manifestDigest);
    const models = a.layers.filter((l) => l.mediaType === MediaType.model);
    expect(models).toHaveLength(1);
    const store = await openStore(ws.models);
    const blob = store.blobs.path(models[0].digest);
    const merged = await openGguf(blob);
    expect(merged.get('split.count')).toBeUndefined();
    expect(merged.tensors.length).toBe((await openGguf(tinyGguf)).tensors.length);
    const opts = { prompt: 'Hello there', nPredict: 4, seed: 1, temperature: 0 };
    const [fromBlob, fromOriginal] = [
      await generate({ ...opts, model: blob }),
      await generate({ ...opts, model: tinyGguf }),
    ];
    expect(fromBlob.tokens).toEqual(fromOriginal.tokens);
  }, 300_000);
});
