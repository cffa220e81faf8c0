import type { LineIndex, Range } from '@mfc/diagnostics';
import type { CommandNode, CommentNode } from '@mfc/modelfile';

/** An inline comment that turns rules off: `# mfc-disable-next-line MF012` or `# mfc-disable MF012`. */
export interface Directive {
  kind: 'disable-next-line' | 'disable' | 'enable';
  /** The comment it came from. */
  range: Range;
  /** The rules it names with their ranges; empty means every rule. */
  rules: { key: string; range: Range }[];
  /** Lines it covers (inclusive); for `enable`, the line it starts at. */
  fromLine: number;
  toLine: number;
}

const DIRECTIVE = /^(\s*)mfc-(disable-next-line|disable|enable)(?=\s|$)/;

/**
 * Finds the directives among the comments. `disable-next-line` covers the
 * next line and, when a command starts there, every line of that command (so
 * a finding inside a multi-line TEMPLATE is covered too). `disable` covers
 * everything up to a matching `enable` or the end of the file. Text after
 * `--` is a free description.
 */
export function readDirectives(
  comments: readonly CommentNode[],
  commands: readonly CommandNode[],
  source: LineIndex,
): Directive[] {
  const out: Directive[] = [];
  for (const c of comments) {
    const m = DIRECTIVE.exec(c.text);
    if (!m) continue;
    const kind = m[2] as Directive['kind'];
    // Offset of the comment text (after `#`) in the source.
    const textStart = c.range.start.offset + 1;
    let list = c.text.slice(m[0].length);
    const dash = list.indexOf('--');
    if (dash >= 0) list = list.slice(0, dash);
    const rules: Directive['rules'] = [];
    for (const item of list.matchAll(/[^\s,]+/g)) {
      const start = textStart + m[0].length + (item.index ?? 0);
      rules.push({ key: item[0], range: source.rangeOf(start, start + item[0].length) });
    }
    const line = c.range.start.line;
    let fromLine = line;
    let toLine = source.lineCount;
    if (kind === 'disable-next-line') {
      fromLine = toLine = line + 1;
      const next = commands.find((cmd) => cmd.range.start.line === line + 1);
      if (next) toLine = next.range.end.line;
    }
    out.push({ kind, range: c.range, rules, fromLine, toLine });
  }
  // A `disable` block ends at the next `enable` that names the same rules (or any `enable` without names).
  for (const d of out) {
    if (d.kind !== 'disable') continue;
    const end = out.find(
      (e) =>
        e.kind === 'enable' &&
        e.fromLine > d.fromLine &&
        (e.rules.length === 0 || d.rules.every((r) => e.rules.some((x) => x.key === r.key))),
    );
    if (end) d.toLine = end.fromLine;
  }
  return out.filter((d) => d.kind !== 'enable');
}
