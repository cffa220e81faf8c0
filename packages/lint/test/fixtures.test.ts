import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lintFile, type LintResult } from '../src/index.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/', import.meta.url));
const modelfiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.Modelfile'))
    .sort();
const short = (r: LintResult) =>
  r.findings.map((f) => `${f.code} ${f.severity} ${f.range.start.line}:${f.range.start.column}`);

describe('fixtures/lint', () => {
  for (const name of modelfiles(join(fixtures, 'lint/clean'))) {
    it(`clean/${name} lints clean`, async () => {
      const r = await lintFile(join(fixtures, 'lint/clean', name), { config: false });
      expect(
        r.findings.map(
          (f) => `${f.code} ${f.range.start.line}:${f.range.start.column} ${f.message}`,
        ),
      ).toEqual([]);
    });
  }
  for (const name of modelfiles(join(fixtures, 'lint/findings'))) {
    it(`findings/${name} has exactly the expected findings`, async () => {
      const expected = JSON.parse(
        readFileSync(
          join(fixtures, 'lint/findings', name.replace(/\.Modelfile$/, '.expected.json')),
          'utf8',
        ),
      );
      const r = await lintFile(join(fixtures, 'lint/findings', name), { config: false });
      expect(short(r)).toEqual(expected);
    });
  }
});

interface ExpectedParse {
  errors?: { code: string; message: string; line: number; column: number }[];
}

describe('fixtures/modelfiles (the parser corpus)', () => {
  const dir = join(fixtures, 'modelfiles');
  for (const kind of ['valid', 'invalid'] as const) {
    if (!existsSync(join(dir, kind))) continue;
    for (const name of modelfiles(join(dir, kind))) {
      it(`${kind}/${name}: every syntax error, and only those, is an MF001/MF002 error`, async () => {
        const expectedFile = join(dir, kind, name.replace(/\.Modelfile$/, '.json'));
        const expected = (
          existsSync(expectedFile) ? JSON.parse(readFileSync(expectedFile, 'utf8')) : {}
        ) as ExpectedParse;
        const r = await lintFile(join(dir, kind, name), { config: false });
        const syntax = r.findings.filter((f) => f.code === 'MF001' || f.code === 'MF002');
        expect(syntax.every((f) => f.severity === 'error')).toBe(true);
        if (kind === 'valid') {
          expect(syntax).toEqual([]);
        } else {
          expect(syntax.length).toBeGreaterThan(0);
          if (expected.errors) {
            const got = syntax.map((f) => `${f.range.start.line}:${f.range.start.column}`);
            // Findings are sorted by position; the parser lists `no FROM line` last.
            const byPosition = [...expected.errors].sort(
              (a, b) => a.line - b.line || a.column - b.column,
            );
            expect(got).toEqual(byPosition.map((e) => `${e.line}:${e.column}`));
          }
        }
      });
    }
  }
});
