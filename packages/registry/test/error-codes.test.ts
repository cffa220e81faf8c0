// The error catalogue is complete: every fixed code @mfc/registry throws is
// in registryErrors (with a summary), every entry is thrown somewhere, and
// no MfcError is built by hand past the catalogue (except a failed
// response's, whose code is the registry's own).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registryCodeError, registryError, registryErrors } from '@mfc/registry';

const srcDir = join(import.meta.dirname, '..', 'src');
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((n) => n.endsWith('.ts') && n !== 'errors.ts')
  .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
const thrown = new Set<string>();
for (const { text } of [
  ...sources,
  {
    text: readFileSync(join(srcDir, 'errors.ts'), 'utf8').replace(
      /^[\s\S]*?registryCodeError\(/,
      '',
    ),
  },
])
  for (const m of text.matchAll(/\bregistryCodeError\(\s*'([A-Z0-9_]+)'/g)) thrown.add(m[1]);

describe('registryErrors', () => {
  it('lists every fixed code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(registryErrors).sort());
  });

  it('is the only way src/ makes an MfcError', () => {
    for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(registryErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it("applies the catalogue's hint; a failed response has the registry's code", () => {
    expect(registryCodeError('REGISTRY_INSECURE', 'm').hint).toBe(
      registryErrors.REGISTRY_INSECURE.hint,
    );
    const body = JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'no such tag' }] });
    expect(registryError('pulling manifest', 404, body)).toMatchObject({
      code: 'REGISTRY_MANIFEST_UNKNOWN',
      message: 'pulling manifest: MANIFEST_UNKNOWN: no such tag',
    });
    expect(registryError('pulling', 502, '').code).toBe('REGISTRY_HTTP_502');
  });
});
