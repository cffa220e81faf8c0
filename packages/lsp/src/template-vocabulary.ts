/**
 * What a TEMPLATE can use: the data Ollama passes (reference:
 * ollama-compat §4.3), Go's actions, and the functions of @mfc/gotemplate.
 */
import { builtinFunctionNames, ollamaFunctionNames } from '@mfc/gotemplate';

export interface TemplateWord {
  name: string;
  doc: string;
}

/** Fields of the top-level data (`.System`, `.Messages`, …). */
export const TEMPLATE_VARIABLES: readonly TemplateWord[] = [
  {
    name: 'System',
    doc: 'The system message (SYSTEM, or the system messages joined by a blank line).',
  },
  {
    name: 'Prompt',
    doc: 'The user prompt (legacy templates without `.Messages`; also fill-in-the-middle).',
  },
  { name: 'Response', doc: 'The assistant response; generation continues right after it.' },
  { name: 'Suffix', doc: 'The text after the cursor in fill-in-the-middle requests.' },
  {
    name: 'Messages',
    doc: 'The conversation: a list of messages with `.Role`, `.Content`, `.ToolCalls`…',
  },
  {
    name: 'Tools',
    doc: 'The tools the request offers (printed as JSON); a template using it supports tools.',
  },
  { name: 'Think', doc: 'Whether thinking was requested (bool).' },
  { name: 'ThinkLevel', doc: 'The requested thinking level (`low`, `medium`, `high`), or empty.' },
  { name: 'IsThinkSet', doc: 'Whether the request set `think` at all.' },
];

/** Fields of one message inside `range .Messages`. */
export const MESSAGE_FIELDS: readonly TemplateWord[] = [
  { name: 'Role', doc: 'The role: `system`, `user`, `assistant` or `tool`.' },
  { name: 'Content', doc: 'The text of the message.' },
  { name: 'Thinking', doc: 'The assistant’s thinking text.' },
  { name: 'Images', doc: 'Images attached to the message.' },
  {
    name: 'ToolCalls',
    doc: 'Tool calls of an assistant message (`.Function.Name`, `.Function.Arguments`).',
  },
  { name: 'ToolName', doc: 'The tool a `tool` message answers.' },
  { name: 'ToolCallID', doc: 'The id of the tool call a `tool` message answers.' },
];

/** Go template actions. */
export const TEMPLATE_KEYWORDS: readonly TemplateWord[] = [
  { name: 'if', doc: '`{{ if pipeline }} … {{ else }} … {{ end }}`' },
  { name: 'else', doc: 'The other branch of `if`, `with` or `range`.' },
  { name: 'end', doc: 'Ends `if`, `range`, `with`, `define` or `block`.' },
  {
    name: 'range',
    doc: '`{{ range $i, $m := .Messages }} … {{ end }}`: loops over a list or map.',
  },
  { name: 'with', doc: '`{{ with pipeline }} … {{ end }}`: sets `.` when the value is non-empty.' },
  { name: 'define', doc: '`{{ define "name" }} … {{ end }}`: a named template.' },
  { name: 'template', doc: '`{{ template "name" pipeline }}`: runs a named template.' },
  { name: 'block', doc: '`{{ block "name" pipeline }} … {{ end }}`: define and run at once.' },
  { name: 'break', doc: 'Leaves the innermost `range`.' },
  { name: 'continue', doc: 'Starts the next iteration of the innermost `range`.' },
];

const FUNCTION_DOCS: Record<string, string> = {
  json: 'Ollama: the argument as JSON.',
  currentDate: 'Ollama: today’s date, `YYYY-MM-DD`.',
  yesterdayDate: 'Ollama: yesterday’s date, `YYYY-MM-DD`.',
  toTypeScriptType: 'Ollama: a tool property’s JSON-schema type as a TypeScript type.',
  len: 'The length of a string, list or map.',
  index: '`index x 1 2`: element access.',
  slice: '`slice x 1 2`: a sub-list or substring.',
  eq: 'Equality: `eq .Role "user"`.',
  printf: 'Formatted printing, as Go’s fmt.Sprintf.',
};

/** Go's builtin functions and Ollama's additions. */
export const TEMPLATE_FUNCTIONS: readonly TemplateWord[] = [
  ...builtinFunctionNames,
  ...ollamaFunctionNames,
].map((name) => ({
  name,
  doc:
    FUNCTION_DOCS[name] ??
    ((ollamaFunctionNames as readonly string[]).includes(name)
      ? 'A function Ollama adds.'
      : `Go's text/template builtin \`${name}\`.`),
}));

/** Where the cursor is inside a template value. */
export type TemplatePlace =
  { kind: 'field'; prefix: string } | { kind: 'word'; prefix: string } | { kind: 'text' };

/** Whether the template text before the cursor is inside `{{ … }}`, and after a `.` or a word. */
export function templatePlace(before: string): TemplatePlace {
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.lastIndexOf('}}') > open) return { kind: 'text' };
  const field = /\.([A-Za-z0-9_]*)$/.exec(before);
  if (field) return { kind: 'field', prefix: field[1] };
  const word = /(?:^|[\s({-])([A-Za-z0-9_]*)$/.exec(before.slice(open + 2));
  return word ? { kind: 'word', prefix: word[1] } : { kind: 'text' };
}
