import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace } from './helpers.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace('mfc-json-err-');
});
afterEach(() => ws.cleanup());

/** Every stderr line is a JSON event; stdout is one JSON document. */
function parsed(r: { stdout: string; stderr: string }) {
  for (const line of r.stderr.split('\n').filter(Boolean))
    expect(() => JSON.parse(line)).not.toThrow();
  return JSON.parse(r.stdout) as {
    error: { code: string; message: string; hint?: string; location?: { file?: string } };
  };
}

describe('--json failures', () => {
  it('a build stopped by lint: one error object with the findings, no code frame', async () => {
    const file = ws.write('Modelfile', 'FROM ./nothere.gguf\nPARAMETER foo 1\n');
    const r = await ws.mfc(['build', '-f', file, '-t', 'e', '--json']);
    expect(r.code).toBe(1);
    const out = parsed(r) as unknown as {
      error: { code: string; location: unknown; findings: { code: string }[] };
    };
    expect(out.error).toMatchObject({ code: 'LINT_ERRORS', location: { file } });
    expect(out.error.findings.map((f) => f.code)).toEqual(['MF011', 'MF003']);
    expect(r.stderr).not.toContain(' | ');
  });

  it('a file error and a usage error', async () => {
    const missing = await ws.mfc(['inspect', '--json', `${ws.dir}/nope.gguf`]);
    expect(missing.code).toBe(1);
    expect(parsed(missing).error).toEqual({
      code: 'ENOENT',
      message: 'no such file or directory',
      location: { file: `${ws.dir}/nope.gguf` },
    });
    expect(missing.stderr).toBe('');
    const usage = await ws.mfc(['build', '--json', '--bogus']);
    expect(usage.code).toBe(2);
    expect(parsed(usage).error).toMatchObject({ code: 'USAGE', hint: "see 'mfc build --help'" });
    expect(usage.stderr).toBe('');
  });
});
