// The error catalogue is complete: every code @mfc/oci throws is in ociErrors
// (with a summary), every entry is thrown somewhere, and no MfcError is built
// by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { ociError, ociErrors } from '@mfc/oci';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /'(OCI_[A-Z0-9_]+)'/g);

describe('ociErrors', () => {
  catalogueChecks(ociErrors, thrown, sources);

  it('places the error in the artifact, with the hint given', () => {
    expect(ociError('OCI_TRUNCATED', 'm', { file: 'a.tar', byteOffset: 9 }, 'h')).toMatchObject({
      code: 'OCI_TRUNCATED',
      hint: 'h',
      location: { file: 'a.tar', byteOffset: 9 },
    });
  });
});
