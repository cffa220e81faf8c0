import type { LintResult } from './types.js';

/** Whether any error-severity finding remains (the run fails, exit 1). */
export function hasErrors(results: readonly LintResult[]): boolean {
  return results.some((r) => r.errorCount > 0);
}

export function countWarnings(results: readonly LintResult[]): number {
  return results.reduce((n, r) => n + r.warningCount, 0);
}
