import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GgmlType,
  GgufArray,
  kv,
  openGguf,
  openGgufSet,
  parseShardName,
  shardPath,
  writeGguf,
  type GgufKvInput,
} from '@mfc/gguf';
import { ensureFixtures } from '../../../scripts/fixtures/index.js';
import { startRangeServer, type RangeServer } from './http-server.js';
import { tempDir } from './helpers.js';

const tmp = tempDir('mfc-split-');
let tiny: string;
let server: RangeServer;

beforeAll(async () => {
  tiny = (await ensureFixtures()).tinyLlama.f16;
  server = await startRangeServer({
    'tiny.gguf': tiny,
    'gemma.gguf': join((await ensureFixtures()).vocabDir, 'ggml-vocab-gemma-4.gguf'),
  });
});
afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('remote GGUF over HTTP range requests', () => {
  it('reads the header of a remote file without downloading its tensors', async () => {
    const local = await openGguf(tiny);
    const before = server.bytesSent;
    const remote = await openGguf(server.url('tiny.gguf'));
    expect(remote.metadata.size).toBe(local.metadata.size);
    expect(remote.tensors).toEqual(local.tensors);
    expect(remote.fileSize).toBe(statSync(tiny).size);
    expect(remote.get('tokenizer.chat_template')).toBe(local.get('tokenizer.chat_template'));
    // Only the first range (1 MiB) was fetched, not the 19 MB file.
    expect(server.bytesSent - before).toBeLessThanOrEqual(1 << 20);
    expect(server.bytesSent - before).toBeLessThan(remote.fileSize / 10);
  });

  it('fetches more ranges when the metadata is larger than the first one', async () => {
    const remote = await openGguf(server.url('gemma.gguf'));
    expect((remote.get('tokenizer.ggml.tokens') as GgufArray).length).toBe(262144);
    expect((remote.get('tokenizer.ggml.merges') as GgufArray).length).toBe(514906);
  });

  it('streams tensor data by range', async () => {
    const remote = await openGguf(server.url('tiny.gguf'));
    const t = remote.tensors.find((x) => x.name === 'output_norm.weight')!;
    const chunks: Uint8Array[] = [];
    for await (const c of remote.readTensorData(t)) chunks.push(c);
    const local: Uint8Array[] = [];
    for await (const c of (await openGguf(tiny)).readTensorData(t.name)) local.push(c);
    expect(Buffer.concat(chunks)).toEqual(Buffer.concat(local));
  });

  it('reports servers without range support and missing files clearly', async () => {
    const noRange = await startRangeServer({ 'tiny.gguf': tiny }, { ranges: false });
    try {
      await expect(openGguf(noRange.url('tiny.gguf'))).rejects.toMatchObject({
        code: 'HTTP_NO_RANGE',
      });
    } finally {
      await noRange.close();
    }
    await expect(openGguf(server.url('missing.gguf'))).rejects.toMatchObject({
      code: 'HTTP_STATUS',
      message: expect.stringMatching(/404/),
    });
  });
});

describe('split GGUF sets', () => {
  const shardKvs = (no: number, count: number, tensors: number): GgufKvInput[] => [
    kv.u16('split.no', no),
    kv.u16('split.count', count),
    kv.i32('split.tensors.count', tensors),
  ];
  const tensor = (name: string) => ({
    name,
    type: GgmlType.F32,
    shape: [8],
    data: new Uint8Array(32),
  });

  async function writeSet(dir: string, prefix: string, count = 3) {
    const base = join(dir, prefix);
    await writeGguf(shardPath(base, 1, count), {
      metadata: [
        kv.string('general.architecture', 'llama'),
        kv.u32('general.file_type', 0),
        ...shardKvs(0, count, count * 2),
      ],
      tensors: [tensor('a0'), tensor('b0')],
    });
    for (let i = 1; i < count; i++) {
      await writeGguf(shardPath(base, i + 1, count), {
        metadata: shardKvs(i, count, count * 2),
        tensors: [tensor(`a${i}`), tensor(`b${i}`)],
      });
    }
    return base;
  }

  it('parses shard names as llama.cpp writes them', () => {
    expect(parseShardName('/m/model-Q4_K_M-00002-of-00003.gguf')).toEqual({
      prefix: '/m/model-Q4_K_M',
      shard: 2,
      count: 3,
    });
    expect(parseShardName('model.gguf')).toBeUndefined();
    expect(shardPath('x', 1, 12)).toBe('x-00001-of-00012.gguf');
  });

  it('presents a set as one model from any of its shards', async () => {
    const base = await writeSet(tmp.dir, 'good');
    const set = await openGgufSet(`${base}-00002-of-00003.gguf`);
    expect(set.files).toEqual([1, 2, 3].map((i) => shardPath(base, i, 3)));
    expect(set.tensors.map((t) => [t.name, t.shard])).toEqual([
      ['a0', 0],
      ['b0', 0],
      ['a1', 1],
      ['b1', 1],
      ['a2', 2],
      ['b2', 2],
    ]);
    expect(set.parameterCount).toBe(48);
    const chunks: Uint8Array[] = [];
    for await (const c of set.readTensorData('b2')) chunks.push(c);
    expect(Buffer.concat(chunks)).toEqual(Buffer.alloc(32));
    expect(set.architecture).toBe('llama');
    expect(set.fileTypeName).toBe('F32');
  });

  it('reports a missing shard', async () => {
    const base = await writeSet(tmp.dir, 'missing');
    const { rmSync } = await import('node:fs');
    rmSync(shardPath(base, 3, 3));
    await expect(openGgufSet(shardPath(base, 1, 3))).rejects.toMatchObject({
      code: 'GGUF_SPLIT_MISSING',
      message: expect.stringContaining('missing-00003-of-00003.gguf'),
    });
  });

  it('reports shards that disagree with their names or counts', async () => {
    const base = join(tmp.dir, 'bad');
    await writeSet(tmp.dir, 'bad');
    await writeGguf(shardPath(base, 2, 3), {
      metadata: shardKvs(2, 3, 6),
      tensors: [tensor('a1'), tensor('b1')],
    });
    await expect(openGgufSet(shardPath(base, 1, 3))).rejects.toMatchObject({
      code: 'GGUF_SPLIT_INCONSISTENT',
      message: expect.stringMatching(/split.no 2 \(expected 1\)/),
    });

    await writeSet(tmp.dir, 'count');
    await writeGguf(shardPath(join(tmp.dir, 'count'), 1, 3), {
      metadata: shardKvs(0, 3, 7),
      tensors: [tensor('a0'), tensor('b0')],
    });
    await expect(openGgufSet(shardPath(join(tmp.dir, 'count'), 1, 3))).rejects.toMatchObject({
      code: 'GGUF_SPLIT_INCONSISTENT',
      message: expect.stringMatching(/split.tensors.count is 7/),
    });
  });

  it('recognises a renamed shard', async () => {
    const base = await writeSet(tmp.dir, 'renamed', 2);
    const { renameSync } = await import('node:fs');
    renameSync(shardPath(base, 1, 2), join(tmp.dir, 'renamed.gguf'));
    await expect(openGgufSet(join(tmp.dir, 'renamed.gguf'))).rejects.toMatchObject({
      code: 'GGUF_SPLIT_NAME',
    });
  });
});
