// CLI start-up time: `pnpm bench cli`. Runs bare `node -e 0`, `mfc --version`
// and `mfc lint` on a small Modelfile side by side (interleaved, one process per
// run, like hyperfine), from a temporary folder outside the repository, and
// prints median and p90 wall time of each and the difference to bare node.
// With GNU time (/usr/bin/time, Debian's `time`) it also reports the CPU time
// (user + system) of each run, which a busy machine inflates less than wall time.
// BENCH_RUNS (default 31) sets the number of runs of each command;
// BENCH_CLI_BASELINE=<path to another build's bin/mfc.js> adds its lint run
// (e.g. a build of an older commit copied to /tmp) for a before/after table.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const build = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--if-stale'], {
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

const mfc = join(root, 'packages/cli/bin/mfc.js');
const dir = mkdtempSync(join(tmpdir(), 'mfc-bench-cli-'));
copyFileSync(join(root, 'fixtures/lint/clean/chatml.Modelfile'), join(dir, 'Modelfile'));

const cases: { name: string; args: string[] }[] = [
  { name: '`node -e 0`', args: ['-e', '0'] },
  { name: '`mfc --version`', args: [mfc, '--version'] },
  { name: '`mfc --help`', args: [mfc, '--help'] },
  { name: '`mfc lint Modelfile` (20 lines, all rules)', args: [mfc, 'lint', 'Modelfile'] },
];
const baseline = process.env.BENCH_CLI_BASELINE;
if (baseline)
  cases.push({
    name: `\`mfc lint Modelfile\`, baseline build`,
    args: [baseline, 'lint', 'Modelfile'],
  });

const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** One run: wall time in ms, and CPU time in ms when GNU time is there. */
function once(args: string[]): { wall: number; cpu?: number } {
  const [cmd, argv] = gnuTime
    ? [gnuTime, ['-f', 'cpu %U %S', process.execPath, ...args]]
    : [process.execPath, args];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, argv, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr.toString());
  return m ? { wall, cpu: (Number(m[1]) + Number(m[2])) * 1000 } : { wall };
}

function quantile(sorted: number[], q: number): number {
  const i = (sorted.length - 1) * q;
  const lo = Math.floor(i);
  const hi = Math.ceil(i);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
}

const runs = Number(process.env.BENCH_RUNS ?? 31);
const load = loadavg()[0];
for (const c of cases) once(c.args); // warm the file cache
const wall = cases.map(() => [] as number[]);
const cpu = cases.map(() => [] as number[]);
for (let i = 0; i < runs; i++)
  cases.forEach((c, k) => {
    const t = once(c.args);
    wall[k].push(t.wall);
    if (t.cpu !== undefined) cpu[k].push(t.cpu);
  });
rmSync(dir, { recursive: true, force: true });

const sorted = (t: number[]) => [...t].sort((a, b) => a - b);
const median = (t: number[]) => quantile(sorted(t), 0.5);
const hasCpu = cpu[0].length > 0;
console.log(
  `${runs} runs of each, interleaved; node ${process.version}; load average ${load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end.\n`,
);
console.log(
  '| command | wall median (ms) | wall p90 (ms) | wall min (ms) | wall median − `node -e 0` (ms) |' +
    (hasCpu ? ' CPU median (ms) | CPU median − `node -e 0` (ms) |' : ''),
);
console.log('|---|---:|---:|---:|---:|' + (hasCpu ? '---:|---:|' : ''));
cases.forEach((c, k) => {
  const w = sorted(wall[k]);
  const over = (t: number[][]) => (k === 0 ? '—' : (median(t[k]) - median(t[0])).toFixed(0));
  console.log(
    `| ${c.name} | ${median(w).toFixed(0)} | ${quantile(w, 0.9).toFixed(0)} | ${w[0].toFixed(0)} | ${over(wall)} |` +
      (hasCpu ? ` ${median(cpu[k]).toFixed(0)} | ${over(cpu)} |` : ''),
  );
});
