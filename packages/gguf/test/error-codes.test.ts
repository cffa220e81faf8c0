// The error catalogue is complete: every code @mfc/gguf throws is in
// ggufErrors (with a summary), and every entry is thrown somewhere.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { ggufErrors, modelFileError } from '@mfc/gguf';

const thrown = codesIn(packageSources(import.meta.dirname), /'((?:GGUF|HTTP)_[A-Z0-9_]+)'/g);

describe('ggufErrors', () => {
  // gguf's own throw helpers (modelFileError, fail) build MfcErrors through the catalogue.
  catalogueChecks(ggufErrors, thrown, undefined);

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
