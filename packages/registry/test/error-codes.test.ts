// The error catalogue is complete: every fixed code @mfc/registry throws is
// in registryErrors (with a summary), every entry is thrown somewhere, and
// no MfcError is built by hand past the catalogue (except a failed
// response's, whose code is the registry's own).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { registryCodeError, registryError, registryErrors } from '@mfc/registry';

const sources = packageSources(import.meta.dirname);
// errors.ts throws some fixed codes too, below the catalogue itself.
const errorsModule = readFileSync(join(import.meta.dirname, '..', 'src', 'errors.ts'), 'utf8');
const thrown = codesIn(
  [
    ...sources,
    { name: 'errors.ts', text: errorsModule.replace(/^[\s\S]*?registryCodeError\(/, '') },
  ],
  /\bregistryCodeError\(\s*'([A-Z0-9_]+)'/g,
);

describe('registryErrors', () => {
  catalogueChecks(registryErrors, thrown, sources);

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
