/**
 * Safe fixes (ESLint's convention): building them in rules and applying them
 * to a text. Linting until stable is `fixModelfile` in fixes.ts.
 */
import type { LineIndex, Range } from '@mfc/diagnostics';
import type { CommandNode } from '@mfc/modelfile';
import type { Finding, Fix } from './types.js';

/** Replaces the text of `range` with `text`. */
export function replaceFix(title: string, range: Range, text: string): Fix {
  return { title, range, text };
}

/**
 * Deletes the lines a command occupies (all of a multi-line value), with the
 * line break that ends the last one; undefined when other text shares the lines.
 */
export function deleteCommandFix(
  source: LineIndex,
  command: CommandNode,
  title: string,
): Fix | undefined {
  return deleteLinesFix(source, command.range, title);
}

/**
 * Deletes the lines `range` spans, with the line break that ends the last one;
 * undefined when other text shares those lines.
 */
export function deleteLinesFix(source: LineIndex, range: Range, title: string): Fix | undefined {
  const text = source.text;
  let from = range.start.offset;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  if (from > 0 && text[from - 1] !== '\n' && text[from - 1] !== '\r') return undefined;
  let to = range.end.offset;
  while (to < text.length && (text[to] === ' ' || text[to] === '\t')) to++;
  if (text.startsWith('\r\n', to)) to += 2;
  else if (text[to] === '\n' || text[to] === '\r') to += 1;
  else if (to < text.length) return undefined;
  return { title, range: source.rangeOf(from, to), text: '' };
}

/**
 * Applies the fixes of `findings` to `text` (the `LintResult.source` they were
 * found in), in order of position; a fix that overlaps one already applied is
 * left for the next pass, as ESLint does. Returns the new text and how many applied.
 */
export function applyFixes(
  text: string,
  findings: readonly Pick<Finding, 'fix'>[],
): { output: string; applied: number } {
  const fixes = findings
    .map((f) => f.fix)
    .filter((f): f is Fix => f !== undefined)
    .sort(
      (a, b) =>
        a.range.start.offset - b.range.start.offset || a.range.end.offset - b.range.end.offset,
    );
  let output = '';
  let at = 0;
  let applied = 0;
  for (const fix of fixes) {
    const { offset: start } = fix.range.start;
    const { offset: end } = fix.range.end;
    if (start < at || end < start || end > text.length) continue;
    output += text.slice(at, start) + fix.text;
    at = end;
    applied++;
  }
  return { output: output + text.slice(at), applied };
}
