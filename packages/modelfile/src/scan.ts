/**
 * The scanners behind the lexer's custom token patterns. They reproduce the
 * transitions of Ollama's rune state machine for one construct each.
 */
import { codePointAt, isAlpha, isBlank, isLineBreak } from './chars.js';
import { isPrint } from '@mfc/gocompat';

/** An instruction name at the start of a command: `X[A-Za-z]*` (X any non-blank, non-`#` rune). */
export interface NameScan {
  /** End of the name (exclusive). */
  end: number;
  /** The name as Ollama buffers it (a non-printable first rune is dropped). */
  name: string;
  /** What follows: a blank (the separator), a line break, end of input, or another rune. */
  next: 'blank' | 'newline' | 'eof' | 'other';
  /** Length of the rune after the name, when `next` is 'blank' or 'other'. */
  nextLength: number;
}

export function scanName(text: string, start: number): NameScan {
  const first = codePointAt(text, start);
  let name = isPrint(first.cp) ? String.fromCodePoint(first.cp) : '';
  let i = start + first.len;
  const alphaStart = i;
  while (i < text.length && isAlpha(text.charCodeAt(i))) i++;
  name += text.slice(alphaStart, i);
  if (i >= text.length) return { end: i, name, next: 'eof', nextLength: 0 };
  const c = text.charCodeAt(i);
  if (isBlank(c)) return { end: i, name, next: 'blank', nextLength: 1 };
  if (isLineBreak(c)) return { end: i, name, next: 'newline', nextLength: 0 };
  return { end: i, name, next: 'other', nextLength: codePointAt(text, i).len };
}

/** A value: everything up to the first line break at which Ollama considers it complete. */
export interface ValueScan {
  /** End of the value (exclusive): the terminating line break, or end of input. */
  end: number;
  /** False when the input ended inside an open `"` or `"""`. */
  complete: boolean;
}

const QUOTE = 0x22;

/**
 * Ollama appends every printable rune to the value buffer; at each blank or
 * line break it trims the buffer and runs `unquote`; the value ends at the
 * first line break where `unquote` succeeds. This tracks just enough of the
 * trimmed buffer (its length, its leading and trailing runs of `"`) to run
 * that test in constant time per break, so huge values scan in linear time.
 */
export function scanValue(text: string, start: number): ValueScan {
  let kept = 0; // characters in the buffer since its first non-blank one
  let trimmedLength = 0; // `kept` at the last non-blank character
  let leadingQuotes = 0; // run of `"` the trimmed buffer starts with (capped at 3)
  let leadingOpen = true; // still inside that leading run
  let trailingQuotes = 0; // run of `"` ending at the last non-blank character
  let blankPending = false; // blanks were kept after the last non-blank character
  const complete = (): boolean => {
    if (leadingQuotes >= 3) return trimmedLength >= 6 && trailingQuotes >= 3;
    if (leadingQuotes >= 1) return trimmedLength >= 2 && trailingQuotes >= 1;
    return true;
  };
  let i = start;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (isLineBreak(c) || isBlank(c)) {
      if (isLineBreak(c) && complete()) return { end: i, complete: true };
      if (kept > 0) {
        kept++;
        leadingOpen = false;
        blankPending = true;
      }
      i++;
      continue;
    }
    let len = 1;
    if (c >= 0x80) {
      const cp = codePointAt(text, i);
      len = cp.len;
      if (!isPrint(cp.cp)) {
        i += len;
        continue; // dropped silently
      }
    } else if (c < 0x20 || c === 0x7f) {
      i++;
      continue; // ASCII control: dropped silently
    }
    kept++;
    trimmedLength = kept;
    if (blankPending) {
      trailingQuotes = 0;
      blankPending = false;
    }
    if (c === QUOTE) {
      trailingQuotes++;
      if (leadingOpen && leadingQuotes < 3) leadingQuotes++;
    } else {
      trailingQuotes = 0;
      leadingOpen = false;
    }
    i += len;
  }
  return { end: i, complete: complete() };
}
