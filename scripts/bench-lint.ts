// Linter throughput: `pnpm bench lint`. Lints a typical Modelfile many times
// (per-file latency, all rules) and one generated 1 MB Modelfile (throughput).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintModelfile } from '../packages/lint/src/index.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const typical = readFileSync(join(root, 'fixtures/lint/clean/chatml.Modelfile'), 'utf8');

function bigModelfile(bytes: number): string {
  const parts = ['FROM llama3.2\n'];
  let size = parts[0].length;
  for (let i = 0; size < bytes; i++) {
    const block =
      `# block ${i}\nPARAMETER temperature 0.${i % 10}\nPARAMETER stop <|im_end|>\n` +
      `MESSAGE user question ${i}: how far is it?\nMESSAGE assistant answer ${i}: not far.\n` +
      `LICENSE """line one of ${i}\nline two "quoted"\n"""\n`;
    parts.push(block);
    size += block.length;
  }
  parts.push(
    'TEMPLATE """{{ range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}"""\n',
  );
  return parts.join('');
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  await fn(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) await fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / runs;
}

const runs = 200;
const small = await time(() => lintModelfile(typical, { config: false }), runs);
const big = bigModelfile(1 << 20);
const bigMs = await time(() => lintModelfile(big, { config: false }), 5);
const findings = (await lintModelfile(big, { config: false })).findings.length;

console.log('| Input | Size | Time per lint | Throughput |');
console.log('|---|---|---|---|');
console.log(
  `| fixtures/lint/clean/chatml.Modelfile (all 21 rules) | ${typical.length} B | ${small.toFixed(2)} ms | — |`,
);
console.log(
  `| generated Modelfile, ${big.split('\n').length} lines, ${findings} findings | ${(big.length / 1048576).toFixed(2)} MiB | ${bigMs.toFixed(0)} ms | ${(big.length / 1048576 / (bigMs / 1000)).toFixed(1)} MiB/s |`,
);
