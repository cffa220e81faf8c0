// The error catalogue is complete: every code @mfc/convert throws is in
// convertErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { convertError, convertErrors } from '@mfc/convert';

const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.ts') && !n.endsWith('error-codes.ts'))
  .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
const thrown = new Set<string>();
for (const { text } of sources)
  for (const m of text.matchAll(/\bconvertError\(\s*'([A-Z0-9_]+)'/g)) thrown.add(m[1]);

describe('convertErrors', () => {
  it('lists every code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(convertErrors).sort());
  });

  it('is the only way src/ makes an MfcError', () => {
    for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(convertErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it("applies the catalogue's hint unless the thrower gives one", () => {
    expect(convertError('CONVERT_NO_WEIGHTS', 'm').hint).toBe(
      convertErrors.CONVERT_NO_WEIGHTS.hint,
    );
    expect(convertError('CONVERT_NO_WEIGHTS', 'm', { hint: 'own' }).hint).toBe('own');
  });
});
