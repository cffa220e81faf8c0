/**
 * The Chevrotain lexer. Its modes mirror the states of Ollama's parser:
 * `line` (between commands), `parameterName`, `messageRole`, `value` (which
 * may span lines while a quote is open) and `skip` (the rest of a line after
 * a broken instruction name, for error recovery).
 */
import { createToken, Lexer, type CustomPatternMatcherFunc, type TokenType } from 'chevrotain';
import { INSTRUCTIONS, isBlank, isLineBreak, isNameChar, codePointAt } from './chars.js';
import { scanName, scanValue, type NameScan } from './scan.js';

// ---- helpers for custom patterns -------------------------------------------------------------

let cachedNameText = '';
let cachedNameOffset = -1;
let cachedName: NameScan | undefined;

/** `scanName`, memoised for the token types that are tried in turn at the same offset. */
function nameAt(text: string, offset: number): NameScan | undefined {
  const c = text.charCodeAt(offset);
  if (offset >= text.length || isBlank(c) || isLineBreak(c) || c === 0x23 /* # */) return undefined;
  if (offset !== cachedNameOffset || text !== cachedNameText) {
    cachedNameText = text;
    cachedNameOffset = offset;
    cachedName = scanName(text, offset);
  }
  return cachedName;
}

function match(
  text: string,
  start: number,
  end: number,
  payload?: unknown,
): [string] & { payload?: unknown } {
  const m = [text.slice(start, end)] as [string] & { payload?: unknown };
  if (payload !== undefined) m.payload = payload;
  return m;
}

/** A keyword followed by its blank separator (the token includes the separator). */
function keywordPattern(accepts: (lowerName: string) => boolean): CustomPatternMatcherFunc {
  return (text, offset) => {
    const n = nameAt(text, offset);
    if (!n || n.next !== 'blank' || !accepts(n.name.toLowerCase())) return null;
    return match(text, offset, n.end + n.nextLength);
  };
}

// ---- line mode ---------------------------------------------------------------------------------

