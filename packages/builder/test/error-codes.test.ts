// The error catalogue is complete: every code @mfc/builder throws is in
// builderErrors (with a summary), every entry is thrown somewhere, and no
// MfcError is built by hand past the catalogue (other packages' codes go
// through theirs: llamaCppError, modelfileError for the parser's codes).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { buildStatuses, buildWarnings, builderError, builderErrors } from '@mfc/builder';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /\bbuilderError\(\s*'([A-Z0-9_]+)'/g);

describe('builderErrors', () => {
  catalogueChecks(builderErrors, thrown, sources);

  it("applies the catalogue's hint unless the thrower gives one", () => {
    expect(builderError('BUILD_NOT_GGUF', 'm').hint).toBe(builderErrors.BUILD_NOT_GGUF.hint);
    expect(builderError('BUILD_NOT_GGUF', 'm', { hint: 'own' }).hint).toBe('own');
  });
});

describe('buildWarnings and buildStatuses', () => {
  // @mfc/apps runs builds too (mfc pull hf.co/…) and reports its own warnings as build events.
  const appsDir = join(import.meta.dirname, '..', '..', 'apps', 'src');
  const appsSources = readdirSync(appsDir, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.ts'))
    .map((n) => ({ name: `apps/${n}`, text: readFileSync(join(appsDir, n), 'utf8') }));
  const used = (re: RegExp) => {
    const found = new Set<string>();
    for (const { name, text } of [...sources, ...appsSources])
      if (name !== 'events.ts') for (const m of text.matchAll(re)) found.add(m[1]);
    return [...found].sort();
  };

  it("every warning code is reported somewhere (MF005: lint's code, reused)", () => {
    expect(used(/'(BUILD_W_[A-Z0-9_]+|MF005)'/g)).toEqual(Object.keys(buildWarnings).sort());
  });

  it('every status code is reported somewhere', () => {
    expect(used(/'(BUILD_S_[A-Z0-9_]+)'/g)).toEqual(Object.keys(buildStatuses).sort());
  });
});
