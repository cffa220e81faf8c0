import { checkTemplate } from '@mfc/gotemplate';
import { defineRule } from '../rule.js';

/** A TEMPLATE into which the user's input never goes. */
export default defineRule({
  meta: {
    id: 'MF017',
    name: 'template-without-input',
    severity: 'warning',
    description:
      'A TEMPLATE that uses neither `.Prompt` nor `.Messages`, so the user’s input never reaches the model.',
    docs: 'docs/rules/MF017.md',
    messages: {
      noInput:
        'TEMPLATE uses neither .Prompt nor .Messages: the user’s input never reaches the model',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'template' || cmd.value.value === '') continue;
      const { error, vars } = checkTemplate(cmd.value.value);
      if (error || vars.includes('prompt') || vars.includes('messages')) continue;
      context.report({
        messageId: 'noInput',
        range: cmd.keyword.range,
        hint: 'insert {{ .Prompt }}, or loop over {{ range .Messages }} for chat models',
      });
    }
  },
});
