/** Linting until nothing more can be fixed (`mfc lint --fix`). */
import { applyFixes } from './fix-edits.js';
import { lintModelfile, type LintOptions } from './linter.js';
import type { LintResult } from './types.js';

/** The most passes `fixModelfile` makes (a fix can reveal another: ESLint's limit is 10 too). */
export const MAX_FIX_PASSES = 10;

/**
 * Lints and fixes until no fix applies or `MAX_FIX_PASSES` passes were made
 * (`mfc lint --fix`). The result describes the final text: its `findings` are
 * what remains, and `output` is set when anything was fixed. Writes nothing.
 */
export async function fixModelfile(
  input: string | Uint8Array,
  options: LintOptions = {},
): Promise<LintResult & { passes: number; fixedCount: number }> {
  let result = await lintModelfile(input, options);
  const original = result.source;
  let passes = 0;
  let fixedCount = 0;
  while (passes < MAX_FIX_PASSES && result.fixableCount > 0) {
    const { output, applied } = applyFixes(result.source, result.findings);
    if (applied === 0 || output === result.source) break;
    passes++;
    fixedCount += applied;
    result = await lintModelfile(output, options);
  }
  return {
    ...result,
    ...(result.source !== original ? { output: result.source } : {}),
    passes,
    fixedCount,
  };
}
