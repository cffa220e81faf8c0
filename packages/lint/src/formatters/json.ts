import { displayPath, type Formatter } from './common.js';

/**
 * Machine output: one JSON array with an entry per file (ESLint's shape):
 * `{ filePath, errorCount, warningCount, infoCount, messages: [...] }`, where
 * positions are 1-based and columns count UTF-16 code units.
 */
export const json: Formatter = (results, options) => {
  const files = results.map((r) => ({
    filePath: displayPath(r.file, options.cwd),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    infoCount: r.infoCount,
    messages: r.findings.map((f) => ({
      ruleId: f.code,
      ruleName: f.ruleName,
      severity: f.severity,
      message: f.message,
      line: f.range.start.line,
      column: f.range.start.column,
      endLine: f.range.end.line,
      endColumn: f.range.end.column,
      ...(f.hint ? { hint: f.hint } : {}),
    })),
  }));
  return JSON.stringify(files, null, 2) + '\n';
};
