// The error catalogue is complete: every code @mfc/llama-cpp throws is in
// llamaCppErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue.
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { llamaCppError, llamaCppErrors, parseQuantType } from '@mfc/llama-cpp';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(
  sources,
  /\b(?:llamaCppError|adapterError)\(\s*(?:[\w.]+ \?\? )?'([A-Z0-9_]+)'|\berrorCode: '([A-Z0-9_]+)'/g,
);

describe('llamaCppErrors', () => {
  catalogueChecks(llamaCppErrors, thrown, sources);

  it("applies the catalogue's hint and kind unless the thrower gives its own", () => {
    expect(llamaCppError('QUANT_REQUANTIZE', 'm').hint).toBe(llamaCppErrors.QUANT_REQUANTIZE.hint);
    expect(llamaCppError('QUANT_SAME_FILE', 'm').kind).toBe('usage');
    expect(llamaCppError('QUANT_FAILED', 'm').kind).toBe('job');
    expect(() => parseQuantType('Q4_K_X')).toThrow(
      expect.objectContaining({ code: 'QUANT_TYPE_UNKNOWN', kind: 'usage' }),
    );
  });
});
