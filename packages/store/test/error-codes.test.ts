// The error catalogue is complete: every code @mfc/store throws is in
// storeErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeError, storeErrors } from '@mfc/store';

const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.ts') && n !== 'error-codes.ts')
  .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
const thrown = new Set<string>();
for (const { text } of sources)
  for (const m of text.matchAll(/\bstoreError\(\s*'([A-Z0-9_]+)'/g)) thrown.add(m[1]);

describe('storeErrors', () => {
  it('lists every code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(storeErrors).sort());
  });

  it('is the only way src/ makes an MfcError', () => {
    for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(storeErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it("applies the catalogue's hint unless the thrower gives one", () => {
    expect(storeError('STORE_LOCKED', 'locked').hint).toBe(storeErrors.STORE_LOCKED.hint);
    expect(storeError('STORE_LOCKED', 'locked', { hint: 'own' }).hint).toBe('own');
    expect(storeError('STORE_BAD_NAME', 'bad').hint).toBeUndefined();
  });
});
