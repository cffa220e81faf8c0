// The error catalogue is complete: every code @mfc/hf throws is in hfErrors
// (with a summary), every entry is thrown somewhere, and no MfcError is built
// by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { hfError, hfErrors, parseHfReference } from '@mfc/hf';

const sources = packageSources(import.meta.dirname);
// The test Hub (a real HTTP server for the tests) answers with the Hub's error names, not ours.
const thrown = codesIn(
  sources.filter((f) => f.name !== 'test-hub.ts'),
  /'(HF_[A-Z0-9_]+)'/g,
);

describe('hfErrors', () => {
  catalogueChecks(hfErrors, thrown, sources);

  it("applies the catalogue's hint and kind unless the thrower gives its own", () => {
    expect(hfError('HF_NETWORK', 'm').hint).toBe(hfErrors.HF_NETWORK.hint);
    expect(hfError('HF_NETWORK', 'm', { hint: 'own' }).hint).toBe('own');
    expect(() => parseHfReference('hf.co/')).toThrow(
      expect.objectContaining({ code: 'HF_BAD_REFERENCE', kind: 'usage' }),
    );
  });
});
