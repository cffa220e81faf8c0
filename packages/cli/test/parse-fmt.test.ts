/** `mfc parse` and `mfc fmt` in process (through main()) on real files. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mfc } from './support/mfc.js';

const corpus = join(import.meta.dirname, '../../../fixtures/modelfiles');
const dir = mkdtempSync(join(tmpdir(), 'mfc-modelfile-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], input?: string) {
  return mfc(args, { cwd: dir, input });
}

describe('mfc parse', () => {
  it('prints one JSON line per file: commands, or Ollama’s error with line and column', async () => {
    const ok = join(corpus, 'valid/ollama-messages-three.Modelfile');
    const bad = join(corpus, 'invalid/ollama-bad-command.Modelfile');
    const r = await run(['parse', '--json', ok, bad]);
    expect(r.code).toBe(1);
    const [first, second] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(first).toEqual({
      file: ok,
      commands: JSON.parse(readFileSync(ok.replace(/Modelfile$/, 'json'), 'utf8')).commands,
    });
    expect(second.file).toBe(bad);
    expect(second.error).toMatchObject({
      message: expect.stringContaining('command must be one of "from"'),
      line: 3,
      column: 1,
    });
  });

  it('reads standard input for -', async () => {
    const r = await run(['parse', '--json', '-'], 'FROM llama3\nPARAMETER Top_K 1\n');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: '-',
      commands: [
        { name: 'model', args: 'llama3' },
        { name: 'Top_K', args: '1' },
      ],
    });
  });

  it('shows every error with a code frame in text mode, and the commands otherwise', async () => {
    const bad = await run(['parse', join(corpus, 'invalid/several-errors.Modelfile')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('several-errors.Modelfile:1:1: error command must be one of');
    expect(bad.stderr).toContain('> 2 | PARAMETER top-k 1');
    expect(bad.stderr).toContain('unexpected EOF: top');
    expect(bad.stderr).toContain('no FROM line');
    const good = await run(['parse', '-'], 'FROM x\nMESSAGE user hi\n');
    expect(good).toMatchObject({ code: 0, stdout: 'model "x"\nmessage "user: hi"\n' });
  });

  it('is a usage error without files, a job error for a missing file', async () => {
    expect((await run(['parse'])).code).toBe(2);
    const missing = await run(['parse', '--json', 'nope']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout).error.message).toBe('no such file: nope');
  });
});

describe('mfc fmt', () => {
  const messy = '# model\nfrom  llama3 \nparameter temperature 0.7\n\n\nsystem """\nHi.\n"""\n';
  // Ollama's quote(): a value with a line break but no `"` is written in plain double quotes.
  const clean = '# model\nFROM llama3\nPARAMETER temperature 0.7\n\nSYSTEM "\nHi.\n"\n';

  it('prints the canonical form', async () => {
    expect(await run(['fmt', '-'], messy)).toMatchObject({ code: 0, stdout: clean });
  });

  it('--check exits 1 for unformatted files and 0 for formatted ones, changing nothing', async () => {
    const file = join(dir, 'Modelfile');
    writeFileSync(file, messy);
    const r = await run(['fmt', '--check', 'Modelfile']);
    expect(r).toMatchObject({ code: 1, stdout: 'Modelfile: not formatted\n' });
    expect(readFileSync(file, 'utf8')).toBe(messy);
    writeFileSync(file, clean);
    expect(await run(['fmt', '--check', 'Modelfile'])).toMatchObject({ code: 0, stdout: '' });
  });

  it('--write rewrites the file in place, keeping a UTF-16 encoding', async () => {
    const file = join(dir, 'utf16.Modelfile');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from('from x\r\nsystem  hé\r\n', 'utf16le'),
      ]),
    );
    expect(await run(['fmt', '--write', 'utf16.Modelfile'])).toMatchObject({
      code: 0,
      stdout: 'utf16.Modelfile: formatted\n',
    });
    const bytes = readFileSync(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe('FROM x\r\nSYSTEM hé\r\n'); // the file's CRLF style is kept
    expect((await run(['fmt', '--check', 'utf16.Modelfile'])).code).toBe(0);
  });

  it('refuses files with syntax errors and bad flag combinations', async () => {
    const r = await run(['fmt', '-'], 'FROM x\nSYSTEM "open\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('-:2:8: error unexpected EOF');
    expect((await run(['fmt', '--check', '--write', 'x'])).code).toBe(2);
    expect((await run(['fmt', '--write', '-'])).code).toBe(2);
  });
});
