/**
 * Character classes of Ollama's Modelfile parser (`parser/parser.go`).
 * Only U+0020 and TAB are blanks; CR and LF are each a line break.
 */

export const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
export const isLineBreak = (c: number): boolean => c === 0x0a || c === 0x0d;
export const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
export const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
export const isNameChar = (c: number): boolean => isAlpha(c) || isDigit(c) || c === 0x5f;

/** Code point at `i` and its length in UTF-16 units. */
export function codePointAt(text: string, i: number): { cp: number; len: number } {
  const cp = text.codePointAt(i) ?? 0;
  return { cp, len: cp > 0xffff ? 2 : 1 };
}

/** The keywords Ollama accepts, lower-case, in the order its error message lists them. */
export const INSTRUCTIONS = [
  'from',
  'license',
  'template',
  'system',
  'adapter',
  'draft',
  'renderer',
  'parser',
  'parameter',
  'message',
  'requires',
] as const;
