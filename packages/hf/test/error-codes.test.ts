// The error catalogue is complete: every code @mfc/hf throws is in hfErrors
// (with a summary), every entry is thrown somewhere, and no MfcError is built
// by hand past the catalogue.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hfError, hfErrors, parseHfReference } from '@mfc/hf';

const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.ts') && !n.endsWith('error-codes.ts'))
  .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
const thrown = new Set<string>();
for (const { name, text } of sources) {
  // The test Hub (a real HTTP server for the tests) answers with the Hub's error names, not ours.
  if (name === 'test-hub.ts') continue;
  for (const m of text.matchAll(/'(HF_[A-Z0-9_]+)'/g)) thrown.add(m[1]);
}

describe('hfErrors', () => {
  it('lists every code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(hfErrors).sort());
  });

  it('is the only way src/ makes an MfcError', () => {
    for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(hfErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it("applies the catalogue's hint and kind unless the thrower gives its own", () => {
    expect(hfError('HF_NETWORK', 'm').hint).toBe(hfErrors.HF_NETWORK.hint);
    expect(hfError('HF_NETWORK', 'm', { hint: 'own' }).hint).toBe('own');
    expect(() => parseHfReference('hf.co/')).toThrow(
      expect.objectContaining({ code: 'HF_BAD_REFERENCE', kind: 'usage' }),
    );
  });
});
