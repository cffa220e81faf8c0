// The error catalogue is complete: every code @mfc/oci throws is in ociErrors
// (with a summary), every entry is thrown somewhere, and no MfcError is built
// by hand past the catalogue.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ociError, ociErrors } from '@mfc/oci';

const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.ts') && n !== 'errors.ts')
  .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
const thrown = new Set<string>();
for (const { text } of sources)
  for (const m of text.matchAll(/'(OCI_[A-Z0-9_]+)'/g)) thrown.add(m[1]);

describe('ociErrors', () => {
  it('lists every code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(ociErrors).sort());
  });

  it('is the only way src/ makes an MfcError', () => {
    for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(ociErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it('places the error in the artifact, with the hint given', () => {
    expect(ociError('OCI_TRUNCATED', 'm', { file: 'a.tar', byteOffset: 9 }, 'h')).toMatchObject({
      code: 'OCI_TRUNCATED',
      hint: 'h',
      location: { file: 'a.tar', byteOffset: 9 },
    });
  });
});
