import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyGguf, workspace } from './helpers.js';

// mkfifo is an external program, hence the integration lane; the commands run in process.
let ws: ReturnType<typeof workspace>;
let fifo: string;
beforeAll(() => {
  ws = workspace('mfc-fifo-');
  fifo = join(ws.dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
});
afterAll(() => ws.cleanup());

describe('a FIFO or a device as input is refused up front', () => {
  const refused = (r: { code: number; stderr: string }) => {
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is a (FIFO \(named pipe\)|character device), not a/);
    expect(r.stderr).toContain('[NOT_A_FILE]');
  };

  it('build: FROM, ADAPTER and -f naming a FIFO or /dev/zero', { timeout: 20_000 }, async () => {
    const from = ws.write('from.Modelfile', 'FROM ./fifo\n');
    let r = await ws.mfc(['build', '-f', from, '-t', 'a']);
    refused(r);
    expect(r.stderr).toContain(`${from}:1:1: error ${fifo} is a FIFO`);
    r = await ws.mfc(['build', '-f', ws.write('dev.Modelfile', 'FROM /dev/zero\n'), '-t', 'a']);
    refused(r);
    r = await ws.mfc(['build', '-f', fifo, '-t', 'a']);
    refused(r);
    const adapter = ws.write('adapter.Modelfile', `FROM ${tinyGguf}\nADAPTER ./fifo\n`);
    r = await ws.mfc(['build', '-f', adapter, '-t', 'b']);
    refused(r);
  });

  it('inspect, parse, fmt, lint, quantize and convert', { timeout: 20_000 }, async () => {
    for (const argv of [
      ['inspect', fifo],
      ['inspect', '/dev/zero'],
      ['parse', fifo],
      ['fmt', fifo],
      ['lint', fifo],
      ['quantize', fifo, join(ws.dir, 'out.gguf'), 'Q4_0'],
      ['convert', fifo, join(ws.dir, 'out.gguf')],
    ]) {
      const r = await ws.mfc(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toMatch(/is a (FIFO \(named pipe\)|character device)/);
    }
  });
});
