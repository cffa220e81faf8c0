import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures } from '../../../scripts/fixtures/index.js';
import { writeTinyHfModel } from './support/tiny-hf.js';
import {
  convertChunk,
  convertHfToGguf,
  defaultModelName,
  detectPreTokenizer,
  encodeSentencePiece,
  f32BitsToBf16,
  f32BitsToF16,
  LLAMA3_SPLIT_REGEX,
  llama3RopeFactors,
  parseSentencePiece,
  planConversion,
  QWEN2_SPLIT_REGEX,
  SUPPORTED_HF_ARCHITECTURES,
} from '../src/index.js';

const bitsOf = (x: number) => new Uint32Array(new Float32Array([x]).buffer)[0];

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'mfc-convert-unit-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('float conversions', () => {
  it('rounds float32 to half precision to nearest even, like numpy', () => {
    expect(f32BitsToF16(bitsOf(1))).toBe(0x3c00);
    expect(f32BitsToF16(bitsOf(-2))).toBe(0xc000);
    expect(f32BitsToF16(bitsOf(65504))).toBe(0x7bff);
    expect(f32BitsToF16(bitsOf(65520))).toBe(0x7c00); // rounds up to infinity
    expect(f32BitsToF16(bitsOf(1 + 2 ** -11))).toBe(0x3c00); // halfway: to even
    expect(f32BitsToF16(bitsOf(1 + 3 * 2 ** -11))).toBe(0x3c02); // halfway: to even (up)
    expect(f32BitsToF16(bitsOf(2 ** -24))).toBe(0x0001); // smallest subnormal
    expect(f32BitsToF16(bitsOf(2 ** -26))).toBe(0x0000);
    expect(f32BitsToF16(bitsOf(Infinity))).toBe(0x7c00);
    expect(f32BitsToF16(bitsOf(NaN)) & 0x7c00).toBe(0x7c00);
  });
  it('rounds float32 to bfloat16 to nearest even, like gguf-py', () => {
    expect(f32BitsToBf16(bitsOf(1))).toBe(0x3f80);
    expect(f32BitsToBf16(0x3f808000)).toBe(0x3f80); // halfway, even stays
    expect(f32BitsToBf16(0x3f818000)).toBe(0x3f82); // halfway, odd rounds up
    expect(f32BitsToBf16(0x7fc00001) & 0x7fc0).toBe(0x7fc0);
  });
  it('converts chunks between F32, F16 and BF16', () => {
    const f32 = new Uint8Array(new Float32Array([0.5, -3, 1e-3]).buffer);
    const f16 = convertChunk(f32, 'F32', 'F16');
    const back = new Float32Array(convertChunk(f16, 'F16', 'F32').buffer);
    expect([...back].map((v) => +v.toFixed(4))).toEqual([0.5, -3, 0.001]);
    const bf16 = convertChunk(f32, 'F32', 'BF16');
    expect([...new Uint16Array(convertChunk(bf16, 'BF16', 'F16').buffer)]).toEqual([
      0x3800,
      0xc200,
      f32BitsToF16(bitsOf(0.00099945068359375)),
    ]);
  });
  it('converts every BF16 bit pattern to F16 exactly as through float32', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const got = new Uint16Array(convertChunk(new Uint8Array(all.buffer), 'BF16', 'F16').buffer);
    expect(got).toEqual(all.map((b) => f32BitsToF16(b << 16)));
  });
});

describe('SentencePiece models', () => {
  it('round-trips pieces, scores, types and the dummy-prefix flag', () => {
    const model = {
      pieces: ['<unk>', '<s>', '▁hi', '<0x0A>', '\ufeff'],
      scores: [0, 0, -1.5, 0, -2],
      types: [2, 3, 1, 6, 1],
      modelType: 2,
      addDummyPrefix: false,
    };
    const parsed = parseSentencePiece(encodeSentencePiece(model), 'tokenizer.model');
    expect(parsed).toMatchObject({ ...model, byteFallback: false });
  });
  it('reports a corrupt file with its byte offset', () => {
    expect(() => parseSentencePiece(Uint8Array.from([0x0a, 0x50, 0x01]), 'bad.model')).toThrow(
      /bad\.model is not a valid SentencePiece model/,
    );
  });
});

describe('pre-tokenizer names', () => {
  const split = (regex: string) => ({
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: regex } },
        { type: 'ByteLevel', use_regex: false },
      ],
    },
  });
  it('recognises Llama 3 and Qwen2 from their Split regex', () => {
    expect(detectPreTokenizer(split(LLAMA3_SPLIT_REGEX))).toEqual({ name: 'llama-bpe' });
    expect(detectPreTokenizer(split(QWEN2_SPLIT_REGEX))).toEqual({ name: 'qwen2' });
  });
  it('recognises GPT-2 and StarCoder structures, and warns on unknown ones', () => {
    expect(detectPreTokenizer({ pre_tokenizer: { type: 'ByteLevel', use_regex: true } })).toEqual({
      name: 'gpt-2',
    });
    expect(
      detectPreTokenizer({
        pre_tokenizer: {
          type: 'Sequence',
          pretokenizers: [{ type: 'Digits', individual_digits: true }, { type: 'ByteLevel' }],
        },
      }),
    ).toEqual({ name: 'starcoder' });
    const unknown = detectPreTokenizer(split('\\w+'));
    expect(unknown.name).toBe('default');
    expect(unknown.warning).toMatch(/not one mfc knows/);
  });
});

