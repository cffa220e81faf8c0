import { describe, expect, it } from 'vitest';
import { LineIndex } from '@mfc/diagnostics';
import { parseModelfile } from '@mfc/modelfile';
import { applyFixes, fixModelfile, lintModelfile, MAX_FIX_PASSES } from '../src/index.js';

const at = (text: string, start: number, end: number, replacement: string, title = 't') => ({
  fix: { title, range: new LineIndex(text).rangeOf(start, end), text: replacement },
});

describe('applyFixes', () => {
  it('applies fixes in position order and leaves overlapping ones for the next pass', () => {
    const text = 'abcdef';
    const { output, applied } = applyFixes(text, [
      at(text, 4, 5, 'E'),
      at(text, 0, 2, 'AB'),
      at(text, 1, 3, 'X'), // overlaps 0–2
      {},
    ]);
    expect(output).toBe('ABcdEf');
    expect(applied).toBe(2);
  });
});

describe('fixModelfile', () => {
  it('repeats until stable: a fixed instruction reveals a misspelt parameter', async () => {
    const text = 'FROM m\nparamter Temperature 0.7\nSYSTEM hi\nSYSTEM hi\n';
    const r = await fixModelfile(text, { config: false });
    expect(r.output).toBe('FROM m\nparameter temperature 0.7\nSYSTEM hi\n');
    expect(r.passes).toBe(2);
    expect(r.fixedCount).toBe(3);
    expect(r.findings).toEqual([]);
    expect(parseModelfile(r.output!).errors).toEqual([]);
  });

  it('reports what remains and gives no output when nothing is fixable', async () => {
    const text = 'FROM m\nPARAMETER flash_attention true\n';
    const r = await fixModelfile(text, { config: false });
    expect(r.output).toBeUndefined();
    expect(r.passes).toBe(0);
    expect(r.findings.map((f) => f.code)).toEqual(['MF003']);
    expect(r.fixableCount).toBe(0);
  });

  it('leaves suppressed findings alone and stops after MAX_FIX_PASSES', async () => {
    const text = 'FROM m\n# mfc-disable-next-line MF003\nPARAMETER temprature 1\n';
    const r = await fixModelfile(text, { config: false });
    expect(r.output).toBeUndefined();
    expect(MAX_FIX_PASSES).toBe(10);
  });

  it('counts fixable findings and exposes the fix for editors', async () => {
    const r = await lintModelfile('FROM m\nPARAMETER temprature 1\n', { config: false });
    expect(r.fixableCount).toBe(1);
    expect(r.findings[0].fix).toEqual({
      title: "Replace 'temprature' with 'temperature'",
      range: {
        start: { line: 2, column: 11, offset: 17 },
        end: { line: 2, column: 21, offset: 27 },
      },
      text: 'temperature',
    });
  });
});

describe('unused disable comments (MF015)', () => {
  it('removes a comment that suppresses nothing, but not one that still names a used rule', async () => {
    const text =
      'FROM m\n# mfc-disable-next-line MF008\nPARAMETER top_k 1\n# mfc-disable-next-line MF003, MF008\nPARAMETER temprature 1\n';
    const r = await fixModelfile(text, { config: false });
    // The first comment goes; the second still suppresses MF003, so only its unused MF008 is reported.
    expect(r.output).toBe(
      'FROM m\nPARAMETER top_k 1\n# mfc-disable-next-line MF003, MF008\nPARAMETER temprature 1\n',
    );
    expect(r.findings.map((f) => [f.code, f.message, f.fix])).toEqual([
      ['MF015', 'unused disable comment: MF008 reports nothing here', undefined],
    ]);
  });
});
