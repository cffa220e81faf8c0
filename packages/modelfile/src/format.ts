import { MfcError } from '@mfc/diagnostics';
import type { CommandNode, OllamaCommand, ParseResult } from './ast.js';
import { scanValue } from './scan.js';
import { unquote } from './value.js';

/** Ollama's `quote`: wraps in `"…"` (or `"""…"""` when `s` contains `"`) if `s` has a LF or edge spaces. */
export function ollamaQuote(s: string): string {
  if (s.includes('\n') || s.startsWith(' ') || s.endsWith(' ')) {
    return s.includes('"') ? `"""${s}"""` : `"${s}"`;
  }
  return s;
}

/** Ollama's `Modelfile.String()` for a list of commands. */
export function ollamaString(commands: OllamaCommand[]): string {
  return commands.map((c) => ollamaCommandString(c) + '\n').join('');
}

function ollamaCommandString(c: OllamaCommand): string {
  switch (c.name) {
    case 'model':
      return `FROM ${c.args}`;
    case 'license':
    case 'template':
    case 'system':
    case 'adapter':
    case 'renderer':
    case 'parser':
    case 'requires':
    case 'draft':
      return `${c.name.toUpperCase()} ${ollamaQuote(c.args)}`;
    case 'message': {
      const cut = c.args.indexOf(': ');
      const [role, content] =
        cut < 0 ? [c.args, ''] : [c.args.slice(0, cut), c.args.slice(cut + 2)];
      return `MESSAGE ${role} ${ollamaQuote(content)}`;
    }
    default:
      return `PARAMETER ${c.name} ${ollamaQuote(c.args)}`;
  }
}

/**
 * Canonical text of a parsed Modelfile: one line per command as Ollama's
 * `Modelfile.String()` writes it, except where Ollama's text would not parse
 * back to the same command (leading spaces in FROM, values containing `"""`,
 * edge tabs, empty values, …): then the first of raw, `"…"`, `"""…"""` that
 * does is used, and when none does the command's original text is kept.
 * Keywords are upper-cased, comments stay where they are (unindented), runs
 * of blank lines between lines become one. Idempotent; the result always
 * parses to the same commands. Throws `MfcError` when the file has syntax
 * errors (other than a missing FROM, which does not stop formatting).
 */
export function format(result: ParseResult): string {
  const blocking = result.errors.find((e) => e.code !== 'MODELFILE_NO_FROM');
  if (blocking) {
    throw new MfcError(
      'MODELFILE_FORMAT_SYNTAX',
      `cannot format a Modelfile with syntax errors: ${blocking.message}`,
      {
        hint: blocking.hint,
        location: { file: result.file, range: blocking.range },
      },
    );
  }
  const text = result.source.text;
  const eol = lineEnding(result);
  const out: string[] = [];
  let previousEnd = -1;
  for (const node of result.ast.body) {
    if (previousEnd >= 0 && hasBlankLine(text, previousEnd, node.range.start.offset)) out.push('');
    out.push(
      node.type === 'Comment' ? `#${node.text.replace(/[ \t]+$/, '')}` : formatCommand(node, text),
    );
    previousEnd = node.range.end.offset;
  }
  return out.length === 0 ? '' : out.join(eol) + eol;
}

/**
 * The file's line-ending style: `\r\n` when the first line (comment or command,
 * after any multi-line value) ends with CRLF, else `\n` (LF, and old Mac CR).
 * `format` writes every line end in it, so a CRLF file stays CRLF throughout.
 * Line breaks inside values are never changed: Ollama keeps them (CRLF as
 * `\r\n`) in what it stores, so LF there would change the TEMPLATE or SYSTEM text.
 * Taken from the first line, the style survives formatting (idempotent).
 */
export function lineEnding(result: ParseResult): '\n' | '\r\n' {
  const first = result.ast.body[0];
  if (!first) return '\n';
  const rest = result.source.text.slice(first.range.end.offset);
  return /^[ \t]*\r\n/.test(rest) ? '\r\n' : '\n';
}

/** Whether the text between two lines contains an empty line (two line breaks with only blanks between). */
function hasBlankLine(text: string, from: number, to: number): boolean {
  return /[\r\n][ \t]*[\r\n]/.test(text.slice(from, to).replace(/\r\n/g, '\n'));
}

function formatCommand(node: CommandNode, text: string): string {
  const value = node.value.value;
  const head =
    node.instruction === 'parameter'
      ? `PARAMETER ${node.parameter.text}`
      : node.instruction === 'message'
        ? `MESSAGE ${node.role.text}`
        : node.instruction.toUpperCase();
  // An empty value is written `""`: Ollama's `SYSTEM ` loses its meaning when an editor strips the blank.
  const candidates =
    value === '' ? ['""'] : [ollamaValue(node), value, `"${value}"`, `"""${value}"""`];
  for (const candidate of candidates) {
    if (valueReadsAs(candidate, value)) return `${head} ${candidate}`;
  }
  // No quoting represents this value (cannot happen for a value that was parsed): keep it as written.
  return `${head} ${text.slice(node.value.range.start.offset, node.value.range.end.offset)}`;
}

/** The value part of Ollama's `Command.String()` for this command. */
function ollamaValue(node: CommandNode): string {
  return node.instruction === 'from' ? node.value.value : ollamaQuote(node.value.value);
}

/**
 * Does `written`, as the value of a command line ending in a line break, read back as `value`?
 * (The same scan and unquote the parser uses; `written` has no dropped characters.)
 */
function valueReadsAs(written: string, value: string): boolean {
  const line = written + '\n';
  const scan = scanValue(line, 0);
  if (scan.end !== written.length || !scan.complete) return false;
  return unquote(written.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, ''))?.value === value;
}
