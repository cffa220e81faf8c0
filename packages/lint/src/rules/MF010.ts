import { defineRule } from '../rule.js';
import { isValidRequires } from '../semver.js';

/** REQUIRES values Ollama rejects. */
export default defineRule({
  meta: {
    id: 'MF010',
    name: 'invalid-requires',
    severity: 'error',
    description: 'A REQUIRES version that is not a valid semantic version; `ollama create` fails.',
    docs: 'docs/rules/MF010.md',
    messages: {
      invalid: 'requires must be a valid semver (e.g. 0.14.0), not "{value}"',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'requires' || isValidRequires(cmd.value.value)) continue;
      context.report({
        messageId: 'invalid',
        data: { value: cmd.value.value },
        range: cmd.value.range,
        hint: 'write MAJOR.MINOR.PATCH (a leading v is optional), e.g. REQUIRES 0.14.0',
      });
    }
  },
});
