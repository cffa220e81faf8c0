import { displayPath, type Formatter } from './common.js';

/**
 * Machine output: one JSON array with an entry per file (ESLint's shape):
 * `{ filePath, errorCount, warningCount, infoCount, fixableCount, messages: [...], output? }`,
 * where positions are 1-based and columns count UTF-16 code units. A fixable message has
 * ESLint's `fix: { range: [startOffset, endOffset], text }` (offsets into the decoded text);
 * `output` is the fixed text after `--fix` / `--fix-dry-run`.
 */
export const json: Formatter = (results, options) => {
  const files = results.map((r) => ({
    filePath: displayPath(r.file, options.cwd),
    errorCount: r.errorCount,
    warningCount: r.warningCount,
    infoCount: r.infoCount,
    fixableCount: r.fixableCount,
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
      ...(f.fix
        ? { fix: { range: [f.fix.range.start.offset, f.fix.range.end.offset], text: f.fix.text } }
        : {}),
    })),
    ...(r.output !== undefined ? { output: r.output } : {}),
  }));
  return JSON.stringify(files, null, 2) + '\n';
};
