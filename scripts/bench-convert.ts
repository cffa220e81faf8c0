// `pnpm bench convert`: converting a 1B-parameter-shaped random Llama
// (Llama 3.2 1B layout: 16 layers, hidden 2048, FFN 8192, 32/8 heads, 128,256
// tokens with the llama-bpe vocabulary, tied embeddings) from safetensors to
// an F16 GGUF with mfc, against a plain copy of the same bytes (the floor)
// and llama.cpp's convert_hf_to_gguf.py when its Python dependencies
// (torch, transformers) are importable. Each job runs in its own process so
// peak memory (max RSS) is its own; copy and convert alternate BENCH_RUNS
// times (default 5) and the best and median time of each are shown (this
// machine's disk writes swing by 3× from run to run). Prints a Markdown table.
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { writeFile, open } from 'node:fs/promises';
import { convertHfToGguf } from '../packages/convert/src/index.js';
import { f32BitsToBf16, f32BitsToF16 } from '../packages/convert/src/numeric.js';
import { rebuildHfTokenizer } from '../packages/convert/test/support/vocab-rebuild.js';
import { llamaCppSource } from '../packages/llama-cpp/src/source.js';

const self = fileURLToPath(import.meta.url);
const WORK = process.env.BENCH_DIR ?? '/tmp/mfc-bench-convert';
/** Where outputs go: BENCH_OUT_DIR=/dev/shm takes the disk out of the comparison. */
const OUT = process.env.BENCH_OUT_DIR ?? WORK;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SHAPE = { hidden: 2048, ffn: 8192, layers: 16, heads: 32, kvHeads: 8, vocab: 128256 };

/** Writes one safetensors file holding the model, streaming a repeated block of random values. */
async function writeModel(dir: string, dtype: 'BF16' | 'F16'): Promise<number> {
  mkdirSync(dir, { recursive: true });
  const { hidden: H, ffn: F, layers, heads, kvHeads, vocab } = SHAPE;
  const hd = H / heads;
  const tensors: [string, number[]][] = [
    ['model.embed_tokens.weight', [vocab, H]],
    ['model.norm.weight', [H]],
  ];
  for (let l = 0; l < layers; l++) {
    const p = `model.layers.${l}.`;
    tensors.push(
      [`${p}input_layernorm.weight`, [H]],
      [`${p}post_attention_layernorm.weight`, [H]],
      [`${p}self_attn.q_proj.weight`, [heads * hd, H]],
      [`${p}self_attn.k_proj.weight`, [kvHeads * hd, H]],
      [`${p}self_attn.v_proj.weight`, [kvHeads * hd, H]],
      [`${p}self_attn.o_proj.weight`, [H, heads * hd]],
      [`${p}mlp.gate_proj.weight`, [F, H]],
      [`${p}mlp.up_proj.weight`, [F, H]],
      [`${p}mlp.down_proj.weight`, [H, F]],
    );
  }
  tensors.sort((a, b) => a[0].localeCompare(b[0]));
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  let at = 0;
  let params = 0;
  for (const [name, shape] of tensors) {
    const n = shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype, shape, data_offsets: [at, at + n * 2] };
    at += n * 2;
    params += n;
  }
  let json = Buffer.from(JSON.stringify(header));
  json = Buffer.concat([json, Buffer.alloc((8 - (json.length % 8)) % 8, 0x20)]);
  const block = new Uint16Array(1 << 21);
  let seed = 12345;
  const f = new Float32Array(1);
  const bits = new Uint32Array(f.buffer);
  for (let i = 0; i < block.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    f[0] = (seed / 2 ** 32 - 0.5) * 0.1;
    block[i] = dtype === 'BF16' ? f32BitsToBf16(bits[0]) : f32BitsToF16(bits[0]);
  }
  const bytes = new Uint8Array(block.buffer);
  const fh = await open(join(dir, 'model.safetensors'), 'w');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  await fh.write(len);
  await fh.write(json);
  for (let left = at; left > 0; left -= bytes.length)
    await fh.write(bytes, 0, Math.min(bytes.length, left));
  await fh.close();
  await writeFile(
    join(dir, 'config.json'),
    JSON.stringify({
      architectures: ['LlamaForCausalLM'],
      hidden_size: H,
      intermediate_size: F,
      num_hidden_layers: layers,
      num_attention_heads: heads,
      num_key_value_heads: kvHeads,
      max_position_embeddings: 131072,
      rms_norm_eps: 1e-5,
      rope_theta: 500000,
      rope_scaling: {
        rope_type: 'llama3',
        factor: 32,
        low_freq_factor: 1,
        high_freq_factor: 4,
        original_max_position_embeddings: 8192,
      },
      tie_word_embeddings: true,
      vocab_size: vocab,
      bos_token_id: 128000,
      eos_token_id: 128001,
    }),
  );
  return params;
}

