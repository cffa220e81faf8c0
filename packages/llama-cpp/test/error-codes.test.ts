// The error catalogue is complete: every code @mfc/llama-cpp throws is in
// llamaCppErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { llamaCppError, llamaCppErrors, parseQuantType } from '@mfc/llama-cpp';

const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.ts') && !n.endsWith('error-codes.ts'))
  .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
const thrown = new Set<string>();
for (const { text } of sources)
  for (const m of text.matchAll(
    /\b(?:llamaCppError|adapterError)\(\s*(?:[\w.]+ \?\? )?'([A-Z0-9_]+)'|\berrorCode: '([A-Z0-9_]+)'/g,
  ))
    thrown.add(m[1] ?? m[2]);

describe('llamaCppErrors', () => {
  it('lists every code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(llamaCppErrors).sort());
  });

  it('is the only way src/ makes an MfcError', () => {
    for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(llamaCppErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it("applies the catalogue's hint and kind unless the thrower gives its own", () => {
    expect(llamaCppError('QUANT_REQUANTIZE', 'm').hint).toBe(llamaCppErrors.QUANT_REQUANTIZE.hint);
    expect(llamaCppError('QUANT_SAME_FILE', 'm').kind).toBe('usage');
    expect(llamaCppError('QUANT_FAILED', 'm').kind).toBe('job');
    expect(() => parseQuantType('Q4_K_X')).toThrow(
      expect.objectContaining({ code: 'QUANT_TYPE_UNKNOWN', kind: 'usage' }),
    );
  });
});
