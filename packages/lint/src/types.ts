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

/** What a rule reports: a message id with its data, and where. */
export interface ReportDescriptor<M extends string = string> {
  messageId: M;
  data?: Record<string, string | number>;
  range: Range;
  hint?: string;
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
}

/** The findings for one file, sorted by position. */
export interface LintResult {
  file: string;
  source: string;
  findings: Finding[];
  errorCount: number;
  warningCount: number;
  infoCount: number;
}
