import { PARAMETER_TYPES, convertParameter } from '@mfc/modelfile';
import { isRemovedParameter } from '../removed-parameters.js';
import { defineRule } from '../rule.js';
import { closest } from '@mfc/diagnostics';
import { replaceFix } from '../fix-edits.js';

/** PARAMETER names Ollama does not know (removed ones are MF006). */
export default defineRule({
  meta: {
    id: 'MF003',
    name: 'unknown-parameter',
    severity: 'error',
    description:
      'A PARAMETER name that Ollama does not know; `ollama create` fails with `unknown parameter`.',
    docs: 'docs/rules/MF003.md',
    messages: {
      unknown: "unknown parameter '{name}'",
      suggest: "unknown parameter '{name}'; did you mean '{suggestion}'?",
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'parameter') continue;
      const name = cmd.parameter.text;
      if (isRemovedParameter(name)) continue;
      const conversion = convertParameter(name, cmd.value.value);
      if (conversion.ok || conversion.code !== 'MODELFILE_UNKNOWN_PARAMETER') continue;
      const suggestion = name === '' ? undefined : closest(name, Object.keys(PARAMETER_TYPES));
      const range = name === '' ? cmd.keyword.range : cmd.parameter.range;
      if (suggestion) {
        context.report({
          messageId: 'suggest',
          data: { name, suggestion },
          range,
          hint:
            name.toLowerCase() === suggestion ? 'parameter names are case-sensitive' : undefined,
          fix: replaceFix(`Replace '${name}' with '${suggestion}'`, range, suggestion),
        });
      } else {
        context.report({
          messageId: 'unknown',
          data: { name },
          range,
          hint:
            name === ''
              ? 'there are two blanks after PARAMETER, so the name is empty'
              : 'valid names are listed in docs/rules/MF003.md',
        });
      }
    }
  },
});
