// The error catalogue is complete: every code @mfc/apps throws is in
// appsErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { appsError, appsErrors } from '@mfc/apps';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /\b(?:appsError|super)\(\s*'([A-Z0-9_]+)'/g);

describe('appsErrors', () => {
  catalogueChecks(appsErrors, thrown, sources);

  it("applies the catalogue's hint unless the thrower gives one", () => {
    expect(appsError('PUSH_HF_NO_TOKEN', 'm').hint).toBe(appsErrors.PUSH_HF_NO_TOKEN.hint);
    expect(appsError('PUSH_HF_FAILED', 'm').hint).toBeUndefined();
  });
});
