/** Construction of syntax errors with Ollama's texts and mfc's hints. */
import type { RangeMapper } from './positions.js';
import { closest } from '@mfc/diagnostics';
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

/** The closest instruction to a misspelt name, if any is close. */
export function suggestInstruction(name: string): string | undefined {
  return closest(name, INSTRUCTIONS)?.toUpperCase();
}

/** Shows a character in a message: printable as itself, others as U+XXXX. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (ch === '\n') return 'a line break';
  if (ch === '\r') return 'a carriage return';
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return cp > 0x20 && cp !== 0x7f ? `"${ch}" (${hex})` : hex;
}