describe('default model names', () => {
  it('uses the folder name, or the repo name for a Hugging Face cache snapshot', () => {
    expect(defaultModelName('/models/Qwen2.5-0.5B/')).toBe('Qwen2.5-0.5B');
    expect(defaultModelName(`/c/hub/models--Qwen--Qwen3-0.6B/snapshots/${'a'.repeat(40)}`)).toBe(
      'Qwen3-0.6B',
    );
  });
});

describe('llama3 rope factors', () => {
  it('follows the Llama 3.1 smoothing formula', () => {
    const f = llama3RopeFactors({
      hidden_size: 4096,
      num_attention_heads: 32,
      rope_theta: 500000,
      rope_scaling: {
        rope_type: 'llama3',
        factor: 8,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 8192,
      },
    })!;
    expect(f).toHaveLength(64);
    expect(f[0]).toBe(1); // high frequencies are not scaled
    expect(f[63]).toBe(8); // low frequencies get the full factor
    const mid = [...f].filter((v) => v > 1 && v < 8);
    expect(mid.length).toBeGreaterThan(0);
    expect(
      llama3RopeFactors({
        hidden_size: 64,
        num_attention_heads: 4,
        rope_scaling: { rope_type: 'linear', factor: 2 },
      }),
    ).toBeUndefined();
  });
});

describe('input errors', () => {
  it('rejects an unsupported architecture before reading any weights', async () => {
    const dir = join(tmp, 'gpt2');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ architectures: ['GPT2LMHeadModel'] }),
    );
    await writeFile(join(dir, 'model.safetensors'), 'not a safetensors file at all');
    const out = join(tmp, 'gpt2.gguf');
    await expect(convertHfToGguf(dir, out)).rejects.toMatchObject({
      code: 'CONVERT_UNSUPPORTED_ARCHITECTURE',
      message: expect.stringContaining('"GPT2LMHeadModel"'),
      hint: expect.stringContaining(SUPPORTED_HF_ARCHITECTURES.join(', ')),
    });
    expect(existsSync(out)).toBe(false);
  });
  it('points at the line and column of a JSON syntax error, and accepts NaN/Infinity', async () => {
    const dir = join(tmp, 'badjson');
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, 'config.json'),
      '{\n  "architectures": ["LlamaForCausalLM"],\n  "x": NaN,\n  "y": -Infinity,\n  oops\n}',
    );
    const err = await planConversion(dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HF_BAD_JSON', location: { range: { start: { line: 5 } } } });
  });
  it('rejects truncated weights before writing anything', async () => {
    const fixtures = await ensureFixtures();
    const dir = join(tmp, 'truncated');
    await mkdir(dir, { recursive: true });
    for (const f of ['config.json', 'tokenizer.model', 'tokenizer_config.json']) {
      await copyFile(join(fixtures.tinyLlama.hfDir, f), join(dir, f));
    }
    const full = await readFile(join(fixtures.tinyLlama.hfDir, 'model.safetensors'));
    await writeFile(join(dir, 'model.safetensors'), full.subarray(0, full.length - 1000));
    const out = join(tmp, 'truncated.gguf');
    await expect(convertHfToGguf(dir, out)).rejects.toMatchObject({
      code: expect.stringMatching(/^SAFETENSORS_/),
    });
    expect(existsSync(out)).toBe(false);
    expect((await readdir(tmp)).filter((n) => n.startsWith('truncated.gguf'))).toEqual([]);
  });
  it('rejects a tokenizer.json token whose id is not a whole number', async () => {
    const fixtures = await ensureFixtures();
    const dir = join(tmp, 'bad-token-id');
    await writeTinyHfModel(dir, 'llama3', fixtures.tinyLlama.hfDir);
    const tokenizer = JSON.parse(await readFile(join(dir, 'tokenizer.json'), 'utf8'));
    tokenizer.model.vocab['mfc-bad-token'] = 1.5;
    await writeFile(join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
    await expect(planConversion(dir)).rejects.toMatchObject({
      code: 'CONVERT_BAD_VOCAB',
      message: expect.stringContaining('"mfc-bad-token" has id 1.5'),
    });
  });
  it('needs a config.json', async () => {
    await expect(planConversion(tmp)).rejects.toMatchObject({ code: 'CONVERT_NO_CONFIG' });
  });
});
