import { relative, sep } from 'node:path';
import type { Style } from '@mfc/diagnostics';
import type { LintResult, RuleMeta } from '../types.js';

export interface FormatOptions {
  /** Paths are printed relative to this folder. */
  cwd: string;
  /** Colours for stylish output; plain when absent. */
  style?: Style;
  /** Every rule known to the linter (SARIF lists them). */
  rules: readonly RuleMeta[];
  /** The tool version, for SARIF. */
  version?: string;
}

export type Formatter = (results: readonly LintResult[], options: FormatOptions) => string;

/** A path relative to `cwd` with forward slashes, or the name as given for pseudo-files like `<stdin>`. */
export function displayPath(file: string, cwd: string): string {
  if (file.startsWith('<')) return file;
  const rel = relative(cwd, file);
  const shown = rel === '' || rel.startsWith('..') ? file : rel;
  return shown.split(sep).join('/');
}

export function totals(results: readonly LintResult[]) {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const r of results) {
    errors += r.errorCount;
    warnings += r.warningCount;
    infos += r.infoCount;
  }
  return { errors, warnings, infos };
}
