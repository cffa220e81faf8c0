// The error catalogue is complete: every code @mfc/safetensors throws is in
// safetensorsErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { safetensorsError, safetensorsErrors } from '@mfc/safetensors';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /\b(?:safetensorsError|fail)\(\s*'([A-Z0-9_]+)'/g);

describe('safetensorsErrors', () => {
  catalogueChecks(safetensorsErrors, thrown, sources);

  it("applies the catalogue's hint unless the thrower gives one", () => {
    const e = safetensorsError('SAFETENSORS_TRUNCATED', 'm', {
      location: { file: 'x', byteOffset: 3 },
    });
    expect(e).toMatchObject({
      hint: safetensorsErrors.SAFETENSORS_TRUNCATED.hint,
      location: { file: 'x', byteOffset: 3 },
    });
    expect(safetensorsError('SAFETENSORS_OVERLAP', 'm').hint).toBeUndefined();
  });
});
