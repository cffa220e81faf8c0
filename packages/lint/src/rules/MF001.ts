import { closest } from '@mfc/diagnostics';
import { INSTRUCTIONS } from '@mfc/modelfile';
import { replaceFix } from '../fix-edits.js';
import { defineRule } from '../rule.js';

/** MESSAGE roles, which Ollama matches case-sensitively. */
const ROLES = ['system', 'user', 'assistant'];

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
    const text = context.source.text;
    for (const error of context.parse.errors) {
      if (error.code === 'MODELFILE_NO_FROM') continue;
      // A misspelt instruction followed by its value (`SYTEM hi`), or a role in the wrong
      // case (`MESSAGE User hi`): the did-you-mean is a fix.
      let fix;
      const { start, end } = error.range;
      const name = text.slice(start.offset, end.offset);
      const blankAfter = /^[ \t]/.test(text.slice(end.offset, end.offset + 1));
      if (error.code === 'MODELFILE_INVALID_COMMAND' && blankAfter && /^[A-Za-z]+$/.test(name)) {
        const suggestion = closest(name, INSTRUCTIONS);
        // Keywords are case-insensitive: keep a lower-case file lower-case.
        const keyword = name === name.toLowerCase() ? suggestion : suggestion?.toUpperCase();
        if (keyword) fix = replaceFix(`Replace '${name}' with '${keyword}'`, error.range, keyword);
      } else if (error.code === 'MODELFILE_INVALID_ROLE' && blankAfter) {
        const role = ROLES.find((r) => r === name.toLowerCase());
        if (role) fix = replaceFix(`Replace '${name}' with '${role}'`, error.range, role);
      }
      context.report({
        messageId: 'syntax',
        data: { message: error.message },
        range: error.range,
        hint: error.hint,
        fix,
      });
    }
  },
});
