// `pnpm bench quantize`: quantizing through mfc (`quantizeGguf`, which runs
// llama-quantize with progress parsing, a temporary output name, and the
// result cache) versus calling the same llama-quantize binary directly, in
// one run. Models: the tiny fixture (19 MB F16) and a random model shaped
// like a 1.1B-parameter Llama (n_embd 2048, 16 layers, n_ff 8192, 32k vocab,
// 2.2 GB F16) generated in /tmp. Prints a Markdown table.
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  GgmlType,
  GgufValueType,
  kv,
  openGguf,
  writeGguf,
  type GgufKvInput,
  type GgufTensorInput,
} from '../packages/gguf/src/index.js';
import { findLlamaTool, quantizeGguf } from '../packages/llama-cpp/src/index.js';
import { ensureFixtures } from './fixtures/index.js';

const TYPE = process.env.BENCH_QUANT_TYPE ?? 'Q4_K_M';
const SKIP_BIG = process.env.BENCH_SKIP_BIG === '1';

/** Random F16 tensor data in ±[1/16, 1/8): finite, cheap to make. */
function randomF16(elements: number): () => Iterable<Uint8Array> {
  return function* () {
    const chunk = 1 << 22; // elements per chunk
    for (let done = 0; done < elements; done += chunk) {
      const n = Math.min(chunk, elements - done);
      const h = new Uint16Array(n);
      randomFillSync(h);
      for (let i = 0; i < n; i++) h[i] = (h[i] & 0x83ff) | 0x2c00;
      yield new Uint8Array(h.buffer);
    }
  };
}

function ones(n: number): Uint8Array {
  return new Uint8Array(new Float32Array(n).fill(1).buffer);
}

/** A llama model shaped like a 1.1B one, with the tiny fixture's 32k vocabulary. */
async function writeBigModel(path: string, tinyF16: string): Promise<number> {
  const E = 2048;
  const L = 16;
  const FF = 8192;
  const H = 32;
  const HKV = 8;
  const V = 32000;
  const tiny = await openGguf(tinyF16);
  const metadata: GgufKvInput[] = [];
  const override: Record<string, number> = {
    'llama.block_count': L,
    'llama.embedding_length': E,
    'llama.feed_forward_length': FF,
    'llama.attention.head_count': H,
    'llama.attention.head_count_kv': HKV,
    'llama.rope.dimension_count': E / H,
  };
  for (const [key, entry] of tiny.metadata) {
    if (key in override) metadata.push(kv.u32(key, override[key]));
    else metadata.push({ key, type: entry.type as GgufValueType, value: entry.value });
  }
  const kvDim = (E / H) * HKV;
  const tensors: GgufTensorInput[] = [];
  const w = (name: string, shape: number[]) =>
    tensors.push({ name, type: GgmlType.F16, shape, data: randomF16(shape[0] * shape[1]) });
  w('token_embd.weight', [E, V]);
  tensors.push({ name: 'output_norm.weight', type: GgmlType.F32, shape: [E], data: ones(E) });
  w('output.weight', [E, V]);
  for (let l = 0; l < L; l++) {
    tensors.push({
      name: `blk.${l}.attn_norm.weight`,
      type: GgmlType.F32,
      shape: [E],
      data: ones(E),
    });
    tensors.push({
      name: `blk.${l}.ffn_norm.weight`,
      type: GgmlType.F32,
      shape: [E],
      data: ones(E),
    });
    w(`blk.${l}.attn_q.weight`, [E, E]);
    w(`blk.${l}.attn_k.weight`, [E, kvDim]);
    w(`blk.${l}.attn_v.weight`, [E, kvDim]);
    w(`blk.${l}.attn_output.weight`, [E, E]);
    w(`blk.${l}.ffn_gate.weight`, [E, FF]);
    w(`blk.${l}.ffn_up.weight`, [E, FF]);
    w(`blk.${l}.ffn_down.weight`, [FF, E]);
  }
  await writeGguf(path, { metadata, tensors });
  return tensors.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await fn();
  return [r, (performance.now() - t) / 1000];
}

async function main() {
  const work = await mkdtemp(join(tmpdir(), 'mfc-bench-quantize-'));
  try {
    const { tinyLlama } = await ensureFixtures();
    const tool = await findLlamaTool('llama-quantize', { ignorePath: true });
    const models: [string, string, number][] = [['tiny llama (F16)', tinyLlama.f16, 0]];
    if (!SKIP_BIG) {
      const big = join(work, 'big-f16.gguf');
      const [params, secs] = await timed(() => writeBigModel(big, tinyLlama.f16));
      console.error(
        `wrote ${big} (${(params / 1e9).toFixed(2)}B parameters) in ${secs.toFixed(1)} s`,
      );
      models.push([`random ${(params / 1e9).toFixed(1)}B llama (F16)`, big, params]);
    }
    const rows: string[] = [];
    for (const [label, input, params] of models) {
      const size = (await stat(input)).size;
      const threads = params === 0 ? 1 : 2; // what mfc picks: one thread for small models
      const direct = async () => {
        const out = join(work, 'direct.gguf');
        await promisify(execFile)(tool.path, [input, out, TYPE, String(threads)], {
          maxBuffer: 64 << 20,
        });
        await rm(out);
      };
      const viaMfc = (cache: boolean, cacheDir: string) => async () => {
        const out = join(work, 'mfc.gguf');
        const r = await quantizeGguf({ input, output: out, type: TYPE, threads, cache, cacheDir });
        await rm(out);
        return r;
      };
      const cacheDir = join(work, 'cache');
      const runs = params === 0 ? 5 : 2;
      await direct(); // warm-up: page cache, CPU clocks
      // Median of 5 for the tiny model; the lower of 2 for the big one.
      const median = (xs: number[]) =>
        [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
      const d: number[] = [];
      const m: number[] = [];
      for (let i = 0; i < runs; i++) {
        d.push((await timed(direct))[1]);
        m.push((await timed(viaMfc(false, cacheDir)))[1]);
      }
      const [, first] = await timed(viaMfc(true, cacheDir)); // hashes the input, fills the cache
      const [hit, again] = await timed(viaMfc(true, cacheDir));
      if (!hit.cached) throw new Error('expected a cache hit');
      const over = median(m) - median(d);
      rows.push(
        `| ${label}, ${(size / 1e6).toFixed(0)} MB → ${TYPE} | ${median(d).toFixed(2)} s | ${median(m).toFixed(2)} s | ${over >= 0 ? '+' : ''}${over.toFixed(2)} s (${((over / median(d)) * 100).toFixed(1)}%) | ${first.toFixed(2)} s | ${again.toFixed(2)} s |`,
      );
      await rm(cacheDir, { recursive: true, force: true });
    }
    console.log(
      `llama-quantize ${TYPE}, threads: 1 for the tiny model, 2 for the big one; after one warm-up run; tiny: median of 5 runs each, big: 2 runs each (the lower of the two), alternating.\n`,
    );
    console.log(
      '| Model | llama-quantize directly | mfc (no cache) | mfc overhead | mfc, first build (hash + fill cache) | mfc, cache hit |',
    );
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const r of rows) console.log(r);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
