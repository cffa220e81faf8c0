/**
 * A strict rule tester (ESLint's RuleTester, stricter): a valid case must
 * produce no finding at all; an invalid case must list every finding with its
 * exact message and full range, in order; every message of the rule must be
 * exercised by some invalid case; a finding without a range, or with a range
 * outside the text, fails the test. As in ESLint, an invalid case whose
 * findings carry fixes must give `output` (the code after one pass of fixes),
 * and one with `output` must produce fixes.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'vitest';
import { applyFixes, lintModelfile, type Finding, type Rule } from '../src/index.js';

export interface RuleCase {
  /** The Modelfile text. */
  code: string;
  /** Test title; defaults to the code. */
  name?: string;
  /**
   * Files to create next to the Modelfile (paths relative to its folder). The
   * Modelfile is `{dir}/Modelfile`; expected messages write the folder as `{dir}`.
   */
  files?: Record<string, string | Uint8Array>;
}

export interface ExpectedFinding {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  hint?: string;
}

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
  /** The code after applying the findings' fixes once; required when there are fixes. */
  output?: string;
}

export interface RuleTests {
  valid: (string | RuleCase)[];
  invalid: InvalidCase[];
}

/** Lints a case's code with only `rule` enabled, in a temporary folder when the case has files. */
export async function lintCase(rule: Rule, c: RuleCase): Promise<Finding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'mfc-rule-'));
  try {
    for (const [name, content] of Object.entries(c.files ?? {})) {
      const path = join(dir, name);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
    }
    const file = join(dir, 'Modelfile');
    await writeFile(file, c.code);
    const result = await lintModelfile(c.code, { file, config: false, rules: [rule] });
    const lineCount = result.source.split(/\r\n|\r|\n/).length;
    for (const f of result.findings) {
      const { start, end } = f.range;
      const ok =
        start.line >= 1 &&
        start.column >= 1 &&
        end.line <= lineCount &&
        (end.line > start.line || (end.line === start.line && end.column >= start.column)) &&
        start.offset <= end.offset &&
        end.offset <= result.source.length;
      if (!ok)
        throw new Error(
          `${rule.meta.id} reported a range outside the text: ${JSON.stringify(f.range)}`,
        );
    }
    // Messages that name the temporary folder are compared with `{dir}` in its place.
    const hide = (s: string) => s.split(dir).join('{dir}');
    return result.findings.map((f) => ({
      ...f,
      message: hide(f.message),
      ...(f.hint ? { hint: hide(f.hint) } : {}),
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function describeFinding(f: Finding | ExpectedFinding): string {
  const pos =
    'range' in f
      ? `${f.range.start.line}:${f.range.start.column}-${f.range.end.line}:${f.range.end.column}`
      : `${f.line}:${f.column}-${f.endLine}:${f.endColumn}`;
  return `${pos} ${f.message}${f.hint !== undefined ? ` (hint: ${f.hint})` : ''}`;
}

/** Throws, with both lists, unless the findings are exactly the expected ones. */
export function assertFindings(
  actual: readonly Finding[],
  expected: readonly ExpectedFinding[],
): void {
  const matches = (a: Finding, e: ExpectedFinding) =>
    a.message === e.message &&
    a.range.start.line === e.line &&
    a.range.start.column === e.column &&
    a.range.end.line === e.endLine &&
    a.range.end.column === e.endColumn &&
    (e.hint === undefined || a.hint === e.hint);
  const same = actual.length === expected.length && actual.every((a, i) => matches(a, expected[i]));
  if (!same) {
    throw new Error(
      [
        'findings differ',
        'expected:',
        ...expected.map((e) => `  ${describeFinding(e)}`),
        'actual:',
        ...actual.map((a) => `  ${describeFinding(a)}`),
      ].join('\n'),
    );
  }
}

/** A message template as a pattern: placeholders match any text. */
function templatePattern(template: string): RegExp {
  const parts = template.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[\\s\\S]*')}$`);
}

/** Message ids of the rule that no expected finding uses. */
export function unexercisedMessages(rule: Rule, invalid: readonly InvalidCase[]): string[] {
  const messages = invalid.flatMap((c) => c.errors.map((e) => e.message));
  return Object.entries(rule.meta.messages)
    .filter(([, template]) => !messages.some((m) => templatePattern(template).test(m)))
    .map(([id]) => id);
}

/** Registers the vitest tests for a rule. */
export function ruleTester(rule: Rule, tests: RuleTests): void {
  describe(`${rule.meta.id} ${rule.meta.name}`, () => {
    if (tests.valid.length === 0 || tests.invalid.length === 0) {
      throw new Error(`${rule.meta.id}: a rule needs valid and invalid cases`);
    }
    for (const v of tests.valid) {
      const c = typeof v === 'string' ? { code: v } : v;
      it(`valid: ${c.name ?? JSON.stringify(c.code)}`, async () => {
        assertFindings(await lintCase(rule, c), []);
      });
    }
    for (const c of tests.invalid) {
      it(`invalid: ${c.name ?? JSON.stringify(c.code)}`, async () => {
        if (c.errors.length === 0) throw new Error('an invalid case must list its findings');
        const findings = await lintCase(rule, c);
        assertFindings(findings, c.errors);
        const fixed = findings.some((f) => f.fix);
        if (fixed && c.output === undefined)
          throw new Error(
            `the rule fixed the code; add output: ${JSON.stringify(applyFixes(c.code, findings).output)}`,
          );
        if (!fixed && c.output !== undefined)
          throw new Error('output is given but no finding has a fix');
        if (c.output !== undefined) {
          const { output } = applyFixes(c.code, findings);
          if (output !== c.output)
            throw new Error(
              `fixed output differs\nexpected: ${JSON.stringify(c.output)}\nactual:   ${JSON.stringify(output)}`,
            );
        }
      });
    }
    it('exercises every message', () => {
      const missing = unexercisedMessages(rule, tests.invalid);
      if (missing.length > 0)
        throw new Error(`no invalid case produces message(s): ${missing.join(', ')}`);
    });
  });
}
