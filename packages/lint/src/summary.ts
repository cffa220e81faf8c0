import { MfcError } from '@mfc/diagnostics';
import type { LintResult } from './types.js';

/** Whether any error-severity finding remains (the run fails, exit 1). */
export function hasErrors(results: readonly LintResult[]): boolean {
  return results.some((r) => r.errorCount > 0);
}

export function countWarnings(results: readonly LintResult[]): number {
  return results.reduce((n, r) => n + r.warningCount, 0);
}

/**
 * Lint errors stop a job (a build): code `LINT_ERRORS`, with the lint result
 * attached so a caller can print the full report. The one code for this
 * condition, whoever detects it (the builder's BuildLintError extends it).
 */
export class LintErrorsError extends MfcError {
  constructor(
    readonly lint: LintResult,
    message: string,
    options: { hint?: string; location?: MfcError['location'] } = {},
  ) {
    super('LINT_ERRORS', message, options);
    this.name = 'LintErrorsError';
  }
}

/**
 * For the builder: throws {@link LintErrorsError} (`LINT_ERRORS`) when the result has any
 * error-severity finding ("any lint error stops the build"), located at the
 * first error, with every error listed in the hint. Warnings pass.
 */
export function assertNoLintErrors(result: LintResult): void {
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return;
  const [first] = errors;
  const more =
    errors.length > 1
      ? ` (and ${errors.length - 1} more lint error${errors.length > 2 ? 's' : ''})`
      : '';
  throw new LintErrorsError(result, `${first.message} [${first.code}]${more}`, {
    location: { file: result.file, range: first.range },
    hint: [
      ...errors
        .slice(1)
        .map((e) => `${e.range.start.line}:${e.range.start.column} ${e.message} [${e.code}]`),
      `run 'mfc lint ${result.file}' for details`,
    ].join('\n'),
  });
}
