/**
 * What the cursor is on: which command (parsed or broken), and which part of
 * it. Works on half-written files because broken commands stay in the tree
 * (`ast.broken`), and a line with only letters on it is a keyword being typed.
 */
import type { Range } from '@mfc/diagnostics';
import type { Instruction, ParseResult } from '@mfc/modelfile';

/** A command as the cursor sees it, whether or not it parsed. */
export interface CommandView {
  /** The instruction, when the keyword is one. */
  instruction?: Instruction;
  keyword: { text: string; range: Range };
  /** The parameter name or message role. */
  sub?: { text: string; range: Range };
  /** The value: its text as written, and where the text between the quotes starts. */
  value?: { raw: string; range: Range; contentStart: number };
  range: Range;
  broken: boolean;
}

export type CursorContext =
  /** On the keyword, or on a line being started: `prefix` is the text typed so far. */
  | { kind: 'keyword'; prefix: string; start: number; command?: CommandView }
  /** On a PARAMETER name or MESSAGE role. */
  | { kind: 'sub'; command: CommandView; prefix: string; start: number }
  /** In the value: `prefix` is the value text from its start to the cursor. */
  | { kind: 'value'; command: CommandView; prefix: string; start: number }
  | { kind: 'none' };

/** Every command of the file, parsed ones and broken ones, in source order. */
export function commandViews(parse: ParseResult): CommandView[] {
  const views: CommandView[] = [];
  for (const c of parse.ast.commands) {
    const view: CommandView = {
      instruction: c.instruction,
      keyword: { text: c.keyword.text, range: c.keyword.range },
      range: c.range,
      broken: false,
    };
    if (c.instruction === 'parameter') view.sub = c.parameter;
    if (c.instruction === 'message') view.sub = { text: c.role.text, range: c.role.range };
    if (c.value.raw !== '')
      view.value = {
        raw: c.value.raw,
        range: c.value.range,
        contentStart: c.value.contentRange.start.offset,
      };
    views.push(view);
  }
  for (const b of parse.ast.broken) {
    const view: CommandView = { keyword: b.keyword, range: b.range, broken: true };
    if (b.instruction) view.instruction = b.instruction;
    if (b.sub) view.sub = b.sub;
    if (b.value) {
      const quote = b.value.text.startsWith('"""') ? 3 : b.value.text.startsWith('"') ? 1 : 0;
      view.value = {
        raw: b.value.text,
        range: b.value.range,
        contentStart: b.value.range.start.offset + quote,
      };
    }
    views.push(view);
  }
  return views.sort((a, b) => a.range.start.offset - b.range.start.offset);
}

function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  return i;
}

/** The command whose text covers `offset` (up to the end of the line its value ends on). */
export function commandAt(
  parse: ParseResult,
  offset: number,
  views = commandViews(parse),
): CommandView | undefined {
  const text = parse.source.text;
  return views.find(
    (v) => v.range.start.offset <= offset && offset <= lineEndOf(text, v.range.end.offset),
  );
}

/** What the cursor at `offset` (in the decoded text) is on. */
export function cursorContext(parse: ParseResult, offset: number): CursorContext {
  const text = parse.source.text;
  const command = commandAt(parse, offset);
  const lineStart = lineStartOf(text, offset);
  const linePrefix = text.slice(lineStart, offset);
  if (!command || command.range.start.offset >= offset) {
    const m = /^[ \t]*([A-Za-z]*)$/.exec(linePrefix);
    if (m && !insideComment(parse, offset))
      return { kind: 'keyword', prefix: m[1], start: offset - m[1].length };
    return { kind: 'none' };
  }
  const kw = command.keyword.range;
  if (offset <= kw.end.offset)
    return {
      kind: 'keyword',
      prefix: text.slice(kw.start.offset, offset),
      start: kw.start.offset,
      command,
    };
  if (command.instruction === 'parameter' || command.instruction === 'message') {
    const sub = command.sub;
    if (!sub || sub.text === '' || offset <= sub.range.end.offset) {
      // Only blanks between the keyword and the cursor: the name is being typed.
      const between = text.slice(kw.end.offset, offset);
      const m = /^[ \t]+([A-Za-z0-9_]*)$/.exec(between);
      if (m) return { kind: 'sub', command, prefix: m[1], start: offset - m[1].length };
      return { kind: 'none' };
    }
  }
  const after = command.sub ? command.sub.range.end.offset : kw.end.offset;
  const start = command.value
    ? command.value.range.start.offset
    : after + (/^[ \t]*/.exec(text.slice(after, offset))?.[0].length ?? 0);
  if (offset < start) return { kind: 'none' };
  return { kind: 'value', command, prefix: text.slice(start, offset), start };
}

function insideComment(parse: ParseResult, offset: number): boolean {
  return parse.ast.comments.some(
    (c) => c.range.start.offset < offset && offset <= c.range.end.offset,
  );
}
