// The error catalogue is complete: every code @mfc/convert throws is in
// convertErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { convertError, convertErrors } from '@mfc/convert';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /\bconvertError\(\s*'([A-Z0-9_]+)'/g);

describe('convertErrors', () => {
  catalogueChecks(convertErrors, thrown, sources);

  it("applies the catalogue's hint unless the thrower gives one", () => {
    expect(convertError('CONVERT_NO_WEIGHTS', 'm').hint).toBe(
      convertErrors.CONVERT_NO_WEIGHTS.hint,
    );
    expect(convertError('CONVERT_NO_WEIGHTS', 'm', { hint: 'own' }).hint).toBe('own');
  });
});
