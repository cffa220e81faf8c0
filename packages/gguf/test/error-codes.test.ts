// The error catalogue is complete: every code @mfc/gguf throws is in
// ggufErrors (with a summary), and every entry is thrown somewhere.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ggufErrors, modelFileError } from '@mfc/gguf';

const srcDir = join(import.meta.dirname, '..', 'src');
const thrown = new Set<string>();
for (const f of readdirSync(srcDir).filter((n) => n.endsWith('.ts') && n !== 'error-codes.ts'))
  for (const m of readFileSync(join(srcDir, f), 'utf8').matchAll(/'((?:GGUF|HTTP)_[A-Z0-9_]+)'/g))
    thrown.add(m[1]);

describe('ggufErrors', () => {
  it('lists every code src/ throws, and only those', () => {
    expect([...thrown].sort()).toEqual(Object.keys(ggufErrors).sort());
  });

  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(ggufErrors))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });

  it("applies the catalogue's hint unless the thrower gives one", () => {
    const e = modelFileError('GGUF_TRUNCATED', 'the file ended', 'x.gguf', 7);
    expect(e).toMatchObject({
      code: 'GGUF_TRUNCATED',
      location: { file: 'x.gguf', byteOffset: 7 },
      hint: ggufErrors.GGUF_TRUNCATED.hint,
    });
    expect(modelFileError('GGUF_BAD_MAGIC', 'not GGUF', 'x', 0).hint).toBeUndefined();
    expect(modelFileError('GGUF_TRUNCATED', 'm', 'x', 0, 'own').hint).toBe('own');
  });
});
