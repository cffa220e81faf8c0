/** Turns the grammar's token groups into AST nodes, the Ollama view and syntax errors. */
import type { LineIndex } from '@mfc/diagnostics';
import type { IToken } from 'chevrotain';
import type {
  BrokenCommandNode,
  CommandNode,
  CommentNode,
  Instruction,
  KeywordNode,
  MessageRole,
  ModelfileParseError,
  OllamaCommand,
  ParseErrorCode,
  Token,
  ValueNode,
} from './ast.js';
import { codePointAt, INSTRUCTIONS } from './chars.js';
import {
  describeChar,
  INVALID_COMMAND_MESSAGE,
  INVALID_ROLE_MESSAGE,
  makeError,
  NO_FROM_MESSAGE,
  ollamaLineAt,
  suggestInstruction,
  UNEXPECTED_EOF_MESSAGE,
} from './errors.js';
import type { RawInstruction, RawLine } from './grammar.js';
import { Positions } from './positions.js';
import { buildValue } from './value.js';

export interface Built {
  body: (CommandNode | CommentNode)[];
  commands: CommandNode[];
  comments: CommentNode[];
  broken: BrokenCommandNode[];
  ollama: OllamaCommand[];
  errors: ModelfileParseError[];
}

const ROLES: readonly string[] = ['system', 'user', 'assistant'];
const tokenEnd = (t: IToken): number => t.startOffset + t.image.length;

export function buildAst(
  text: string,
  lines: RawLine[],
  lineIndex: LineIndex,
  file?: string,
): Built {
  const index = new Positions(lineIndex, text);
  const out: Built = {
    body: [],
    commands: [],
    comments: [],
    broken: [],
    ollama: [],
    errors: [],
  };
  const error = (...args: Parameters<typeof makeError>) => {
    const [code, message, hint, range, idx, options = {}] = args;
    out.errors.push(makeError(code, message, hint, range, idx, { ...options, file }));
  };
  const broken: BrokenFn = (code, parts) => {
    const token = ([start, end]: Span): Token => ({
      text: text.slice(start, end),
      range: index.rangeOf(start, end),
    });
    const keyword = token(parts.keyword);
    const end = (parts.value ?? parts.sub ?? parts.keyword)[1];
    const node: BrokenCommandNode = {
      type: 'BrokenCommand',
      keyword,
      range: index.rangeOf(parts.keyword[0], end),
      error: code,
    };
    const lower = keyword.text.toLowerCase();
    if ((INSTRUCTIONS as readonly string[]).includes(lower))
      node.instruction = lower as Instruction;
    if (parts.sub) node.sub = token(parts.sub);
    if (parts.value) node.value = token(parts.value);
    out.broken.push(node);
  };

  for (const line of lines) {
    if (line.kind === 'comment') {
      const t = line.token;
      let length = t.image.length; // the token includes its line break
      while (
        length > 1 &&
        (t.image.charCodeAt(length - 1) === 10 || t.image.charCodeAt(length - 1) === 13)
      )
        length--;
      const image = t.image.slice(0, length);
      const node: CommentNode = {
        type: 'Comment',
        text: image.slice(1),
        range: index.rangeOf(t.startOffset, t.startOffset + image.length),
      };
      out.body.push(node);
      out.comments.push(node);
      continue;
    }
    const node = buildInstruction(text, line, index, error, broken);
    if (node) {
      out.body.push(node);
      out.commands.push(node);
      out.ollama.push({ name: node.name, args: node.args });
    }
  }

  if (!out.ollama.some((c) => c.name === 'model')) {
    error(
      'MODELFILE_NO_FROM',
      NO_FROM_MESSAGE,
      'Every Modelfile needs a `FROM <model name or path>` line (it may be anywhere in the file).',
      { start: 0, end: 0 },
      index,
    );
  }
  // Source order; `no FROM line` (checked last by Ollama) stays last.
  const noFrom = out.errors.filter((e) => e.code === 'MODELFILE_NO_FROM');
  out.errors = out.errors
    .filter((e) => e.code !== 'MODELFILE_NO_FROM')
    .sort((a, b) => a.range.start.offset - b.range.start.offset)
    .concat(noFrom);
  return out;
}

type ErrorFn = (...args: Parameters<typeof makeError>) => void;
type Span = [start: number, end: number];
/** Records a command that failed to parse, with the spans of what was written. */
type BrokenFn = (code: ParseErrorCode, parts: { keyword: Span; sub?: Span; value?: Span }) => void;

/** The span of a Value token without its surrounding blanks and line breaks (undefined when empty). */
function valueSpan(text: string, v: IToken | undefined, keepEnd = false): Span | undefined {
  if (!v) return undefined;
  let start = v.startOffset;
  let end = tokenEnd(v);
  while (start < end && ' \t\r\n'.includes(text[start])) start++;
  if (!keepEnd) while (end > start && ' \t\r\n'.includes(text[end - 1])) end--;
  return end > start ? [start, end] : undefined;
}

