// What every package's error-codes.test.ts checks of its catalogue: the codes
// its src/ throws are exactly the catalogue's, every entry has a summary, and
// (where the package routes everything through the catalogue) no MfcError is
// built by hand. The code each test passes says how its package throws.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

export interface SourceFile {
  /** Path relative to src/. */
  name: string;
  text: string;
}

/** The catalogue modules themselves, which name every code without throwing it. */
const isCatalogueModule = (name: string) => /(^|\/)(error-codes|errors)\.ts$/.test(name);

/** The TypeScript files of the package whose test folder is `testDir`, but its catalogue module. */
export function packageSources(
  testDir: string,
  exclude: (name: string) => boolean = isCatalogueModule,
): SourceFile[] {
  const srcDir = join(testDir, '..', 'src');
  return readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((n) => n.endsWith('.ts') && !exclude(n))
    .map((n) => ({ name: n, text: readFileSync(join(srcDir, n), 'utf8') }));
}

/** The codes `pattern` finds in the files (its first group that matched), sorted, once each. */
export function codesIn(files: readonly SourceFile[], pattern: RegExp): string[] {
  const found = new Set<string>();
  for (const { text } of files)
    for (const m of text.matchAll(pattern)) {
      const code = m.slice(1).find((g) => g !== undefined);
      if (code) found.add(code);
    }
  return [...found].sort();
}

/** The shared `it`s, inside the caller's `describe`. */
export function catalogueChecks(
  // A package's ErrorCatalogue (scripts/ does not depend on @mfc/diagnostics).
  catalogue: Readonly<Record<string, { summary: string }>>,
  thrown: readonly string[],
  sources: readonly SourceFile[] | undefined,
): void {
  it('lists every code src/ throws, and only those', () => {
    expect(thrown).toEqual(Object.keys(catalogue).sort());
  });
  if (sources)
    it('is the only way src/ makes an MfcError', () => {
      for (const { name, text } of sources) expect(text, name).not.toMatch(/new MfcError\(/);
    });
  it('gives each code a summary', () => {
    for (const [code, info] of Object.entries(catalogue))
      expect(info.summary.length, code).toBeGreaterThan(10);
  });
}
