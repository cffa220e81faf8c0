// The generated tiny llama: deterministic, consistent between its F32, F16
// and Hugging Face forms, with the real Llama 2 vocabulary.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufArray, openGguf } from '@mfc/gguf';
import { openSafetensorsModel } from '@mfc/safetensors';
import {
  LLAMA2_CHAT_TEMPLATE,
  TINY_LLAMA,
  ensureFixtures,
  fromFloat16Bits,
  type Fixtures,
} from '../../../scripts/fixtures/index.js';
import { writeTinyLlama } from '../../../scripts/fixtures/tiny-llama.js';

let fx: Fixtures;
const tmp = { dir: mkdtempSync(join(tmpdir(), 'mfc-tiny-')) };
beforeAll(async () => {
  fx = await ensureFixtures();
});
afterAll(() => rmSync(tmp.dir, { recursive: true, force: true }));

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

/** Reads protobuf fields (field number → raw values) of one message, enough to check tokenizer.model. */
function protoFields(buf: Uint8Array): Map<number, (number | Uint8Array)[]> {
  const out = new Map<number, (number | Uint8Array)[]>();
  let p = 0;
  const varint = () => {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      const b = buf[p++];
      v |= BigInt(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
      shift += 7n;
    }
  };
  while (p < buf.length) {
    const tag = Number(varint());
    const field = tag >> 3;
    let value: number | Uint8Array;
    switch (tag & 7) {
      case 0:
        value = Number(BigInt.asIntN(64, varint()));
        break;
      case 5:
        value = new DataView(buf.buffer, buf.byteOffset + p, 4).getFloat32(0, true);
        p += 4;
        break;
      case 2: {
        const len = Number(varint());
        value = buf.subarray(p, p + len);
        p += len;
        break;
      }
      default:
        throw new Error(`unexpected wire type ${tag & 7}`);
    }
    const list = out.get(field);
    if (list) list.push(value);
    else out.set(field, [value]);
  }
  return out;
}

