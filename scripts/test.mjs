#!/usr/bin/env node
// The whole test suite, as CI and the README run it: type check, lint,
// format check, then the unit lane (in process, fast) and the integration
// lane (builds the CLI bundle, provisions llama.cpp tools, spawns programs
// and servers). The unit lane runs first so a plain bug fails in seconds.
import { spawnSync } from 'node:child_process';

const steps = [
  ['typecheck', 'pnpm', ['run', '--silent', 'typecheck']],
  ['lint', 'pnpm', ['run', '--silent', 'lint']],
  ['format', 'pnpm', ['run', '--silent', 'format:check']],
  ['unit tests', 'pnpm', ['exec', 'vitest', 'run', '--project', 'unit', ...process.argv.slice(2)]],
  [
    'integration tests',
    'pnpm',
    ['exec', 'vitest', 'run', '--project', 'integration', ...process.argv.slice(2)],
  ],
];

for (const [name, cmd, args] of steps) {
  const started = Date.now();
  process.stderr.write(`\n== ${name}\n`);
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stderr.write(`\n== ${name} failed after ${seconds}s\n`);
    process.exit(result.status ?? 1);
  }
  process.stderr.write(`== ${name} ok (${seconds}s)\n`);
}
