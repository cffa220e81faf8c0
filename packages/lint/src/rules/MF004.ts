import { convertParameter, parameterType } from '@mfc/modelfile';
import { defineRule } from '../rule.js';

const EXAMPLES: Record<string, string> = {
  int: 'a whole number such as 4096',
  float: 'a number such as 0.7',
  bool: 'true or false',
};

/** PARAMETER values Ollama cannot convert to the parameter's type, with Ollama's texts. */
export default defineRule({
  meta: {
    id: 'MF004',
    name: 'invalid-parameter-value',
    severity: 'error',
    description: 'A PARAMETER value of the wrong type (`invalid float value [x]` and its family).',
    docs: 'docs/rules/MF004.md',
    messages: {
      invalid: '{message}',
      nonFinite:
        '{name} is {value}: Ollama parses it but then fails to send the request (json: unsupported value)',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'parameter') continue;
      const name = cmd.parameter.text;
      const value = cmd.value.value;
      const conversion = convertParameter(name, value);
      if (!conversion.ok && conversion.code === 'MODELFILE_INVALID_PARAMETER_VALUE') {
        const type = parameterType(name) ?? '';
        context.report({
          messageId: 'invalid',
          data: { message: conversion.message },
          range: cmd.value.range,
          hint: `${name} takes ${EXAMPLES[type] ?? `a ${type} value`}`,
        });
      } else if (conversion.ok && 'value' in conversion && typeof conversion.value === 'number') {
        if (!Number.isFinite(conversion.value)) {
          context.report({ messageId: 'nonFinite', data: { name, value }, range: cmd.value.range });
        }
      }
    }
  },
});
