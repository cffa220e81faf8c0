import { convertParameter } from '@mfc/modelfile';
import { deleteCommandFix } from '../fix-edits.js';
import { defineRule } from '../rule.js';

/** Parameters Ollama still accepts but ignores (`warning: parameter x is deprecated`). */
export default defineRule({
  meta: {
    id: 'MF005',
    name: 'deprecated-parameter',
    severity: 'warning',
    description: 'A deprecated PARAMETER that Ollama accepts but ignores.',
    docs: 'docs/rules/MF005.md',
    messages: {
      deprecated: 'parameter {name} is deprecated: Ollama ignores it',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'parameter') continue;
      const conversion = convertParameter(cmd.parameter.text, cmd.value.value);
      if (conversion.ok && 'deprecated' in conversion) {
        context.report({
          messageId: 'deprecated',
          data: { name: cmd.parameter.text },
          range: cmd.parameter.range,
          hint: 'delete the line; it has no effect',
          fix: deleteCommandFix(
            context.source,
            cmd,
            `Remove the deprecated parameter ${cmd.parameter.text}`,
          ),
        });
      }
    }
  },
});