export const Blank = createToken({ name: 'Blank', pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const Newline = createToken({ name: 'Newline', pattern: /\r\n?|\n/, line_breaks: true });
/** A comment with its line break (one token instead of two: fewer tokens, faster lexing). */
export const Comment = createToken({
  name: 'Comment',
  pattern: /#[^\r\n]*(?:\r\n?|\n)?/,
  line_breaks: true,
});

/** One token type per instruction, so the grammar names each of them. */
export const instructionTokens: Record<(typeof INSTRUCTIONS)[number], TokenType> =
  Object.fromEntries(
    INSTRUCTIONS.map((instruction) => [
      instruction,
      createToken({
        name: instruction[0].toUpperCase() + instruction.slice(1),
        pattern: keywordPattern((n) => n === instruction),
        line_breaks: false,
        push_mode:
          instruction === 'parameter'
            ? 'parameterName'
            : instruction === 'message'
              ? 'messageRole'
              : 'value',
      }),
    ]),
  ) as Record<(typeof INSTRUCTIONS)[number], TokenType>;

/** A name followed by a blank that is not an instruction: its value is still read, for recovery. */
export const UnknownInstruction = createToken({
  name: 'UnknownInstruction',
  pattern: keywordPattern((n) => !(INSTRUCTIONS as readonly string[]).includes(n)),
  line_breaks: false,
  push_mode: 'value',
});

/** A name broken by a non-letter, a line break or the end of input. */
export const BrokenInstruction = createToken({
  name: 'BrokenInstruction',
  pattern: (text, offset) => {
    const n = nameAt(text, offset);
    if (!n || n.next === 'blank') return null;
    return match(text, offset, n.end + n.nextLength, n.next);
  },
  line_breaks: false,
  push_mode: 'skip',
});

// ---- PARAMETER name / MESSAGE role -------------------------------------------------------------

function subNamePattern(
  isChar: (c: number) => boolean,
  wantBroken: boolean,
): CustomPatternMatcherFunc {
  return (text, offset) => {
    let i = offset;
    while (i < text.length && isChar(text.charCodeAt(i))) i++;
    if (i < text.length && isBlank(text.charCodeAt(i)))
      return wantBroken ? null : match(text, offset, i + 1);
    if (!wantBroken) return null;
    if (i >= text.length || isLineBreak(text.charCodeAt(i))) {
      return i === offset ? null : match(text, offset, i, i >= text.length ? 'eof' : 'newline');
    }
    return match(text, offset, i + codePointAt(text, i).len, 'other');
  };
}

/** A parameter name and its blank separator (the name may be empty). */
export const ParameterName = createToken({
  name: 'ParameterName',
  pattern: subNamePattern(isNameChar, false),
  line_breaks: false,
  pop_mode: true,
  push_mode: 'value',
});
/** A parameter name broken by another character, a line break or the end of input. */
export const BrokenParameterName = createToken({
  name: 'BrokenParameterName',
  pattern: subNamePattern(isNameChar, true),
  line_breaks: false,
  pop_mode: true,
  push_mode: 'skip',
});

const isAlphaCode = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** A message role and its blank separator (validated by the parser). */
export const Role = createToken({
  name: 'Role',
  pattern: subNamePattern(isAlphaCode, false),
  line_breaks: false,
  pop_mode: true,
  push_mode: 'value',
});
/** A role broken by another character, a line break or the end of input. */
export const BrokenRole = createToken({
  name: 'BrokenRole',
  pattern: subNamePattern(isAlphaCode, true),
  line_breaks: false,
  pop_mode: true,
  push_mode: 'skip',
});
/** A line break right after PARAMETER / MESSAGE and its separator. */
export const MissingName = createToken({
  name: 'MissingName',
  pattern: /\r\n?|\n/,
  line_breaks: true,
  pop_mode: true,
});

// ---- value mode --------------------------------------------------------------------------------

/**
 * A value, with the single CR or LF that ends it (so the mode ends with the token). Whether
 * the value is complete is decided again by the AST builder (an incomplete one reaches EOF).
 */
export const Value = createToken({
  name: 'Value',
  pattern: (text, offset) => {
    if (offset >= text.length || isLineBreak(text.charCodeAt(offset))) return null;
    const { end } = scanValue(text, offset);
    return [text.slice(offset, end < text.length ? end + 1 : end)];
  },
  line_breaks: true,
  pop_mode: true,
});
/** The line break that ends an empty value (a single CR or LF; a following LF is a blank line break). */
export const ValueEnd = createToken({
  name: 'ValueEnd',
  pattern: /\r|\n/,
  line_breaks: true,
  pop_mode: true,
});

// ---- skip mode ---------------------------------------------------------------------------------

export const SkippedText = createToken({ name: 'SkippedText', pattern: /[^\r\n]+/ });
export const SkipEnd = createToken({
  name: 'SkipEnd',
  pattern: /\r\n?|\n/,
  line_breaks: true,
  pop_mode: true,
});

export const allTokens: TokenType[] = [
  Blank,
  Newline,
  Comment,
  ...Object.values(instructionTokens),
  UnknownInstruction,
  BrokenInstruction,
  ParameterName,
  BrokenParameterName,
  Role,
  BrokenRole,
  MissingName,
  Value,
  ValueEnd,
  SkippedText,
  SkipEnd,
];

export const modelfileLexer = new Lexer(
  {
    modes: {
      // Most frequent first (patterns are tried in order; keywords exclude each other).
      line: [
        ...(['parameter', 'message', 'from', 'system', 'template'] as const).map(
          (i) => instructionTokens[i],
        ),
        ...(['license', 'adapter', 'draft', 'renderer', 'parser', 'requires'] as const).map(
          (i) => instructionTokens[i],
        ),
        Newline,
        Comment,
        Blank,
        UnknownInstruction,
        BrokenInstruction,
      ],
      parameterName: [ParameterName, BrokenParameterName, MissingName],
      messageRole: [Role, BrokenRole, MissingName],
      value: [Value, ValueEnd],
      skip: [SkippedText, SkipEnd],
    },
    defaultMode: 'line',
  },
  { positionTracking: 'onlyOffset', ensureOptimizations: false, skipValidations: true },
);
