import { REMOVED_PARAMETERS, isRemovedParameter } from '../removed-parameters.js';
import { defineRule } from '../rule.js';

/** Parameters older Ollama accepted and that now make `ollama create` fail. */
export default defineRule({
  meta: {
    id: 'MF006',
    name: 'removed-parameter',
    severity: 'error',
    description:
      'A PARAMETER that Ollama removed; `ollama create` now fails with `unknown parameter`.',
    docs: 'docs/rules/MF006.md',
    messages: {
      removed:
        "parameter '{name}' was removed from Ollama: `ollama create` fails with unknown parameter '{name}'",
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'parameter' || !isRemovedParameter(cmd.parameter.text)) continue;
      const name = cmd.parameter.text;
      context.report({
        messageId: 'removed',
        data: { name },
        range: cmd.parameter.range,
        hint: REMOVED_PARAMETERS[name],
      });
    }
  },
});
