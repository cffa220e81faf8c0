// Modelfile parser throughput: parses generated 1 MB Modelfiles (many short
// commands; one huge TEMPLATE value) and formats them. Prints a Markdown table.
// Run: pnpm bench modelfile
import os from 'node:os';
import { format, parseModelfile } from '../packages/modelfile/src/index.js';

const MB = 1024 * 1024;

/** Many commands of every kind, comments, quoted and multi-line values: ~1 MB. */
function manyCommands(): string {
  const parts: string[] = ['FROM llama3.2:1b\n'];
  let size = parts[0].length;
  for (let i = 0; size < MB; i++) {
    const block =
      `# block ${i}\n` +
      `PARAMETER temperature 0.${i % 10}\n` +
      `PARAMETER stop "<|eot_id|> ${i}"\n` +
      `MESSAGE user ¿Está Madrid en España? ${i}\n` +
      `MESSAGE assistant """Sí.\nMadrid es la capital. ${i}\n"""\n` +
      `SYSTEM You are assistant number ${i}; answer briefly.\n` +
      `TEMPLATE """{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}<|im_start|>assistant ${i}\n"""\n\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('');
}

/** One TEMPLATE whose value is ~1 MB of text over many lines. */
function hugeValue(): string {
  const line =
    '{{ range .Messages }}<|start_header_id|>{{ .Role }}<|end_header_id|> "quoted" text {{ .Content }}\n';
  return 'FROM base\nTEMPLATE """\n' + line.repeat(Math.ceil(MB / line.length)) + '"""\n';
}

/** Wall time (median) and CPU time (user + system, all threads; median and minimum) in ms. */
function time(fn: () => void, runs: number): { wall: number; cpu: number; cpuMin: number } {
  for (let i = 0; i < 3; i++) fn(); // warm up the JIT
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { wall: median(wall), cpu: median(cpu), cpuMin: Math.min(...cpu) };
}

const ms = (t: { wall: number; cpu: number; cpuMin: number }) =>
  `${t.wall.toFixed(1)} ms (CPU ${t.cpu.toFixed(1)} ms, best ${t.cpuMin.toFixed(1)} ms)`;

const rows: string[] = [];
for (const [name, text] of [
  ['1 MB, many short commands', manyCommands()],
  ['1 MB, one TEMPLATE value', hugeValue()],
] as const) {
  const bytes = new TextEncoder().encode(text);
  const result = parseModelfile(bytes);
  if (result.errors.length > 0)
    throw new Error(`generated Modelfile has errors: ${result.errors[0].message}`);
  const parse = time(() => parseModelfile(bytes), 21);
  const fmt = time(() => format(result), 7);
  const mbps = bytes.length / MB / (parse.cpu / 1000);
  rows.push(
    `| ${name} | ${(bytes.length / MB).toFixed(2)} MB | ${result.commands.length} | ${ms(parse)} | ${mbps.toFixed(1)} MB/s | ${ms(fmt)} |`,
  );
}

console.log(
  `Node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg()[0].toFixed(1)} at the start of the run.\n`,
);
console.log(
  '| input | size | commands | parse, median of 21 | throughput (CPU) | format, median of 7 |',
);
console.log('|---|---|---|---|---|---|');
for (const row of rows) console.log(row);
