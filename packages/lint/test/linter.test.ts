import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MfcError } from '@mfc/diagnostics';
import { defineRule, lintModelfile, type LintResult } from '../src/index.js';
import { assertFindings, unexercisedMessages } from './rule-tester.js';
import MF003 from '../src/rules/MF003.js';

const short = (r: LintResult) =>
  r.findings.map((f) => `${f.code} ${f.severity} ${f.range.start.line}:${f.range.start.column}`);

describe('lintModelfile', () => {
  it('runs every rule and sorts findings by position', async () => {
    const r = await lintModelfile(
      'PARAMETER tfs_z 1\nPARAMETER temprature 1\nSYSTEM a\nSYSTEM b\n',
      { config: false },
    );
    expect(short(r)).toEqual([
      'MF002 error 1:1',
      'MF006 error 1:11',
      'MF003 error 2:11',
      'MF008 warning 3:1',
    ]);
    expect([r.errorCount, r.warningCount, r.infoCount]).toEqual([3, 1, 0]);
    expect(r.file).toBe('<input>');
  });

  it('decodes bytes with Ollama’s BOM rules (UTF-16 LE with BOM)', async () => {
    const text = 'FROM m\nPARAMETER Temperature 1\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const r = await lintModelfile(bytes, { config: false });
    expect(short(r)).toEqual(['MF003 error 2:11']);
  });

  it('applies config severities and turns rules off', async () => {
    const code = 'FROM m\nPARAMETER temprature 1\nSYSTEM a\nSYSTEM b\n';
    const r = await lintModelfile(code, { config: { rules: { MF003: 'warning', MF008: 'off' } } });
    expect(short(r)).toEqual(['MF003 warning 2:11']);
  });

  it('refuses a rule that reports without a range', async () => {
    const bad = defineRule({
      meta: {
        id: 'MF900',
        name: 'bad',
        severity: 'error',
        description: 'reports without a range',
        docs: 'x',
        messages: { m: 'x' },
      },
      create(context) {
        context.report({ messageId: 'm' } as never);
      },
    });
    await expect(lintModelfile('FROM m\n', { rules: [bad], config: false })).rejects.toThrow(
      /without a range/,
    );
  });
});

describe('inline directives', () => {
  const lint = (code: string, config: false | { rules: Record<string, 'off'> } = false) =>
    lintModelfile(code, { config }).then(short);

  it('disable-next-line covers the next line only', async () => {
    expect(
      await lint(
        'FROM m\n# mfc-disable-next-line MF003\nPARAMETER temprature 1\nPARAMETER tempratur 1\n',
      ),
    ).toEqual(['MF003 error 4:11']);
  });

  it('disable-next-line covers every line of a multi-line command', async () => {
    const code =
      'FROM m\n# mfc-disable-next-line dropped-character\nSYSTEM """\nline\none\u200b\n"""\nSYSTEM x\u200b\n';
    expect(await lint(code)).toEqual(['MF008 warning 3:1', 'MF013 warning 7:9']);
  });

  it('disable … enable covers a block; a bare disable covers every rule', async () => {
    const code = [
      'FROM m',
      '# mfc-disable MF003, MF005',
      'PARAMETER temprature 1',
      'PARAMETER mirostat 1',
      '# mfc-enable MF003 MF005',
      'PARAMETER tempratur 1',
      '# mfc-disable',
      'PARAMETER tfs_z 1',
      '',
    ].join('\n');
    expect(await lint(code)).toEqual(['MF003 error 6:11']);
  });

  it('reports unused directives, except for rules turned off', async () => {
    const code = 'FROM m\n# mfc-disable-next-line MF003 MF008\nPARAMETER temprature 1\n';
    expect(await lint(code)).toEqual(['MF015 warning 2:31']);
    expect(await lint(code, { rules: { MF008: 'off' } })).toEqual([]);
    expect(await lint(code, { rules: { MF015: 'off' } })).toEqual([]);
  });
});

