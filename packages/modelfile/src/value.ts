/** Turns the source text of a value into a `ValueNode` with Ollama's trimming and unquoting. */
import type { RangeMapper } from './positions.js';
import type { DroppedCharacter, QuoteStyle, ValueNode } from './ast.js';
import { isBlank, isLineBreak } from './chars.js';
import { isPrint } from '@mfc/gocompat';

/** Is the code point kept in a value buffer (printable, or a blank/line break taken verbatim)? */
const isKept = (cp: number): boolean => isPrint(cp) || isBlank(cp) || isLineBreak(cp);
const isWhite = (cp: number): boolean => isBlank(cp) || isLineBreak(cp);

/** Ollama's `unquote` on a trimmed buffer; `undefined` when the quote is not closed. */
export function unquote(s: string): { value: string; quote: QuoteStyle } | undefined {
  if (s.startsWith('"""')) {
    return s.length >= 6 && s.endsWith('"""')
      ? { value: s.slice(3, -3), quote: 'triple' }
      : undefined;
  }
  if (s.startsWith('"')) {
    return s.length >= 2 && s.endsWith('"')
      ? { value: s.slice(1, -1), quote: 'double' }
      : undefined;
  }
  return { value: s, quote: 'none' };
}

function codePointBefore(text: string, i: number): { cp: number; len: number } {
  const lo = text.charCodeAt(i - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && i >= 2) {
    const hi = text.charCodeAt(i - 2);
    if (hi >= 0xd800 && hi <= 0xdbff) return { cp: text.codePointAt(i - 2) ?? lo, len: 2 };
  }
  return { cp: lo, len: 1 };
}

/**
 * Builds the value node of the text in [start, end). `start === end` gives an
 * empty value at that position. Returns undefined when a quote is left open.
 */
export function buildValue(
  text: string,
  start: number,
  end: number,
  index: RangeMapper,
): ValueNode | undefined {
  const dropped: DroppedCharacter[] = [];
  const keptParts: string[] = [];
  let runStart = start;
  let first = -1; // offset of the first kept non-blank character
  let lastEnd = -1; // end offset of the last kept non-blank character
  for (let i = start; i < end;) {
    const c = text.charCodeAt(i);
    if (c >= 0x21 && c <= 0x7e) {
      // printable ASCII, not blank: the common case
      if (first < 0) first = i;
      lastEnd = ++i;
      continue;
    }
    const cp = c < 0xd800 ? c : (text.codePointAt(i) ?? 0);
    const len = cp > 0xffff ? 2 : 1;
    if (!isKept(cp)) {
      if (i > runStart) keptParts.push(text.slice(runStart, i));
      runStart = i + len;
      dropped.push({
        char: String.fromCodePoint(cp),
        codePoint: cp,
        range: index.rangeOf(i, i + len),
      });
    } else if (!isWhite(cp)) {
      if (first < 0) first = i;
      lastEnd = i + len;
    }
    i += len;
  }
  // Without dropped characters the trimmed buffer is just the source between the first and
  // last non-blank characters (the common case, and the fast one).
  let trimmed: string;
  if (dropped.length === 0) {
    trimmed = first < 0 ? '' : text.slice(first, lastEnd);
  } else {
    if (end > runStart) keptParts.push(text.slice(runStart, end));
    trimmed = keptParts.join('').replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  }
  const unquoted = unquote(trimmed);
  if (!unquoted) return undefined;
  if (first < 0) {
    const at = index.rangeOf(start, start);
    return {
      type: 'Value',
      raw: '',
      value: '',
      quote: 'none',
      range: at,
      contentRange: at,
      dropped,
    };
  }
  let openEnd = first;
  let closeStart = lastEnd;
  if (unquoted.quote !== 'none') {
    const n = unquoted.quote === 'triple' ? 3 : 1;
    openEnd = skipKept(text, first, lastEnd, n);
    closeStart = Math.max(openEnd, skipKeptBackwards(text, first, lastEnd, n));
  }
  // Positions in source order (the mapper is fastest moving forward).
  const { start: pFirst, end: pOpenEnd } = index.rangeOf(first, openEnd);
  const { start: pCloseStart, end: pLast } = index.rangeOf(closeStart, lastEnd);
  const range = { start: pFirst, end: pLast };
  const node: ValueNode = {
    type: 'Value',
    raw: text.slice(first, lastEnd),
    value: unquoted.value,
    quote: unquoted.quote,
    range,
    contentRange: range,
    dropped,
  };
  if (unquoted.quote !== 'none') {
    node.openQuote = { start: pFirst, end: pOpenEnd };
    node.closeQuote = { start: pCloseStart, end: pLast };
    node.contentRange = { start: pOpenEnd, end: pCloseStart };
  }
  return node;
}

/** The offset after the n-th kept character counted from `from`. */
function skipKept(text: string, from: number, to: number, n: number): number {
  let i = from;
  while (i < to && n > 0) {
    const cp = text.codePointAt(i) ?? 0;
    if (isKept(cp)) n--;
    i += cp > 0xffff ? 2 : 1;
  }
  return i;
}

/** The offset of the n-th kept character counted backwards from `to`. */
function skipKeptBackwards(text: string, from: number, to: number, n: number): number {
  let i = to;
  while (i > from && n > 0) {
    const { cp, len } = codePointBefore(text, i);
    if (isKept(cp)) n--;
    i -= len;
  }
  return i;
}
