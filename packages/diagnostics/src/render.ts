import type { Diagnostic } from './errors.js';
import { LineIndex, type Range } from './position.js';

export interface Style {
  red(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const identity = (s: string) => s;
export const plainStyle: Style = {
  red: identity,
  yellow: identity,
  cyan: identity,
  dim: identity,
  bold: identity,
};

const ansi = (code: number) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
export const ansiStyle: Style = {
  red: ansi(31),
  yellow: ansi(33),
  cyan: ansi(36),
  dim: ansi(2),
  bold: ansi(1),
};

/**
 * A code frame: the lines around `range`, numbered, with carets under the
 * range on its first line. Tabs are kept so carets line up in a terminal.
 */
export function codeFrame(
  source: string | LineIndex,
  range: Range,
  options: { context?: number; style?: Style } = {},
): string {
  const index = typeof source === 'string' ? new LineIndex(source) : source;
  const style = options.style ?? plainStyle;
  const context = options.context ?? 1;
  const first = Math.max(1, range.start.line - context);
  const last = Math.min(index.lineCount, range.end.line + context);
  const width = String(last).length;
  const out: string[] = [];
  for (let line = first; line <= last; line++) {
    const text = index.lineText(line);
    const marker = line === range.start.line ? style.red('>') : ' ';
    out.push(`${marker} ${style.dim(String(line).padStart(width))} | ${text}`);
    if (line === range.start.line) {
      const startCol = range.start.column;
      const endCol =
        range.end.line === line ? Math.max(range.end.column, startCol + 1) : text.length + 2;
      const pad = text.slice(0, startCol - 1).replace(/[^\t]/g, ' ');
      const carets = '^'.repeat(Math.max(1, endCol - startCol));
      out.push(`  ${' '.repeat(width)} | ${pad}${style.red(carets)}`);
    }
  }
  return out.join('\n');
}

/** `file:line:column` (or `file@offset` for a byte offset), as editors and CI understand it. */
export function formatLocation(d: Pick<Diagnostic, 'file' | 'range' | 'byteOffset'>): string {
  const file = d.file ?? '<input>';
  if (d.range) return `${file}:${d.range.start.line}:${d.range.start.column}`;
  if (d.byteOffset !== undefined) return `${file} at byte ${d.byteOffset}`;
  return file;
}

/**
 * A diagnostic's related locations, for the end of its first line:
 * ` (/dev/zero at byte 0)`, or `` when it has none.
 */
export function formatRelated(d: Pick<Diagnostic, 'related'>): string {
  if (!d.related?.length) return '';
  const parts = d.related.map((r) => `${formatLocation(r)}${r.message ? `: ${r.message}` : ''}`);
  return ` (${parts.join('; ')})`;
}

/** One diagnostic as text: location, severity, message, related locations, code, then a code frame and hint. */
export function renderDiagnostic(
  d: Diagnostic,
  options: { source?: string | LineIndex; style?: Style } = {},
): string {
  const style = options.style ?? plainStyle;
  const sev =
    d.severity === 'error'
      ? style.red('error')
      : d.severity === 'warning'
        ? style.yellow('warning')
        : style.cyan('info');
  const head = `${style.bold(formatLocation(d))}: ${sev} ${d.message}${formatRelated(d)} ${style.dim(`[${d.code}]`)}`;
  const parts = [head];
  if (d.range && options.source !== undefined)
    parts.push(codeFrame(options.source, d.range, { style }));
  if (d.hint) parts.push(`${style.cyan('hint')}: ${d.hint}`);
  return parts.join('\n');
}
