// The bundled binary as a user runs it: a spawn smoke test of the entry point.
// argv → exit code and output in process: cli-core.test.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/mfc.js', import.meta.url));

function mfc(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('mfc binary', () => {
  it('prints its version and exits 0', () => {
    const version = execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' });
    expect(version).toMatch(/^mfc \d+\.\d+\.\d+/);
  });

  it('lists commands in --help and exits 0', () => {
    const r = mfc(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: mfc <command>');
    expect(r.stdout).toContain('Exit codes');
  });

  it('exits 2 with one clear line for an unknown command', () => {
    const r = mfc(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 2 without a command', () => {
    expect(mfc([]).code).toBe(2);
  });
});