describe('the tiny llama fixture', () => {
  it('has the promised shape and llama KVs', async () => {
    const g = await openGguf(fx.tinyLlama.f16);
    expect(g.architecture).toBe('llama');
    expect(g.fileTypeName).toBe('F16');
    expect(g.get('llama.embedding_length')).toBe(256);
    expect(g.get('llama.block_count')).toBe(2);
    expect(g.get('llama.attention.head_count')).toBe(4);
    expect(g.get('llama.attention.head_count_kv')).toBe(2);
    expect(g.get('llama.feed_forward_length')).toBe(512);
    expect(g.get('llama.context_length')).toBe(512);
    expect(g.get('llama.rope.dimension_count')).toBe(64);
    expect(g.get('tokenizer.chat_template')).toBe(LLAMA2_CHAT_TEMPLATE);
    expect(g.tensors.find((t) => t.name === 'output.weight')).toBeUndefined(); // tied embeddings
    expect(g.tensors.find((t) => t.name === 'token_embd.weight')?.shape).toEqual([256, 32000]);
    for (const t of g.tensors) {
      expect(t.shape[0] % 256, t.name).toBe(0); // K-quants apply to every tensor
      expect(t.typeName, t.name).toBe(t.name.endsWith('norm.weight') ? 'F32' : 'F16');
    }
    expect((await openGguf(fx.tinyLlama.f32)).tensors.every((t) => t.typeName === 'F32')).toBe(
      true,
    );
  });

  it('copies the vocabulary of ggml-vocab-llama-spm.gguf exactly', async () => {
    const vocab = await openGguf(join(fx.vocabDir, 'ggml-vocab-llama-spm.gguf'));
    const g = await openGguf(fx.tinyLlama.f32);
    for (const key of [
      'tokenizer.ggml.tokens',
      'tokenizer.ggml.scores',
      'tokenizer.ggml.token_type',
    ]) {
      expect((g.get(key) as GgufArray).toArray(), key).toEqual(
        (vocab.get(key) as GgufArray).toArray(),
      );
    }
    for (const key of [
      'tokenizer.ggml.model',
      'tokenizer.ggml.pre',
      'tokenizer.ggml.bos_token_id',
      'tokenizer.ggml.eos_token_id',
      'tokenizer.ggml.add_bos_token',
    ]) {
      expect(g.get(key), key).toEqual(vocab.get(key));
    }
  });

  it('holds the same numbers in F32 and F16, small and seeded', async () => {
    const f32 = await openGguf(fx.tinyLlama.f32);
    const f16 = await openGguf(fx.tinyLlama.f16);
    const bytes32 = readFileSync(fx.tinyLlama.f32);
    const bytes16 = readFileSync(fx.tinyLlama.f16);
    for (const name of ['blk.1.ffn_down.weight', 'blk.0.attn_norm.weight']) {
      const a = f32.tensors.find((t) => t.name === name)!;
      const b = f16.tensors.find((t) => t.name === name)!;
      const va = new Float32Array(
        bytes32.buffer.slice(
          bytes32.byteOffset + a.absoluteOffset,
          bytes32.byteOffset + a.absoluteOffset + a.byteSize,
        ),
      );
      const vb =
        b.typeName === 'F16'
          ? Array.from(
              new Uint16Array(
                bytes16.buffer.slice(
                  bytes16.byteOffset + b.absoluteOffset,
                  bytes16.byteOffset + b.absoluteOffset + b.byteSize,
                ),
              ),
              fromFloat16Bits,
            )
          : Array.from(
              new Float32Array(
                bytes16.buffer.slice(
                  bytes16.byteOffset + b.absoluteOffset,
                  bytes16.byteOffset + b.absoluteOffset + b.byteSize,
                ),
              ),
            );
      expect(Array.from(va)).toEqual(vb);
      const mean = va.reduce((s, x) => s + x, 0) / va.length;
      const std = Math.sqrt(va.reduce((s, x) => s + (x - mean) ** 2, 0) / va.length);
      expect(std).toBeGreaterThan(0.015);
      expect(std).toBeLessThan(0.025);
    }
  });

  it('has a Hugging Face folder with F16 safetensors and Llama tokenizer files', async () => {
    const dir = fx.tinyLlama.hfDir;
    expect(readdirSync(dir).sort()).toEqual([
      'config.json',
      'generation_config.json',
      'model.safetensors',
      'special_tokens_map.json',
      'tokenizer.model',
      'tokenizer_config.json',
    ]);
    const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({
      architectures: ['LlamaForCausalLM'],
      hidden_size: 256,
      num_key_value_heads: 2,
      vocab_size: 32000,
      tie_word_embeddings: true,
    });
    const tc = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'));
    expect(tc).toMatchObject({
      chat_template: LLAMA2_CHAT_TEMPLATE,
      bos_token: '<s>',
      eos_token: '</s>',
      add_bos_token: true,
    });
    const st = await openSafetensorsModel(dir);
    expect(st.tensors).toHaveLength(20);
    expect(st.parameterCount).toBe((await openGguf(fx.tinyLlama.f16)).parameterCount);
    expect(
      st.tensors.find((t) => t.name === 'model.layers.0.self_attn.k_proj.weight'),
    ).toMatchObject({ dtype: 'F16', shape: [128, 256] });
  });

  it('has a SentencePiece tokenizer.model with the vocabulary, byte fallback and dummy prefix', async () => {
    const vocab = await openGguf(join(fx.vocabDir, 'ggml-vocab-llama-spm.gguf'));
    const tokens = vocab.get('tokenizer.ggml.tokens') as GgufArray;
    const scores = vocab.get('tokenizer.ggml.scores') as GgufArray;
    const types = vocab.get('tokenizer.ggml.token_type') as GgufArray;
    const model = protoFields(readFileSync(join(fx.tinyLlama.hfDir, 'tokenizer.model')));
    const pieces = model.get(1)!.map((p) => protoFields(p as Uint8Array));
    expect(pieces).toHaveLength(TINY_LLAMA.nVocab);
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      // Raw bytes, so a BOM or U+FFFD token cannot be lost to decoding.
      expect(
        Buffer.from(p.get(1)![0] as Uint8Array).equals(Buffer.from(tokens.rawString(i)!)),
        `piece ${i}`,
      ).toBe(true);
      expect(p.get(2)![0]).toBe(scores.get(i));
      expect(p.get(3)?.[0] ?? 1).toBe(types.get(i));
    }
    expect(
      pieces.some(
        (p) =>
          new TextDecoder('utf-8', { ignoreBOM: true }).decode(p.get(1)![0] as Uint8Array) ===
          '\ufeff',
      ),
    ).toBe(true);
    const trainer = protoFields(model.get(2)![0] as Uint8Array);
    expect(trainer.get(3)).toEqual([2]); // BPE
    expect(trainer.get(35)).toEqual([1]); // byte_fallback
    expect(trainer.get(43)).toEqual([-1]); // pad_id
    const normalizer = protoFields(model.get(3)![0] as Uint8Array);
    expect(new TextDecoder().decode(normalizer.get(1)![0] as Uint8Array)).toBe('identity');
    expect(normalizer.get(3)).toEqual([1]); // add_dummy_prefix
    expect(normalizer.get(4)).toEqual([0]); // remove_extra_whitespaces
  });

  it('is byte-for-byte reproducible', { timeout: 120_000 }, async () => {
    const again = await writeTinyLlama(tmp.dir, join(fx.vocabDir, 'ggml-vocab-llama-spm.gguf'));
    expect(sha(again.f32)).toBe(sha(fx.tinyLlama.f32));
    expect(sha(again.f16)).toBe(sha(fx.tinyLlama.f16));
    for (const f of readdirSync(fx.tinyLlama.hfDir))
      expect(sha(join(again.hfDir, f)), f).toBe(sha(join(fx.tinyLlama.hfDir, f)));
  });
});
