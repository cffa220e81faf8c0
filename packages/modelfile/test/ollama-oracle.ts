/**
 * A literal, rune-by-rune transcription of Ollama's `parser.ParseFile` state
 * machine (ollama-compat.md §1), used only as a differential-testing oracle
 * for the Chevrotain parser. It stops at the first error, as Ollama does.
 */
import { isPrint } from '@mfc/gocompat';

type State = 'nil' | 'name' | 'value' | 'parameter' | 'message' | 'comment';
const isAlpha = (r: string) => /^[A-Za-z]$/.test(r);
const isNumber = (r: string) => /^[0-9]$/.test(r);
const isSpace = (r: string) => r === ' ' || r === '\t';
const isNewline = (r: string) => r === '\r' || r === '\n';
const COMMANDS = [
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
];
const INVALID_COMMAND =
  'command must be one of "from", "license", "template", "system", "adapter", "draft", "renderer", "parser", "parameter", "message", or "requires"';
const INVALID_ROLE = 'message role must be one of "system", "user", or "assistant"';

function unquote(s: string): [string, boolean] {
  if (s.startsWith('"""'))
    return s.length >= 6 && s.endsWith('"""') ? [s.slice(3, -3), true] : ['', false];
  if (s.startsWith('"'))
    return s.length >= 2 && s.endsWith('"') ? [s.slice(1, -1), true] : ['', false];
  return [s, true];
}
const trimSpace = (s: string) => s.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

export function ollamaParse(
  text: string,
): { commands: { name: string; args: string }[] } | { error: string } {
  const commands: { name: string; args: string }[] = [];
  let curr: State = 'nil';
  let line = 1;
  let b = '';
  let role = '';
  let name = '';
  for (const r0 of text) {
    let r = r0;
    if (isNewline(r)) line++;
    let next: State = curr;
    let err: 'eof' | 'command' | undefined;
    switch (curr) {
      case 'nil':
        if (r === '#') [next, r] = ['comment', ''];
        else if (isSpace(r) || isNewline(r)) [next, r] = ['nil', ''];
        else next = 'name';
        break;
      case 'name':
        if (isAlpha(r)) next = 'name';
        else if (isSpace(r)) [next, r] = ['value', ''];
        else [next, err] = ['nil', 'command'];
        break;
      case 'value':
        next = isNewline(r) || isSpace(r) ? 'nil' : 'value';
        break;
      case 'parameter':
        if (isAlpha(r) || isNumber(r) || r === '_') next = 'parameter';
        else if (isSpace(r)) [next, r] = ['value', ''];
        else [next, err] = ['nil', 'eof'];
        break;
      case 'message':
        if (isAlpha(r)) next = 'message';
        else if (isSpace(r)) [next, r] = ['value', ''];
        else [next, err] = ['nil', 'eof'];
        break;
      case 'comment':
        [next, r] = [isNewline(r) ? 'nil' : 'comment', ''];
        break;
    }
    if (err === 'eof') return { error: `unexpected EOF: ${b}` };
    if (err === 'command') return { error: `(line ${line}): ${INVALID_COMMAND}` };
    if (next !== curr) {
      if (curr === 'name') {
        if (!COMMANDS.includes(b.toLowerCase()))
          return { error: `(line ${line}): ${INVALID_COMMAND}` };
        const s = b.toLowerCase();
        if (s === 'from') name = 'model';
        else if (s === 'parameter') next = 'parameter';
        else {
          if (s === 'message') next = 'message';
          name = s;
        }
      } else if (curr === 'parameter') {
        name = b;
      } else if (curr === 'message') {
        if (!['system', 'user', 'assistant'].includes(b))
          return { error: `(line ${line}): ${INVALID_ROLE}` };
        role = b;
      } else if (curr === 'value') {
        const [s, ok] = unquote(trimSpace(b));
        if (!ok || isSpace(r)) {
          b += r;
          continue;
        }
        commands.push({ name, args: role ? `${role}: ${s}` : s });
        role = '';
      }
      b = '';
      curr = next;
    }
    if (r !== '' && isPrint(r.codePointAt(0) ?? 0)) b += r;
  }
  if (curr === 'value') {
    const [s, ok] = unquote(trimSpace(b));
    if (!ok) return { error: 'unexpected EOF' };
    commands.push({ name, args: role ? `${role}: ${s}` : s });
  } else if (curr !== 'nil' && curr !== 'comment') {
    return { error: 'unexpected EOF' };
  }
  if (!commands.some((c) => c.name === 'model')) return { error: 'no FROM line' };
  return { commands };
}