function buildInstruction(
  text: string,
  raw: RawInstruction,
  index: Positions,
  error: ErrorFn,
  broken: BrokenFn,
): CommandNode | undefined {
  const kw = raw.keyword;
  const kwStart = kw.startOffset;
  const kwEnd = tokenEnd(kw);
  const typeName = kw.tokenType.name;

  if (typeName === 'BrokenInstruction') {
    const next = kw.payload as 'newline' | 'eof' | 'other';
    if (next === 'eof') {
      error(
        'MODELFILE_UNEXPECTED_EOF',
        UNEXPECTED_EOF_MESSAGE,
        `The file ends right after \`${kw.image}\`: an instruction needs a space and a value after it.`,
        { start: kwStart, end: kwEnd },
        index,
      );
      broken('MODELFILE_UNEXPECTED_EOF', { keyword: [kwStart, kwEnd] });
      return undefined;
    }
    const badOffset = next === 'newline' ? kwEnd : lastCodePointStart(kw.image, kwStart);
    const badChar = next === 'newline' ? text[kwEnd] : text.slice(badOffset, kwEnd);
    const name = text.slice(kwStart, next === 'newline' ? kwEnd : badOffset);
    const suggestion = suggestInstruction(name);
    const known = (INSTRUCTIONS as readonly string[]).includes(name.toLowerCase());
    const hint =
      next === 'newline'
        ? known
          ? `\`${name}\` needs a value on the same line, after a space.`
          : `\`${name}\` is not an instruction${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`
        : `Instruction names are letters only, followed by a space or tab; found ${describeChar(badChar)} after \`${name}\`${
            suggestion ? ` (did you mean \`${suggestion}\`?)` : ''
          }.`;
    error(
      'MODELFILE_INVALID_COMMAND',
      INVALID_COMMAND_MESSAGE,
      hint,
      { start: kwStart, end: next === 'newline' ? kwEnd : kwEnd },
      index,
      {
        ollamaLine: ollamaLineAt(text, badOffset),
      },
    );
    broken('MODELFILE_INVALID_COMMAND', {
      keyword: [kwStart, next === 'newline' ? kwEnd : badOffset],
    });
    return undefined;
  }

  const keywordText = kw.image.slice(0, -1); // without the blank separator
  if (typeName === 'UnknownInstruction') {
    const suggestion = suggestInstruction(keywordText);
    error(
      'MODELFILE_INVALID_COMMAND',
      INVALID_COMMAND_MESSAGE,
      `\`${keywordText}\` is not a Modelfile instruction${suggestion ? `; did you mean \`${suggestion}\`?` : '.'}`,
      { start: kwStart, end: kwEnd - 1 },
      index,
      { ollamaLine: ollamaLineAt(text, kwEnd - 1) },
    );
    broken('MODELFILE_INVALID_COMMAND', {
      keyword: [kwStart, kwEnd - 1],
      value: valueSpan(text, raw.value),
    });
    return undefined;
  }

  const instruction = typeName.toLowerCase() as Instruction;
  const keyword: KeywordNode = {
    type: 'Keyword',
    text: keywordText,
    instruction,
    range: index.rangeOf(kwStart, kwEnd - 1),
  };

  let sub: Token | undefined;
  let valueStart = kwEnd;
  if (instruction === 'parameter' || instruction === 'message') {
    const what = instruction === 'parameter' ? 'parameter name' : 'message role';
    const s = raw.sub;
    if (!s) {
      error(
        'MODELFILE_UNEXPECTED_EOF',
        UNEXPECTED_EOF_MESSAGE,
        `The file ends after \`${keywordText}\`: a ${what} and a value are missing.`,
        { start: kwStart, end: kwEnd },
        index,
      );
      broken('MODELFILE_UNEXPECTED_EOF', { keyword: [kwStart, kwEnd - 1] });
      return undefined;
    }
    const sEnd = tokenEnd(s);
    const sName = s.tokenType.name;
    if (sName === 'MissingName') {
      error(
        'MODELFILE_INVALID_NAME',
        `${UNEXPECTED_EOF_MESSAGE}: `,
        `\`${keywordText}\` needs a ${what} and a value on the same line.`,
        { start: s.startOffset, end: s.startOffset },
        index,
      );
      broken('MODELFILE_INVALID_NAME', { keyword: [kwStart, kwEnd - 1] });
      return undefined;
    }
    if (sName === 'BrokenParameterName' || sName === 'BrokenRole') {
      const next = s.payload as 'newline' | 'eof' | 'other';
      const nameEnd = next === 'other' ? lastCodePointStart(s.image, s.startOffset) : sEnd;
      const name = text.slice(s.startOffset, nameEnd);
      if (next === 'eof') {
        error(
          'MODELFILE_UNEXPECTED_EOF',
          UNEXPECTED_EOF_MESSAGE,
          `The file ends after the ${what} \`${name}\`: a value is missing.`,
          { start: s.startOffset, end: sEnd },
          index,
        );
      } else {
        const hint =
          next === 'newline'
            ? `\`${keywordText} ${name}\` needs a value on the same line, after a space.`
            : `A ${what} may only contain ${instruction === 'parameter' ? 'letters, digits and `_`' : 'letters'}; found ${describeChar(
                text.slice(nameEnd, sEnd),
              )}.`;
        error(
          'MODELFILE_INVALID_NAME',
          `${UNEXPECTED_EOF_MESSAGE}: ${name}`,
          hint,
          { start: s.startOffset, end: sEnd },
          index,
        );
      }
      broken(next === 'eof' ? 'MODELFILE_UNEXPECTED_EOF' : 'MODELFILE_INVALID_NAME', {
        keyword: [kwStart, kwEnd - 1],
        sub: [s.startOffset, nameEnd],
      });
      return undefined;
    }
    sub = { text: s.image.slice(0, -1), range: index.rangeOf(s.startOffset, sEnd - 1) };
    valueStart = sEnd;
    if (instruction === 'message' && !ROLES.includes(sub.text)) {
      error(
        'MODELFILE_INVALID_ROLE',
        INVALID_ROLE_MESSAGE,
        ROLES.includes(sub.text.toLowerCase())
          ? `Roles are case-sensitive: write \`${sub.text.toLowerCase()}\`.`
          : `\`${sub.text}\` is not a role; use \`system\`, \`user\` or \`assistant\`.`,
        { start: s.startOffset, end: sEnd - 1 },
        index,
        { ollamaLine: ollamaLineAt(text, sEnd - 1) },
      );
      broken('MODELFILE_INVALID_ROLE', {
        keyword: [kwStart, kwEnd - 1],
        sub: [s.startOffset, sEnd - 1],
        value: valueSpan(text, raw.value),
      });
      return undefined;
    }
  }

  const v = raw.value;
  // The Value token includes the line break that ends it; `buildValue` trims it anyway.
  const value: ValueNode | undefined = v
    ? buildValue(text, v.startOffset, tokenEnd(v), index)
    : buildValue(text, valueStart, valueStart, index);
  if (!value) {
    // Only a value that runs into the end of input can be incomplete.
    const start =
      (v as IToken).startOffset + ((v as IToken).image.match(/^[ \t\r\n]*/)?.[0].length ?? 0);
    const triple = text.startsWith('"""', start);
    error(
      'MODELFILE_UNTERMINATED_QUOTE',
      UNEXPECTED_EOF_MESSAGE,
      `The ${triple ? '`"""`' : '`"`'} opened here is never closed. A closing quote only counts at the end of a line (text after it on the same line keeps the value open).`,
      { start, end: start + (triple ? 3 : 1) },
      index,
    );
    broken('MODELFILE_UNTERMINATED_QUOTE', {
      keyword: [kwStart, kwEnd - 1],
      sub: sub ? [sub.range.start.offset, sub.range.end.offset] : undefined,
      value: valueSpan(text, v, true),
    });
    return undefined;
  }
  // The command's range shares its positions with the keyword and the value.
  const range = {
    start: keyword.range.start,
    end: value.raw === '' ? (sub ? sub.range.end : keyword.range.end) : value.range.end,
  };
  // Plain literals with one property order (object spread is slow here, on 20k commands per MB).
  switch (instruction) {
    case 'from':
      return {
        type: 'Command',
        instruction,
        keyword,
        value,
        range,
        name: 'model',
        args: value.value,
      };
    case 'parameter': {
      const parameter = sub as Token;
      return {
        type: 'Command',
        instruction,
        keyword,
        value,
        range,
        name: parameter.text,
        args: value.value,
        parameter,
      };
    }
    case 'message': {
      const s = sub as Token;
      const role = { text: s.text, range: s.range, role: s.text as MessageRole };
      return {
        type: 'Command',
        instruction,
        keyword,
        value,
        range,
        name: 'message',
        args: `${role.role}: ${value.value}`,
        role,
      };
    }
    default:
      return {
        type: 'Command',
        instruction,
        keyword,
        value,
        range,
        name: instruction,
        args: value.value,
      };
  }
}

function lastCodePointStart(image: string, start: number): number {
  const end = start + image.length;
  const lo = image.charCodeAt(image.length - 1);
  if (lo >= 0xdc00 && lo <= 0xdfff && image.length >= 2) {
    const { len } = codePointAt(image, image.length - 2);
    if (len === 2) return end - 2;
  }
  return end - 1;
}
