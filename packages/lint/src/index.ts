/**
 * @mfc/lint — the Modelfile linter.
 *
 *   lintModelfile(text: string | Uint8Array, { file?, config?, baseDir?, rules? }): Promise<LintResult>
 *   lintFile(path, options): Promise<LintResult>
 *   lintFiles(paths, { cwd?, configFile?, overrides?, stdin? }): Promise<LintResult[]>   (what `mfc lint` runs)
 *   findConfigFile(startDir): string | undefined;  loadConfigFile(path, allRules): LintConfig
 *   formatters.{stylish,json,sarif,github}(results, { cwd, rules, style?, version? }): string
 *   hasErrors(results), countWarnings(results)
 *   assertNoLintErrors(result)   (throws MfcError LINT_ERRORS: what the builder calls before a build)
 *
 * Fixes (ESLint's convention; `mfc lint --fix`, and quick fixes in an editor):
 *   finding.fix?: Fix = { title, range, text }   replace `range` of LintResult.source with `text`
 *   applyFixes(source, findings): { output, applied }    one pass, overlapping fixes skipped
 *   fixModelfile(input, options): LintResult & { output?, passes, fixedCount }   until stable (≤ 10 passes)
 *   lintFiles(paths, { fix: true }): results with `output` where something was fixed (writes nothing)
 *
 * For the builder:
 *   const result = await lintModelfile(bytes, { file });   // config: found upward from the file
 *   assertNoLintErrors(result);                             // any error-severity finding stops the build
 */
export { lintModelfile, lintFile, effectiveSeverity, type LintOptions } from './linter.js';
export { lintFiles, isModelfileName, type LintFilesOptions } from './lint-files.js';
export { applyFixes } from './fix-edits.js';
export { fixModelfile, MAX_FIX_PASSES } from './fixes.js';
export {
  findConfigFile,
  loadConfigFile,
  normalizeConfig,
  withOverrides,
  findRule,
  parseSeveritySetting,
  CONFIG_FILE_NAME,
  type LintConfig,
} from './config.js';
export { allRules } from './rules/index.js';
export { expandPath, looksLikePath } from './paths.js';
export { defineRule, type Rule, type RuleContext } from './rule.js';
export { formatMessage } from './messages.js';
export {
  formatters,
  getFormatter,
  type FormatName,
  type FormatOptions,
  type Formatter,
} from './formatters/index.js';
export type {
  Finding,
  Fix,
  LintResult,
  ReportDescriptor,
  RuleMeta,
  RuleSeverity,
  SeveritySetting,
} from './types.js';
export { hasErrors, countWarnings, assertNoLintErrors, LintErrorsError } from './summary.js';
