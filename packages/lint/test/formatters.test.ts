import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Sarif from 'sarif';
import { beforeAll, describe, expect, it } from 'vitest';
import { ansiStyle } from '@mfc/diagnostics';
import {
  allRules,
  formatters,
  getFormatter,
  lintFile,
  lintModelfile,
  type LintResult,
} from '../src/index.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const rules = allRules.map((r) => r.meta);
let results: LintResult[];

beforeAll(async () => {
  results = [
    await lintFile(join(repo, 'fixtures/lint/findings/mixed.Modelfile'), { config: false }),
    await lintFile(join(repo, 'fixtures/lint/clean/seed-travel.Modelfile'), { config: false }),
    await lintModelfile('FROM m\nSYSTEM "a, b: 50%" x\nmore"\n', {
      file: join(repo, 'fixtures/lint/dir with, odd: name/Modelfile'),
      config: false,
    }),
  ];
});

describe('stylish', () => {
  it('prints file:line:col, severity, message, rule id, a code frame and the hint', () => {
    const out = formatters.stylish(results, { cwd: repo, rules });
    expect(out).toContain(
      "fixtures/lint/findings/mixed.Modelfile:1:11: error unknown parameter 'Temperature'; did you mean 'temperature'? [MF003]\n" +
        '> 1 | PARAMETER Temperature -1\n' +
        '    |           ^^^^^^^^^^^\n' +
        '  2 | PARAMETER top_p 1.5\n' +
        'hint: parameter names are case-sensitive',
    );
    expect(out).toMatch(/✖ 8 problems \(4 errors, 4 warnings\)\n$/);
    expect(out).not.toContain('\u001b[');
  });

  it('uses colour only when given the terminal’s style', () => {
    const out = formatters.stylish(results, { cwd: repo, rules, style: ansiStyle });
    expect(out).toContain('\u001b[31merror\u001b[0m');
  });

  it('prints nothing for clean files', () => {
    expect(formatters.stylish([results[1]], { cwd: repo, rules })).toBe('');
  });
});

describe('json', () => {
  it('is one array with ESLint-like entries per file', () => {
    const parsed = JSON.parse(formatters.json(results, { cwd: repo, rules }));
    expect(parsed).toHaveLength(3);
    expect(parsed[0]).toMatchObject({
      filePath: 'fixtures/lint/findings/mixed.Modelfile',
      errorCount: 4,
      warningCount: 3,
    });
    expect(parsed[0].messages[1]).toEqual({
      ruleId: 'MF003',
      ruleName: 'unknown-parameter',
      severity: 'error',
      message: "unknown parameter 'Temperature'; did you mean 'temperature'?",
      line: 1,
      column: 11,
      endLine: 1,
      endColumn: 22,
      hint: 'parameter names are case-sensitive',
    });
    expect(parsed[1]).toEqual({
      filePath: 'fixtures/lint/clean/seed-travel.Modelfile',
      errorCount: 0,
      warningCount: 0,
      infoCount: 0,
      messages: [],
    });
  });
});

describe('sarif', () => {
  it('is SARIF 2.1.0 as GitHub code scanning takes it', () => {
    const log = JSON.parse(
      formatters.sarif(results, { cwd: repo, rules, version: '1.2.3' }),
    ) as Sarif.Log;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    const driver = run.tool.driver;
    expect(driver.name).toBe('mfc');
    expect(driver.semanticVersion).toBe('1.2.3');
    expect(driver.rules!.map((r) => r.id)).toEqual(allRules.map((r) => r.meta.id));
    for (const r of driver.rules!) {
      expect(r.shortDescription!.text.length).toBeGreaterThan(0);
      expect(['error', 'warning', 'note']).toContain(r.defaultConfiguration!.level);
    }
    expect(run.results).toHaveLength(8);
    for (const res of run.results!) {
      // GitHub: ruleIndex must point at the rule with that id; a physical location with a region.
      expect(driver.rules![res.ruleIndex!].id).toBe(res.ruleId);
      expect(res.message.text!.length).toBeGreaterThan(0);
      const loc = res.locations![0].physicalLocation!;
      expect(loc.artifactLocation!.uriBaseId).toBe('%SRCROOT%');
      expect(loc.region!.startLine).toBeGreaterThanOrEqual(1);
      expect(loc.region!.startColumn).toBeGreaterThanOrEqual(1);
    }
    const first = run.results![1];
    expect(first).toMatchObject({
      ruleId: 'MF003',
      level: 'error',
      locations: [
        {
          physicalLocation: {
            artifactLocation: {
              uri: 'fixtures/lint/findings/mixed.Modelfile',
              uriBaseId: '%SRCROOT%',
            },
            region: { startLine: 1, startColumn: 11, endLine: 1, endColumn: 22 },
          },
        },
      ],
    });
    // Relative URIs are percent-encoded per segment.
    expect(run.results![7].locations![0].physicalLocation!.artifactLocation!.uri).toBe(
      'fixtures/lint/dir%20with%2C%20odd%3A%20name/Modelfile',
    );
    expect(run.originalUriBaseIds!['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
  });
});

describe('github', () => {
  it('prints one workflow annotation per finding, escaped', () => {
    const out = formatters.github(results, { cwd: repo, rules });
    const lines = out.trimEnd().split('\n');
    // 8 findings, then the notice about --no-files (mixed.Modelfile has a file finding).
    expect(lines).toHaveLength(9);
    expect(lines[8]).toMatch(
      /^::notice title=mfc lint --no-files::MF0\d\d(, MF0\d\d)* check files/,
    );
    expect(lines[1]).toBe(
      '::error file=fixtures/lint/findings/mixed.Modelfile,line=1,col=11,endLine=1,endColumn=22,' +
        "title=MF003::unknown parameter 'Temperature'; did you mean 'temperature'?%0Aparameter names are case-sensitive",
    );
    expect(lines[2]).toMatch(
      /^::warning file=.*,line=2,col=17,.*title=MF007::top_p 1\.5 is above 1/,
    );
    // Property values escape `,` and `:`; messages escape newlines and `%`.
    expect(lines[7]).toMatch(
      /^::warning file=fixtures\/lint\/dir with%2C odd%3A name\/Modelfile,line=2,col=/,
    );
  });
});

it('rejects an unknown format as a usage error', () => {
  expect(() => getFormatter('xml')).toThrow(/unknown output format "xml"/);
});
