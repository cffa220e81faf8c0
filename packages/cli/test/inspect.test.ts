// `mfc inspect` in process (through main()) on real GGUF, split GGUF,
// safetensors (single and sharded) models and broken files. A URL served on
// 127.0.0.1 is in inspect.int.test.ts.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openGguf, shardPath, kv, writeGguf } from '@mfc/gguf';
import { openSafetensorsModel, writeSafetensors } from '@mfc/safetensors';
import { ensureFixtures, type Fixtures } from '../../../scripts/fixtures/index.js';
import { tempDir } from '../../gguf/test/helpers.js';
import { mfc } from './support/mfc.js';

let fx: Fixtures;
const tmp = tempDir('mfc-inspect-');
beforeAll(async () => {
  fx = await ensureFixtures();
});
afterAll(() => tmp.cleanup());

describe('mfc inspect on GGUF', () => {
  it('prints a readable summary', async () => {
    const r = await mfc(['inspect', fx.tinyLlama.f16]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^tiny-llama-f16\.gguf\n/);
    expect(r.stdout).toMatch(/architecture\s+llama/);
    expect(r.stdout).toMatch(/parameters\s+9\.37M \(9,372,928\)/);
    expect(r.stdout).toMatch(/file type\s+F16 \(1\)/);
    expect(r.stdout).toMatch(/context length\s+512/);
    expect(r.stdout).toMatch(/vocabulary\s+32,000 tokens \(llama, pre default\)/);
    expect(r.stdout).toMatch(/tensors\s+20 \(F16 ×15, F32 ×5\)/);
    expect(r.stdout).toMatch(/size\s+19\.5 MB \(19,474,432 bytes\)/);
  });

  it('prints JSON with every KV, long arrays summarised unless --full', async () => {
    const r = await mfc(['inspect', '--json', fx.tinyLlama.f32]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      format: 'gguf',
      version: 3,
      parameterCount: 9372928,
      fileType: 0,
      fileTypeName: 'F32',
      architecture: 'llama',
    });
    expect(Object.keys(j.metadata)).toHaveLength(26);
    expect(j.metadata['llama.context_length']).toEqual({ type: 'uint32', value: 512 });
    expect(j.metadata['tokenizer.ggml.tokens']).toMatchObject({
      type: 'array',
      itemType: 'string',
      length: 32000,
      truncated: true,
    });
    expect(j.metadata['tokenizer.ggml.tokens'].value.slice(0, 3)).toEqual(['<unk>', '<s>', '</s>']);
    expect(j.tensors[0]).toEqual(
      expect.objectContaining({
        name: 'token_embd.weight',
        type: 'F32',
        shape: [256, 32000],
        offset: 0,
      }),
    );
    const full = JSON.parse((await mfc(['inspect', '--json', '--full', fx.tinyLlama.f32])).stdout);
    expect(full.metadata['tokenizer.ggml.tokens'].value).toHaveLength(32000);
    expect(full.metadata['tokenizer.ggml.tokens'].truncated).toBeUndefined();
  });

  it('lists tensors and prints single values', async () => {
    const t = await mfc(['inspect', '--tensors', fx.tinyLlama.f16]);
    expect(t.stdout).toMatch(/blk\.1\.ffn_down\.weight\s+F16\s+\[512, 256\]\s+\d+/);
    expect(t.stdout.split('\n').filter((l) => /^(token_embd|blk|output)/.test(l))).toHaveLength(20);
    const arch = await mfc(['inspect', '--get', 'general.architecture', fx.tinyLlama.f16]);
    expect(arch).toMatchObject({ code: 0, stdout: 'llama\n' });
    const tmpl = await mfc(['inspect', '--get', 'tokenizer.chat_template', fx.tinyLlama.f16]);
    expect(tmpl.stdout).toMatch(/^\{% if messages\[0\]\['role'\] == 'system' %\}/);
    const types = await mfc([
      'inspect',
      '--get',
      'tokenizer.ggml.token_type',
      '--json',
      fx.tinyLlama.f16,
    ]);
    expect(JSON.parse(types.stdout)).toHaveLength(32000);
    const missing = await mfc(['inspect', '--get', 'llama.nope', fx.tinyLlama.f16]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no metadata key 'llama\.nope'.*\[INSPECT_NO_KEY\]/);
  });

  it('reads a split set as one model', async () => {
    const src = await openGguf(fx.tinyLlama.f16);
    const half = Math.ceil(src.tensors.length / 2);
    const base = join(tmp.dir, 'tiny');
    const parts = [src.tensors.slice(0, half), src.tensors.slice(half)];
    for (let i = 0; i < 2; i++) {
      const split = [
        kv.u16('split.no', i),
        kv.u16('split.count', 2),
        kv.i32('split.tensors.count', src.tensors.length),
      ];
      await writeGguf(shardPath(base, i + 1, 2), {
        metadata: i === 0 ? [...src.metadata.values(), ...split] : split,
        tensors: parts[i].map((t) => ({
          name: t.name,
          type: t.type,
          shape: t.shape,
          data: () => src.readTensorData(t),
        })),
      });
    }
    const r = await mfc(['inspect', '--json', shardPath(base, 2, 2)]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.files).toHaveLength(2);
    expect(j.parameterCount).toBe(src.parameterCount);
    expect(j.tensors.map((t: { name: string }) => t.name)).toEqual(src.tensors.map((t) => t.name));
    expect(j.tensors.at(-1).shard).toBe(1);
    const text = await mfc(['inspect', shardPath(base, 1, 2)]);
    expect(text.stdout).toMatch(/format\s+GGUF v3, 2 shards/);
    rmSync(shardPath(base, 2, 2));
    const broken = await mfc(['inspect', shardPath(base, 1, 2)]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/missing 1 of 2 shards.*tiny-00002-of-00002\.gguf/);
  });

  it('reports a broken file in one line with its byte offset', async () => {
    const bytes = readFileSync(fx.tinyLlama.f16).subarray(0, 5000);
    const path = join(tmp.dir, 'broken.gguf');
    writeFileSync(path, bytes);
    const r = await mfc(['inspect', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(2); // the error and its hint
    expect(r.stderr).toMatch(
      /broken\.gguf at byte \d+: error .*\[GGUF_(TRUNCATED|LENGTH_OUT_OF_RANGE)\]/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 on usage errors', async () => {
    expect((await mfc(['inspect'])).code).toBe(2);
    expect((await mfc(['inspect', 'a', 'b'])).code).toBe(2);
    const help = await mfc(['inspect', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Examples:');
  });
});

describe('mfc inspect on safetensors', () => {
  it('summarises a Hugging Face folder', async () => {
    const r = await mfc(['inspect', fx.tinyLlama.hfDir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/architecture\s+LlamaForCausalLM/);
    expect(r.stdout).toMatch(/parameters\s+9\.37M \(9,372,928\)/);
    expect(r.stdout).toMatch(/tensors\s+20 \(F16 ×20\)/);
    const j = JSON.parse(
      (await mfc(['inspect', '--json', join(fx.tinyLlama.hfDir, 'model.safetensors')])).stdout,
    );
    expect(j).toMatchObject({
      format: 'safetensors',
      parameterCount: 9372928,
      fileType: 'F16',
      metadata: { format: 'pt' },
    });
    expect(
      j.tensors.find((t: { name: string }) => t.name === 'model.embed_tokens.weight'),
    ).toMatchObject({ type: 'F16', shape: [32000, 256] });
  });

  it('reads a sharded model through its index, and reports a missing shard', async () => {
    const model = await openSafetensorsModel(fx.tinyLlama.hfDir);
    const bytes = readFileSync(model.files[0]);
    const dir = join(tmp.dir, 'sharded');
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(fx.tinyLlama.hfDir, 'config.json'), join(dir, 'config.json'));
    const names = ['model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors'];
    const weightMap: Record<string, string> = {};
    for (let s = 0; s < 2; s++) {
      const part = model.tensors.filter((_, i) => i % 2 === s);
      for (const t of part) weightMap[t.name] = names[s];
      await writeSafetensors(
        join(dir, names[s]),
        part.map((t) => ({
          name: t.name,
          dtype: t.dtype,
          shape: t.shape,
          data: bytes.subarray(t.absoluteOffset, t.absoluteOffset + t.byteSize),
        })),
      );
    }
    writeFileSync(
      join(dir, 'model.safetensors.index.json'),
      JSON.stringify({ metadata: { total_size: model.size }, weight_map: weightMap }),
    );
    const j = JSON.parse((await mfc(['inspect', '--json', dir])).stdout);
    expect(j.files).toHaveLength(2);
    expect(j.parameterCount).toBe(model.parameterCount);
    expect(j.tensors).toHaveLength(20);
    rmSync(join(dir, names[1]));
    const r = await mfc(['inspect', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /missing shard.*model-00002-of-00002\.safetensors.*\[SAFETENSORS_SHARD_MISSING\]/,
    );
  });
});
