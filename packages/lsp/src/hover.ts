/** Hover docs for instructions, parameters, roles and template words. */
import type { ParseResult } from '@mfc/modelfile';
import { MarkupKind, type Hover } from 'vscode-languageserver';
import { cursorContext } from './context.js';
import { instructionMarkdown, parameterMarkdown, ROLE_DOCS } from './reference-docs.js';
import {
  MESSAGE_FIELDS,
  TEMPLATE_FUNCTIONS,
  TEMPLATE_KEYWORDS,
  TEMPLATE_VARIABLES,
  templatePlace,
} from './template-vocabulary.js';

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

/** The word (letters, digits, `_`) around `offset`, with its start. */
function wordAt(text: string, offset: number): { word: string; start: number } {
  let start = offset;
  let end = offset;
  while (start > 0 && isWordChar(text[start - 1])) start--;
  while (isWordChar(text[end])) end++;
  return { word: text.slice(start, end), start };
}

function markdown(value: string): Hover {
  return { contents: { kind: MarkupKind.Markdown, value } };
}

/** The hover at `offset` (decoded text), or undefined. */
export function hoverAt(parse: ParseResult, offset: number): Hover | undefined {
  const text = parse.source.text;
  const ctx = cursorContext(parse, offset);
  const { word, start } = wordAt(text, offset);
  if (ctx.kind === 'none') return undefined;
  if (ctx.kind === 'keyword') {
    const instruction = ctx.command?.instruction;
    return instruction ? markdown(instructionMarkdown(instruction)) : undefined;
  }
  const command = ctx.command;
  if (command.instruction === 'parameter') {
    const name = command.sub?.text ?? word;
    const md = parameterMarkdown(name);
    return md ? markdown(md) : undefined;
  }
  if (command.instruction === 'message' && ctx.kind === 'sub') {
    const doc = ROLE_DOCS[command.sub?.text ?? word];
    return doc ? markdown(`**${command.sub?.text}**: ${doc}`) : undefined;
  }
  if (command.instruction === 'template' && ctx.kind === 'value' && word !== '') {
    const before = text.slice(command.value?.contentStart ?? ctx.start, start + word.length);
    const place = templatePlace(before);
    if (place.kind === 'field') {
      const field = [...TEMPLATE_VARIABLES, ...MESSAGE_FIELDS].find((v) => v.name === word);
      return field ? markdown(`**.${field.name}**: ${field.doc}`) : undefined;
    }
    if (place.kind === 'word') {
      const w = [...TEMPLATE_KEYWORDS, ...TEMPLATE_FUNCTIONS].find((v) => v.name === word);
      return w ? markdown(`**${w.name}**: ${w.doc}`) : undefined;
    }
  }
  if (command.instruction) return markdown(instructionMarkdown(command.instruction));
  return undefined;
}
