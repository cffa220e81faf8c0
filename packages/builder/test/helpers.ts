import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { tinyTestGguf } from '../../store/test/vectors.js';

export { tinyTestGguf };

export const repoRoot = resolve(__dirname, '../../..');
export const tinyGguf = join(repoRoot, 'fixtures/generated/tiny-llama-f16.gguf');
export const mfcBin = join(repoRoot, 'packages/cli/bin/mfc.js');

/** A temporary folder with a models store inside; `cleanup()` removes it. */
export function tempWorkspace(prefix = 'mfc-build-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    models: join(dir, 'models'),
    write(name: string, content: string | Uint8Array): string {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs the bundled CLI as a real child process. */
export function runMfc(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; onStderr?: (all: string) => void } = {},
): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    const child = spawn(process.execPath, [mfcBin, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      options.onStderr?.(stderr);
    });
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}
