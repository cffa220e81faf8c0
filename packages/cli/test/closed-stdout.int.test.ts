import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tinyGguf, workspace } from './helpers.js';

const bin = join(repoRoot, 'packages/cli/bin/mfc.js');
let ws: ReturnType<typeof workspace>;
beforeAll(async () => {
  ws = workspace('mfc-epipe-');
  const built = await ws.mfc([
    'build',
    '--quiet',
    '-f',
    ws.write('Modelfile', `FROM ${tinyGguf}\n`),
    '-t',
    'tiny',
  ]);
  expect(built.code, built.stderr).toBe(0);
});
afterAll(() => ws.cleanup());

/** Runs mfc with a stdout whose reader is gone before mfc writes (like `| head -0`). */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: ws.env });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  it.each([
    [['list']],
    [['show', 'tiny']],
    [['show', 'tiny', '--modelfile']],
    [['inspect', '--tensors', tinyGguf]],
    [['--help']],
  ])('ends `mfc %s` quietly with exit 0', async (args) => {
    const r = await withClosedStdout(args);
    expect(r.stderr).not.toContain('EPIPE');
    expect(r.code).toBe(0);
  });
});
