/** Construction of syntax errors with Ollama's texts and mfc's hints. */
import type { RangeMapper } from './positions.js';
import type { ModelfileParseError, ParseErrorCode } from './ast.js';
import { INSTRUCTIONS } from './chars.js';

export const INVALID_COMMAND_MESSAGE =
  'command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires"';
export const INVALID_ROLE_MESSAGE = 'message role must be one of "system", "user", or "assistant"';
export const UNEXPECTED_EOF_MESSAGE = 'unexpected EOF';
export const NO_FROM_MESSAGE = 'no FROM line';

/**
 * Ollama's line number for an error raised while reading the rune at `offset`:
 * it counts every CR and every LF up to and including that rune.
 */
export function ollamaLineAt(text: string, offset: number): number {
  let line = 1;
  const last = Math.min(offset, text.length - 1);
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) line++;
  }
  return line;
}

export function makeError(
  code: ParseErrorCode,
  message: string,
  hint: string,
  range: { start: number; end: number },
  index: RangeMapper,
  options: { ollamaLine?: number; file?: string } = {},
): ModelfileParseError {
  const error: ModelfileParseError = {
    code,
    message,
    ollamaMessage: options.ollamaLine ? `(line ${options.ollamaLine}): ${message}` : message,
    hint,
    range: index.rangeOf(range.start, range.end),
  };
  if (options.file !== undefined) error.file = options.file;
  return error;
}

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest instruction to a misspelt name, if any is close. */
export function suggestInstruction(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of INSTRUCTIONS) {
    const d = editDistance(lower, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3))
    ? best.toUpperCase()
    : undefined;
}

/** Shows a character in a message: printable as itself, others as U+XXXX. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === '\n') return 'a line break';
  if (ch === '\r') return 'a carriage return';
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp > 0x20 && cp !== 0x7f ? `"${ch}" (${hex})` : hex;
}
