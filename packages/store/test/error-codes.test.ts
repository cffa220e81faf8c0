// The error catalogue is complete: every code @mfc/store throws is in
// storeErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { storeError, storeErrors } from '@mfc/store';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /\bstoreError\(\s*'([A-Z0-9_]+)'/g);

describe('storeErrors', () => {
  catalogueChecks(storeErrors, thrown, sources);

  it("applies the catalogue's hint unless the thrower gives one", () => {
    expect(storeError('STORE_LOCKED', 'locked').hint).toBe(storeErrors.STORE_LOCKED.hint);
    expect(storeError('STORE_LOCKED', 'locked', { hint: 'own' }).hint).toBe('own');
    expect(storeError('STORE_BAD_NAME', 'bad').hint).toBeUndefined();
  });
});
