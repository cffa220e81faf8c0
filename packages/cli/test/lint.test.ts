// `mfc lint` in process: argv → options → output, through main().
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mfc as run, type MfcOptions } from './support/mfc.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const mfc = (args: string[], options: MfcOptions = {}) => run(args, { cwd: repo, ...options });

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfc-lint-cli-'));
  await writeFile(join(dir, 'warnings.Modelfile'), 'FROM m\nSYSTEM a\nSYSTEM b\n');
  await writeFile(join(dir, 'errors.Modelfile'), 'FROM m\nPARAMETER tfs_z 1\n');
  await writeFile(join(dir, 'strict.json'), JSON.stringify({ rules: { MF008: 'error' } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mfc lint', async () => {
  it('passes over the clean fixtures with no output', async () => {
    const r = await mfc(['lint', 'fixtures/lint/clean']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('fails on every invalid Modelfile of the parser corpus', async () => {
    const r = await mfc(['lint', '--format', 'json', 'fixtures/modelfiles/invalid']);
    expect(r.code).toBe(1);
    const files = JSON.parse(r.stdout) as { filePath: string; errorCount: number }[];
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => f.errorCount === 0).map((f) => f.filePath)).toEqual([]);
  });

  it('reports findings with code frames and exits 1 on errors', async () => {
    const r = await mfc(['lint', 'fixtures/lint/findings/seed-options.Modelfile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "fixtures/lint/findings/seed-options.Modelfile:4:11: error parameter 'tfs_z' was removed from Ollama",
    );
    expect(r.stdout).toContain('> 4 | PARAMETER tfs_z 0.5\n    |           ^^^^^');
    expect(r.stdout).toMatch(
      /✖ 7 problems \(4 errors, 3 warnings\)\n {2}3 of them are fixable with `mfc lint --fix`\n$/,
    );
  });

  it('colours stylish output only when the terminal wants colour', async () => {
    const file = join(dir, 'errors.Modelfile');
    // Not a TTY (a pipe): plain text; FORCE_COLOR stands in for a terminal.
    expect((await mfc(['lint', file])).stdout).not.toContain('\u001b[');
    expect(
      (await mfc(['lint', file], { env: { NO_COLOR: '', FORCE_COLOR: '1' } })).stdout,
    ).toContain('\u001b[31merror\u001b[0m');
  });

  it('exits 0 with warnings only, and 1 above --max-warnings', async () => {
    const file = join(dir, 'warnings.Modelfile');
    expect((await mfc(['lint', file])).code).toBe(0);
    expect((await mfc(['lint', '--max-warnings', '1', file])).code).toBe(0);
    const over = await mfc(['lint', '--max-warnings', '0', file]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('1 warnings, more than --max-warnings 0');
  });

  it('takes --rule overrides and --config files', async () => {
    expect(await mfc(['lint', '--rule', 'MF006:off', join(dir, 'errors.Modelfile')])).toMatchObject(
      {
        code: 0,
        stdout: '',
      },
    );
    const strict = await mfc([
      'lint',
      '--config',
      join(dir, 'strict.json'),
      '--format',
      'json',
      join(dir, 'warnings.Modelfile'),
    ]);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)[0].messages[0]).toMatchObject({
      ruleId: 'MF008',
      severity: 'error',
    });
  });

  it('writes github annotations, and SARIF to a file', async () => {
    const gh = await mfc(['lint', '--format', 'github', join(dir, 'errors.Modelfile')], {
      cwd: dir,
    });
    expect(gh.stdout).toBe(
      '::error file=errors.Modelfile,line=2,col=11,endLine=2,endColumn=16,title=MF006::' +
        "parameter 'tfs_z' was removed from Ollama: `ollama create` fails with unknown parameter 'tfs_z'%0Atail-free sampling was removed from llama.cpp and Ollama; delete the line\n",
    );
    const out = join(dir, 'report.sarif');
    const sarif = await mfc(
      ['lint', '--format', 'sarif', '--output', out, join(dir, 'errors.Modelfile')],
      { cwd: dir },
    );
    expect(sarif).toMatchObject({ code: 1, stdout: '' });
    const log = JSON.parse(await readFile(out, 'utf8'));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'errors.Modelfile',
    );
  });

  it('reads standard input for -', async () => {
    const r = await mfc(['lint', '--json', '-'], { input: 'FROM m\nPARAMETER temprature 1\n' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({
      filePath: '<stdin>',
      messages: [{ ruleId: 'MF003', line: 2, column: 11 }],
    });
  });

  it('exits 2 on usage errors', async () => {
    expect((await mfc(['lint'])).code).toBe(2);
    const format = await mfc(['lint', '--format', 'xml', 'fixtures/lint/clean']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown output format "xml"');
    const rule = await mfc(['lint', '--rule', 'MF999:off', 'fixtures/lint/clean']);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('bad rule override "MF999:off"');
  });

  it('exits 1 with the file name for a missing file', async () => {
    const r = await mfc(['lint', 'no-such.Modelfile']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no-such.Modelfile');
  });
});
