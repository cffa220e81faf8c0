// `pnpm bench gguf`: reading GGUF metadata with mfc, @huggingface/gguf and
// llama.cpp's gguf-py, side by side, on ggml-vocab-gemma-4.gguf (262k tokens,
// 515k merges) and on a multi-GB GGUF (a sparse file written in /tmp, with a
// 7B-llama tensor layout in Q4_K and the llama-spm vocabulary). Each reader
// runs in its own process so peak memory (max RSS) is comparable.
// Prints a Markdown table; copy the figures into docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, truncateSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  GgmlType,
  GgufArray,
  encodeGgufHeader,
  kv,
  openGguf,
  type GgufKvInput,
} from '../packages/gguf/src/index.js';
import { llamaCppSource } from '../packages/llama-cpp/src/source.js';

const self = fileURLToPath(import.meta.url);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

type Reader = 'mfc-summary' | 'mfc-full' | 'hf-gguf';

/** Child mode: read `file` RUNS times with one reader; print timings and max RSS as JSON. */
async function child(reader: Reader, file: string): Promise<void> {
  const times: number[] = [];
  const cpu: number[] = [];
  let check = 0;
  const hf = reader === 'hf-gguf' ? await loadHfGguf() : undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    if (reader === 'hf-gguf') {
      const r = await hf!(file, { allowLocalFile: true });
      check = Object.keys(r.metadata).length;
    } else {
      const g = await openGguf(file, { decodeStrings: reader === 'mfc-full' });
      const tokens = g.get('tokenizer.ggml.tokens');
      check = g.metadata.size + (tokens instanceof GgufArray ? tokens.length : 0);
    }
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ times, cpu, maxRssMb, check }));
}

async function loadHfGguf() {
  const require = createRequire(
    join(import.meta.dirname, '..', 'packages', 'gguf', 'package.json'),
  );
  const mod = await import(pathToFileURL(require.resolve('@huggingface/gguf')).href);
  return mod.gguf as (
    uri: string,
    opts: { allowLocalFile: boolean },
  ) => Promise<{ metadata: Record<string, unknown> }>;
}

interface Result {
  first: number;
  median: number;
  /** Median CPU time (user + system) of one read: steadier than wall time on a busy machine. */
  cpu: number;
  maxRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function runJs(reader: Reader, file: string): Result {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', reader, file], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`${reader} failed: ${r.stderr}`);
  const { times, cpu, maxRssMb } = JSON.parse(r.stdout.trim().split('\n').pop()!);
  return { first: times[0], median: median(times), cpu: median(cpu), maxRssMb };
}

const PY = `
import resource, sys, time
from gguf import GGUFReader
t0 = time.perf_counter()
c0 = time.process_time()
r = GGUFReader(sys.argv[1])
t1 = time.perf_counter()
c1 = time.process_time()
print(t1 - t0, c1 - c0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
`;

function runPy(file: string, gguf: string): Result | undefined {
  const r = spawnSync('python3', ['-c', PY, file], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: gguf },
  });
  if (r.status !== 0) return undefined;
  const [read, cpu, rss] = r.stdout.trim().split(/\s+/).map(Number);
  return { first: read * 1000, median: read * 1000, cpu: cpu * 1000, maxRssMb: rss };
}

/** A sparse multi-GB GGUF: real header (7B llama layout, Q4_K, llama-spm vocabulary), holes for data. */
async function writeBigGguf(path: string, vocabFile: string): Promise<number> {
  const vocab = await openGguf(vocabFile);
  const metadata: GgufKvInput[] = [
    kv.string('general.architecture', 'llama'),
    kv.string('general.name', 'bench-7b'),
    kv.u32('general.file_type', 15),
    kv.u32('llama.block_count', 32),
    kv.u32('llama.context_length', 4096),
    kv.u32('llama.embedding_length', 4096),
    ...[...vocab.metadata.values()].filter((e) => e.key.startsWith('tokenizer.')),
  ];
  const tensors: { name: string; type: number; shape: number[] }[] = [
    { name: 'token_embd.weight', type: GgmlType.Q4_K, shape: [4096, 32000] },
  ];
  for (let i = 0; i < 32; i++) {
    for (const [n, shape] of [
      ['attn_q', [4096, 4096]],
      ['attn_k', [4096, 4096]],
      ['attn_v', [4096, 4096]],
      ['attn_output', [4096, 4096]],
      ['ffn_gate', [4096, 11264]],
      ['ffn_up', [4096, 11264]],
      ['ffn_down', [11264, 4096]],
    ] as const) {
      tensors.push({ name: `blk.${i}.${n}.weight`, type: GgmlType.Q4_K, shape: [...shape] });
    }
    tensors.push(
      { name: `blk.${i}.attn_norm.weight`, type: GgmlType.F32, shape: [4096] },
      { name: `blk.${i}.ffn_norm.weight`, type: GgmlType.F32, shape: [4096] },
    );
  }
  tensors.push(
    { name: 'output_norm.weight', type: GgmlType.F32, shape: [4096] },
    { name: 'output.weight', type: GgmlType.Q6_K, shape: [4096, 32000] },
  );
  const { header, layout } = encodeGgufHeader(metadata, tensors);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, header);
  truncateSync(path, header.length + layout.dataSize);
  return header.length + layout.dataSize;
}

async function main(): Promise<void> {
  const src = await llamaCppSource();
  const gemma = join(src.dir, 'models', 'ggml-vocab-gemma-4.gguf');
  const big = join('/tmp', `mfc-bench-${process.pid}.gguf`);
  const bigSize = await writeBigGguf(big, join(src.dir, 'models', 'ggml-vocab-llama-spm.gguf'));
  const ggufPy = join(src.dir, 'gguf-py');
  const files: [string, string][] = [
    ['ggml-vocab-gemma-4.gguf (15.8 MB, 262k tokens, 515k merges)', gemma],
    [`sparse 7B-layout Q4_K GGUF (${(bigSize / 1e9).toFixed(1)} GB, 32k tokens, 291 tensors)`, big],
  ];
  const rows: string[] = [];
  try {
    for (const [label, file] of files) {
      const results: [string, Result | undefined][] = [
        ['mfc summary read (strings decoded on use)', runJs('mfc-summary', file)],
        ['mfc full read (every string decoded)', runJs('mfc-full', file)],
        ['@huggingface/gguf 0.4.6 (full read)', runJs('hf-gguf', file)],
        [
          'gguf-py GGUFReader (one run)',
          process.env.BENCH_SKIP_PY ? undefined : runPy(file, ggufPy),
        ],
      ];
      for (const [reader, r] of results) {
        rows.push(
          r
            ? `| ${label} | ${reader} | ${r.first.toFixed(0)} | ${r.median.toFixed(0)} | ${r.cpu.toFixed(0)} | ${r.maxRssMb.toFixed(0)} |`
            : `| ${label} | ${reader} | skipped | | | |`,
        );
      }
    }
  } finally {
    if (existsSync(big)) rmSync(big);
  }
  const { loadavg, cpus } = await import('node:os');
  console.log(
    `Runs per JS reader: ${RUNS} in one process (first, median wall, median CPU); gguf-py: one run. ` +
      `node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()[0].toFixed(1)}.\n`,
  );
  console.log(
    '| file | reader | first read (ms) | median wall (ms) | median CPU (ms) | peak RSS (MB) |',
  );
  console.log('|---|---|---:|---:|---:|---:|');
  for (const r of rows) console.log(r);
}

if (process.argv[2] === '--child') await child(process.argv[3] as Reader, process.argv[4]);
else await main();
