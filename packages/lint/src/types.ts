import type { Range } from '@mfc/diagnostics';

/** How serious a finding is. `info` never fails a run. */
export type RuleSeverity = 'error' | 'warning' | 'info';

/** A severity as written in a config file or on the command line. */
export type SeveritySetting = RuleSeverity | 'warn' | 'off';

/** What a rule is, apart from its logic. */
export interface RuleMeta<M extends string = string> {
  /** Stable id, the same as the rule's file name: `MF003`. */
  id: string;
  /** Kebab-case slug, accepted wherever an id is: `unknown-parameter`. */
  name: string;
  severity: RuleSeverity;
  /** One line: what the rule reports. */
  description: string;
  /** Repository-relative path of the rule's documentation page. */
  docs: string;
  /** Message templates with `{name}` placeholders, keyed by message id. */
  messages: Record<M, string>;
  /**
   * The rule looks at the file system (FROM/ADAPTER/DRAFT paths, GGUF headers):
   * it does not run with `--no-files` (`"files": false`), for CI where the weights
   * are not checked in.
   */
  usesFiles?: boolean;
}

/**
 * A safe automatic fix (ESLint's `fix`): replace the text of `range` in the
 * linted text with `text`. "Safe" means Ollama reads the fixed file as the
 * author evidently meant: a misspelt name replaced by the one suggested, an
 * exact duplicate or ignored line removed, a character Ollama drops anyway
 * deleted. `mfc lint --fix` applies them; an editor can offer each as a code
 * action (quick fix) titled `title`.
 *
 * Positions are in `LintResult.source` (the decoded text, BOM removed): `range.start.offset`
 * and `range.end.offset` are UTF-16 code-unit offsets (end exclusive), and `line`/`column`
 * are 1-based with UTF-16 columns — for LSP use `line - 1` and `column - 1`. A fix that
 * deletes a whole line includes its line break, so its end is at the start of the next line.
 */
export interface Fix {
  /** One line for a code action: `Replace 'temprature' with 'temperature'`. */
  title: string;
  /** What to replace (an empty range inserts). */
  range: Range;
  /** The replacement text ('' deletes). */
  text: string;
}

/** What a rule reports: a message id with its data, and where. */
export interface ReportDescriptor<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  range: Range;
  hint?: string;
  /** A safe fix, only when applying it cannot change what the author meant (see `Fix`). */
  fix?: Fix;
}

/** A lint finding: a diagnostic that always has a rule id, a severity and a range. */
export interface Finding {
  /** The rule id, e.g. `MF003`. */
  code: string;
  ruleName: string;
  severity: RuleSeverity;
  message: string;
  file: string;
  range: Range;
  hint?: string;
  /** A safe fix for this finding, if there is one (`mfc lint --fix`, editor quick fixes). */
  fix?: Fix;
}

/** The findings for one file, sorted by position. */
export interface LintResult {
  file: string;
  source: string;
  findings: Finding[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
  /** How many findings carry a `fix`. */
  fixableCount: number;
  /**
   * The fixed text, only when fixes were applied (`lintFiles(…, { fix: true })`,
   * `fixModelfile`); the findings are then those of the fixed text.
   */
  output?: string;
}
