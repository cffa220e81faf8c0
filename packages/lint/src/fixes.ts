/**
 * Safe fixes (ESLint's convention): building them in rules, applying them to
 * a text, and linting until nothing more can be fixed (`mfc lint --fix`).
 */
import type { LineIndex, Range } from '@mfc/diagnostics';
import type { CommandNode } from '@mfc/modelfile';
import { lintModelfile, type LintOptions } from './linter.js';
import type { Finding, Fix, LintResult } from './types.js';

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
  const text = source.text;
  const startOffset = command.range.start.offset;
  let from = startOffset;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  if (from > 0 && text[from - 1] !== '\n' && text[from - 1] !== '\r') return undefined;
  let to = command.range.end.offset;
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

/** The most passes `fixModelfile` makes (a fix can reveal another: ESLint's limit is 10 too). */
export const MAX_FIX_PASSES = 10;

/**
 * Lints and fixes until no fix applies or `MAX_FIX_PASSES` passes were made
 * (`mfc lint --fix`). The result describes the final text: its `findings` are
 * what remains, and `output` is set when anything was fixed. Writes nothing.
 */
export async function fixModelfile(
  input: string | Uint8Array,
  options: LintOptions = {},
): Promise<LintResult & { passes: number; fixedCount: number }> {
  let result = await lintModelfile(input, options);
  const original = result.source;
  let passes = 0;
  let fixedCount = 0;
  while (passes < MAX_FIX_PASSES && result.fixableCount > 0) {
    const { output, applied } = applyFixes(result.source, result.findings);
    if (applied === 0 || output === result.source) break;
    passes++;
    fixedCount += applied;
    result = await lintModelfile(output, options);
  }
  return {
    ...result,
    ...(result.source !== original ? { output: result.source } : {}),
    passes,
    fixedCount,
  };
}
