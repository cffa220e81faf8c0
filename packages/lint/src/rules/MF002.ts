import { defineRule } from '../rule.js';

/** A Modelfile without FROM: Ollama's `no FROM line`. */
export default defineRule({
  meta: {
    id: 'MF002',
    name: 'missing-from',
    severity: 'error',
    description: 'The Modelfile has no FROM instruction, so Ollama rejects it with `no FROM line`.',
    docs: 'docs/rules/MF002.md',
    messages: {
      missing: 'no FROM line: the Modelfile must name its base model or weights with FROM',
    },
  },
  create(context) {
    for (const error of context.parse.errors) {
      if (error.code !== 'MODELFILE_NO_FROM') continue;
      context.report({
        messageId: 'missing',
        range: error.range,
        hint: 'add a line such as `FROM llama3.2` or `FROM ./model.gguf`',
      });
    }
  },
});
