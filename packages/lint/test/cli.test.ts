import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const bin = join(repo, 'packages/cli/bin/mfc.js');

function mfc(
  args: string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? repo,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfc-lint-cli-'));
  await writeFile(join(dir, 'warnings.Modelfile'), 'FROM m\nSYSTEM a\nSYSTEM b\n');
  await writeFile(join(dir, 'errors.Modelfile'), 'FROM m\nPARAMETER tfs_z 1\n');
  await writeFile(join(dir, 'strict.json'), JSON.stringify({ rules: { MF008: 'error' } }));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mfc lint', () => {
  it('passes over the clean fixtures with no output', () => {
    const r = mfc(['lint', 'fixtures/lint/clean']);
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('fails on every invalid Modelfile of the parser corpus', () => {
    const r = mfc(['lint', '--format', 'json', 'fixtures/modelfiles/invalid']);
    expect(r.code).toBe(1);
    const files = JSON.parse(r.stdout) as { filePath: string; errorCount: number }[];
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((f) => f.errorCount === 0).map((f) => f.filePath)).toEqual([]);
  });

  it('reports findings with code frames and exits 1 on errors', () => {
    const r = mfc(['lint', 'fixtures/lint/findings/seed-options.Modelfile']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "fixtures/lint/findings/seed-options.Modelfile:4:11: error parameter 'tfs_z' was removed from Ollama",
    );
    expect(r.stdout).toContain('> 4 | PARAMETER tfs_z 0.5\n    |           ^^^^^');
    expect(r.stdout).toMatch(
      /✖ 7 problems \(4 errors, 3 warnings\)\n {2}3 of them are fixable with `mfc lint --fix`\n$/,
    );
  });

  it('colours stylish output only when the terminal wants colour', () => {
    const file = join(dir, 'errors.Modelfile');
    // Not a TTY (a pipe): plain text; FORCE_COLOR stands in for a terminal.
    expect(mfc(['lint', file]).stdout).not.toContain('\u001b[');
    expect(mfc(['lint', file], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain(
      '\u001b[31merror\u001b[0m',
    );
  });

  it('exits 0 with warnings only, and 1 above --max-warnings', () => {
    const file = join(dir, 'warnings.Modelfile');
    expect(mfc(['lint', file]).code).toBe(0);
    expect(mfc(['lint', '--max-warnings', '1', file]).code).toBe(0);
    const over = mfc(['lint', '--max-warnings', '0', file]);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('1 warnings, more than --max-warnings 0');
  });

  it('takes --rule overrides and --config files', () => {
    expect(mfc(['lint', '--rule', 'MF006:off', join(dir, 'errors.Modelfile')])).toMatchObject({
      code: 0,
      stdout: '',
    });
    const strict = mfc([
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
    const gh = mfc(['lint', '--format', 'github', join(dir, 'errors.Modelfile')], { cwd: dir });
    expect(gh.stdout).toBe(
      '::error file=errors.Modelfile,line=2,col=11,endLine=2,endColumn=16,title=MF006::' +
        "parameter 'tfs_z' was removed from Ollama: `ollama create` fails with unknown parameter 'tfs_z'%0Atail-free sampling was removed from llama.cpp and Ollama; delete the line\n",
    );
    const out = join(dir, 'report.sarif');
    const sarif = mfc(
      ['lint', '--format', 'sarif', '--output', out, join(dir, 'errors.Modelfile')],
      { cwd: dir },
    );
    expect(sarif).toMatchObject({ code: 1, stdout: '' });
    const log = JSON.parse(await readFile(out, 'utf8'));
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'errors.Modelfile',
    );
  });

  it('reads standard input for -', () => {
    const r = mfc(['lint', '--json', '-'], { input: 'FROM m\nPARAMETER temprature 1\n' });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)[0]).toMatchObject({
      filePath: '<stdin>',
      messages: [{ ruleId: 'MF003', line: 2, column: 11 }],
    });
  });

  it('exits 2 on usage errors', () => {
    expect(mfc(['lint']).code).toBe(2);
    const format = mfc(['lint', '--format', 'xml', 'fixtures/lint/clean']);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain('unknown output format "xml"');
    const rule = mfc(['lint', '--rule', 'MF999:off', 'fixtures/lint/clean']);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toContain('bad rule override "MF999:off"');
  });

  it('exits 1 with the file name for a missing file', () => {
    const r = mfc(['lint', 'no-such.Modelfile']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('no-such.Modelfile');
  });
});
