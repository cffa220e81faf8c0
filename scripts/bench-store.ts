// Store ingest benchmark: bringing a 2 GB GGUF into the store with mfc (copy:
// hash while copying; --link: hard link + hash) against the physical floors
// measured in the same run: `cp` (copy only) and `openssl dgst -sha256`
// (hash only). Also coreutils `sha256sum` for reference. Prints a Markdown table.
//
//   pnpm bench store            (MFC_BENCH_GB=1 for a smaller file)
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, closeSync, writeSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Store, type Digest } from '../packages/store/src/index.js';

const GB = 1e9;
const size = Math.round(Number(process.env.MFC_BENCH_GB ?? '2') * GB);
const rounds = Number(process.env.MFC_BENCH_ROUNDS ?? '3');
const dir = mkdtempSync(join(tmpdir(), 'mfc-bench-store-'));
const src = join(dir, 'model.gguf');

function makeGguf(): void {
  // A GGUF header (no tensors) and then incompressible bytes: a 64 MiB random block repeated.
  const header = Buffer.from('474755460300000000000000000000000000000000000000', 'hex');
  const block = randomBytes(64 * 1024 * 1024);
  const fd = openSync(src, 'w');
  writeSync(fd, header);
  let left = size - header.length;
  while (left > 0) {
    const n = Math.min(left, block.length);
    writeSync(fd, block, 0, n);
    left -= n;
  }
  closeSync(fd);
}

async function time(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

function sync(): void {
  // Let the kernel flush the previous run's dirty pages so runs do not pay for each other.
  execFileSync('sync');
}

const results = new Map<string, number[]>();
const note = (name: string, seconds: number) =>
  results.set(name, [...(results.get(name) ?? []), seconds]);

try {
  process.stderr.write(`writing a ${(size / GB).toFixed(1)} GB GGUF in ${dir}…\n`);
  makeGguf();
  sync();
  let expected: Digest | undefined;
  const runCp = async () => {
    const cpOut = join(dir, 'cp-copy');
    note('cp', await time(() => execFileSync('cp', [src, cpOut])));
    rmSync(cpOut);
    sync();
  };
  const runHash = async (round: number) => {
    note(
      'openssl dgst -sha256',
      await time(() => execFileSync('openssl', ['dgst', '-sha256', src])),
    );
    if (round === 0)
      note('sha256sum (coreutils)', await time(() => execFileSync('sha256sum', [src])));
  };
  const runMfc = async (link: boolean) => {
    const models = join(dir, `models-${link ? 'link' : 'copy'}`);
    const store = new Store(models);
    const label = link ? 'mfc ingest --link (hash + hard link)' : 'mfc ingest (hash while copying)';
    let digest: Digest | undefined;
    note(
      label,
      await time(async () => (digest = (await store.blobs.ingestFile(src, { link })).digest)),
    );
    expected ??= digest;
    if (digest !== expected) throw new Error(`digest differs: ${digest} vs ${expected}`);
    if (!link && statSync(store.blobs.path(digest!)).size !== size)
      throw new Error('copy has the wrong size');
    rmSync(models, { recursive: true, force: true });
    sync();
  };
  for (let round = 0; round < rounds; round++) {
    process.stderr.write(`round ${round + 1}/${rounds}\n`);
    // Alternate the order so no tool always runs right after another's writeback.
    if (round % 2 === 0) {
      await runCp();
      await runMfc(false);
      await runHash(round);
      await runMfc(true);
    } else {
      await runMfc(true);
      await runHash(round);
      await runMfc(false);
      await runCp();
    }
  }
  const best = (k: string) => Math.min(...results.get(k)!);
  const rows = [...results.keys()].map((k) => {
    const s = best(k);
    return `| ${k} | ${s.toFixed(2)} s | ${(size / GB / s).toFixed(2)} GB/s |`;
  });
  const copyRatio = best('mfc ingest (hash while copying)') / best('cp');
  const linkRatio = best('mfc ingest --link (hash + hard link)') / best('openssl dgst -sha256');
  console.log(
    `Ingest of a ${(size / GB).toFixed(1)} GB GGUF (page cache warm; best of ${rounds} rounds; digest ${expected?.slice(0, 19)}…)\n`,
  );
  console.log('| operation | time | throughput |');
  console.log('|---|---|---|');
  for (const r of rows) console.log(r);
  console.log(
    `\nmfc copy / cp = ${copyRatio.toFixed(2)}×; mfc --link / openssl = ${linkRatio.toFixed(2)}×`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
