import { checkTemplate } from '@mfc/gotemplate';
import { defineRule } from '../rule.js';
import { valueToSource } from '../value-offsets.js';

/** TEMPLATE text that Go's text/template (and so Ollama) cannot parse. */
export default defineRule({
  meta: {
    id: 'MF016',
    name: 'template-syntax',
    severity: 'error',
    description:
      'A TEMPLATE that is not a valid Go template; `ollama create` fails with `template error`.',
    docs: 'docs/rules/MF016.md',
    messages: {
      invalid: 'template error: {message}',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'template' || cmd.value.value === '') continue;
      const { error } = checkTemplate(cmd.value.value);
      if (!error) continue;
      const toSource = valueToSource(cmd.value, context.source.text);
      const at = toSource(error.offset);
      const end = Math.min(
        error.endOffset === undefined ? at + 1 : toSource(error.endOffset),
        cmd.value.contentRange.end.offset,
      );
      context.report({
        messageId: 'invalid',
        data: { message: error.goMessage },
        range: context.source.rangeOf(at, Math.max(at, end)),
        hint:
          error.endOffset === undefined
            ? 'the position is where Go’s template parser stopped, inside the TEMPLATE value'
            : 'Ollama needs a data argument: write {{ template "name" . }} to pass the current data',
      });
    }
  },
});
