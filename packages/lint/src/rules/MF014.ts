import type { CommandNode } from '@mfc/modelfile';
import type { RuleContext } from '../rule.js';
import { defineRule } from '../rule.js';

type Messages = 'notClosing' | 'looksLikeTwo' | 'singleQuotes' | 'backslash';

/** In a quoted value: a quote inside the first line that is followed by more text. */
function checkInnerQuotes(cmd: CommandNode, context: RuleContext<Messages>): void {
  const v = cmd.value;
  if (v.quote === 'none' || !v.openQuote || !v.closeQuote) return;
  const q = v.quote === 'triple' ? '"""' : '"';
  const text = context.source.text;
  const start = v.contentRange.start.offset;
  const content = text.slice(start, v.contentRange.end.offset);
  const spansLines = v.closeQuote.start.line > v.openQuote.start.line;
  const firstLineEnd = content.search(/[\r\n]/);
  const firstLine = firstLineEnd < 0 ? content : content.slice(0, firstLineEnd);
  if (spansLines) {
    // `SYSTEM "a" b` does not end at `"a"`: the value runs on until a line ends with a quote.
    // Only the first quote of the line counts, and only when blanks and more text follow it
    // (so `"Say "hi" to me` … with literal inner quotes is left alone).
    const at = firstLine.indexOf(q);
    if (at >= 0 && /^[ \t]+\S/.test(firstLine.slice(at + q.length))) {
      context.report({
        messageId: 'notClosing',
        data: { line: v.closeQuote.start.line },
        range: context.source.rangeOf(start + at, start + at + q.length),
        hint: 'Ollama only ends a quoted value at a quote that ends a line; no escapes exist',
      });
      return;
    }
  }
  // `"a" "b"` on one line is one value: `a" "b`.
  const two = new RegExp(`${q}[ \\t]+${q}`).exec(firstLine);
  if (two) {
    const at = start + two.index;
    context.report({
      messageId: 'looksLikeTwo',
      data: { value: v.value.length > 40 ? `${v.value.slice(0, 40)}…` : v.value },
      range: context.source.rangeOf(at, at + two[0].length),
      hint:
        cmd.instruction === 'parameter' && cmd.parameter.text === 'stop'
          ? 'give each stop word its own PARAMETER stop line'
          : 'a Modelfile value is the rest of the line; write it as one quoted string',
    });
  }
}

/** Values whose quoting does not do what it looks like. */
export default defineRule({
  meta: {
    id: 'MF014',
    name: 'misleading-quotes',
    severity: 'warning',
    description:
      'Quoting that does not do what it looks like (`SYSTEM "a" b`, single quotes, backslash escapes).',
    docs: 'docs/rules/MF014.md',
    messages: {
      notClosing: 'this quote does not end the value: it continues up to line {line}',
      looksLikeTwo: 'this looks like two quoted strings, but Ollama stores one value: {value}',
      singleQuotes:
        'single quotes are not quotes in a Modelfile: they are kept as part of the value',
      backslash: 'backslash escapes are not interpreted: \\" is stored as a backslash and a quote',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      const v = cmd.value;
      checkInnerQuotes(cmd, context);
      if (v.quote === 'none' && /^'.*'$/s.test(v.value) && v.value.length >= 2) {
        context.report({
          messageId: 'singleQuotes',
          range: v.range,
          hint: 'use double quotes, or none: a value is the rest of the line',
        });
      }
      if (v.quote !== 'none' && cmd.instruction !== 'template') {
        const content = context.source.text.slice(
          v.contentRange.start.offset,
          v.contentRange.end.offset,
        );
        const at = content.indexOf('\\"');
        if (at >= 0) {
          const offset = v.contentRange.start.offset + at;
          context.report({
            messageId: 'backslash',
            range: context.source.rangeOf(offset, offset + 2),
            hint: 'write the quote without a backslash; inside """…""" quotes need no escaping',
          });
        }
      }
    }
  },
});