/** Child mode: run one job, print its time and max RSS as JSON. */
async function child(job: string, src: string, dst: string): Promise<void> {
  const t0 = performance.now();
  if (job === 'copy') {
    // Flushed to disk at the end, as the GGUF writer does (fsync before rename).
    await pipeline(createReadStream(src, { highWaterMark: 8 << 20 }), createWriteStream(dst));
    const fh = await open(dst, 'r+');
    await fh.sync();
    await fh.close();
  } else await convertHfToGguf(src, dst, { outType: 'f16' });
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

function run(job: string, src: string, dst: string): { seconds: number; maxRssMb: number } {
  rmSync(dst, { force: true });
  spawnSync('sync');
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', job, src, dst], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`${job} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** Best and median time of a job's runs, and the highest peak memory. */
function summarize(runs: { seconds: number; maxRssMb: number }[]) {
  const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return {
    best: times[0],
    median: times[Math.floor(times.length / 2)],
    maxRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
  };
}

async function main(): Promise<void> {
  if (process.argv[2] === '--child')
    return child(process.argv[3], process.argv[4], process.argv[5]);
  const models = join((await llamaCppSource()).dir, 'models');
  const rows: string[] = [];
  for (const dtype of ['BF16', 'F16'] as const) {
    const dir = join(WORK, dtype.toLowerCase());
    if (!existsSync(join(dir, 'model.safetensors'))) {
      await rebuildHfTokenizer(join(models, 'ggml-vocab-llama-bpe.gguf'), dir);
      await writeModel(dir, dtype); // after the tokenizer: its config.json wins
    }
    const size = statSync(join(dir, 'model.safetensors')).size;
    // Interleaved runs, best and median of each: the shared machine's load and disk swing a lot between runs.
    const copies: { seconds: number; maxRssMb: number }[] = [];
    const convs: { seconds: number; maxRssMb: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      copies.push(run('copy', join(dir, 'model.safetensors'), join(OUT, 'copy.bin')));
      convs.push(run('convert', dir, join(OUT, 'out.gguf')));
    }
    const copy = summarize(copies);
    const conv = summarize(convs);
    const out = statSync(join(OUT, 'out.gguf')).size;
    rows.push(
      `| ${dtype} → F16 | plain copy (8 MB chunks, then fsync) | ${(size / 1e9).toFixed(2)} GB | ${copy.best.toFixed(1)} s | ${copy.median.toFixed(1)} s | ${(size / 1e6 / copy.best).toFixed(0)} MB/s | ${copy.maxRssMb.toFixed(0)} MB |`,
      `| ${dtype} → F16 | mfc convert | ${(out / 1e9).toFixed(2)} GB | ${conv.best.toFixed(1)} s (${(conv.best / copy.best).toFixed(2)}× copy) | ${conv.median.toFixed(1)} s (${(conv.median / copy.median).toFixed(2)}× copy) | ${(size / 1e6 / conv.best).toFixed(0)} MB/s | ${conv.maxRssMb.toFixed(0)} MB |`,
    );
    rmSync(join(OUT, 'copy.bin'), { force: true });
    rmSync(join(OUT, 'out.gguf'), { force: true });
  }
  const py = spawnSync('python3', ['-c', 'import torch, transformers'], { encoding: 'utf8' });
  const pyNote =
    py.status === 0
      ? 'importable (not run here)'
      : `not runnable here: ${py.stderr.trim().split('\n').pop()}`;
  console.log(
    `| Source | Job | Output size | Best of ${RUNS} | Median of ${RUNS} | Source throughput (best) | Peak RSS |`,
  );
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
  console.log(`\nconvert_hf_to_gguf.py: ${pyNote}`);
  if (!process.env.BENCH_KEEP) rmSync(WORK, { recursive: true, force: true });
}

await main();
