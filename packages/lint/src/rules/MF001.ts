import { defineRule } from '../rule.js';

/** Every syntax error of the parser, except `no FROM line` (MF002), as a finding. */
export default defineRule({
  meta: {
    id: 'MF001',
    name: 'parse-error',
    severity: 'error',
    description: 'The Modelfile has a syntax error that makes `ollama create` fail.',
    docs: 'docs/rules/MF001.md',
    messages: {
      syntax: '{message}',
    },
  },
  create(context) {
    for (const error of context.parse.errors) {
      if (error.code === 'MODELFILE_NO_FROM') continue;
      context.report({
        messageId: 'syntax',
        data: { message: error.message },
        range: error.range,
        hint: error.hint,
      });
    }
  },
});