describe('config files', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mfc-lint-config-'));
    await mkdir(join(root, 'a/b/c'), { recursive: true });
    await mkdir(join(root, 'pkg/sub'), { recursive: true });
    await mkdir(join(root, 'direct'), { recursive: true });
    await mkdir(join(root, 'broken'), { recursive: true });
    await mkdir(join(root, 'unknown'), { recursive: true });
    await writeFile(join(root, 'a/.mfclintrc.json'), JSON.stringify({ rules: { MF003: 'off' } }));
    await writeFile(join(root, 'a/b/package.json'), JSON.stringify({ name: 'no-mfc-key' }));
    await writeFile(
      join(root, 'pkg/package.json'),
      JSON.stringify({ name: 'x', mfc: { lint: { rules: { 'unknown-parameter': 'warn' } } } }),
    );
    await writeFile(
      join(root, 'direct/package.json'),
      JSON.stringify({ mfc: { rules: { MF003: 'info' } } }),
    );
    await writeFile(
      join(root, 'broken/.mfclintrc.json'),
      '{\n  "rules": {\n    "MF003": "off",\n  }\n}\n',
    );
    await writeFile(
      join(root, 'unknown/.mfclintrc.json'),
      '{\n  "rules": {\n    "MF999": "off"\n  }\n}\n',
    );
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const code = 'FROM m\nPARAMETER temprature 1\n';
  const lintAt = (file: string) => lintModelfile(code, { file: join(root, file) }).then(short);

  it('finds .mfclintrc.json upward, skipping package.json files without an mfc key', async () => {
    expect(await lintAt('a/b/c/Modelfile')).toEqual([]);
  });

  it('reads the mfc key of package.json (its lint part, or the key itself)', async () => {
    expect(await lintAt('pkg/sub/Modelfile')).toEqual(['MF003 warning 2:11']);
    expect(await lintAt('direct/Modelfile')).toEqual(['MF003 info 2:11']);
  });

  it('reports broken JSON and unknown rules with their position', async () => {
    const err = await lintAt('broken/Modelfile').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MfcError);
    expect((err as MfcError).code).toBe('LINT_CONFIG');
    expect((err as MfcError).location.file).toBe(join(root, 'broken/.mfclintrc.json'));
    expect((err as MfcError).location.range?.start.line).toBe(4);
    const unknown = (await lintAt('unknown/Modelfile').catch((e: unknown) => e)) as MfcError;
    expect(unknown.message).toBe('unknown rule "MF999"');
    expect(unknown.location.range?.start).toMatchObject({ line: 3, column: 5 });
  });
});

describe('the rule tester', () => {
  it('fails on an unexpected finding and on a wrong position', async () => {
    const r = await lintModelfile('FROM m\nPARAMETER temprature 1\n', {
      rules: [MF003],
      config: false,
    });
    const message = "unknown parameter 'temprature'; did you mean 'temperature'?";
    expect(() => assertFindings(r.findings, [])).toThrow(/findings differ/);
    expect(() =>
      assertFindings(r.findings, [{ message, line: 2, column: 11, endLine: 2, endColumn: 20 }]),
    ).toThrow(/findings differ/);
    expect(() =>
      assertFindings(r.findings, [{ message, line: 2, column: 11, endLine: 2, endColumn: 21 }]),
    ).not.toThrow();
  });

  it('knows which messages no invalid case exercises', () => {
    expect(unexercisedMessages(MF003, [])).toEqual(['unknown', 'suggest']);
    expect(
      unexercisedMessages(MF003, [
        {
          code: '',
          errors: [
            { message: "unknown parameter 'x'", line: 1, column: 1, endLine: 1, endColumn: 1 },
          ],
        },
      ]),
    ).toEqual(['suggest']);
  });
});

describe('assertNoLintErrors (what the builder calls)', () => {
  it('passes warnings and throws LINT_ERRORS at the first error, listing the others', async () => {
    const { assertNoLintErrors } = await import('../src/index.js');
    const warnings = await lintModelfile('FROM m\nSYSTEM a\nSYSTEM b\n', { config: false });
    expect(() => assertNoLintErrors(warnings)).not.toThrow();
    const bad = await lintModelfile('FROM m\nPARAMETER tfs_z 1\nPARAMETER num_ctx big\n', {
      file: '/tmp/x/Modelfile',
      config: false,
    });
    let err: MfcError | undefined;
    try {
      assertNoLintErrors(bad);
    } catch (e) {
      err = e as MfcError;
    }
    expect(err?.code).toBe('LINT_ERRORS');
    expect(err?.message).toBe(
      "parameter 'tfs_z' was removed from Ollama: `ollama create` fails with unknown parameter 'tfs_z' [MF006] (and 1 more lint error)",
    );
    expect(err?.location).toMatchObject({
      file: '/tmp/x/Modelfile',
      range: { start: { line: 2, column: 11 } },
    });
    expect(err?.hint).toContain('3:19 invalid int value [big] [MF004]');
  });
});
