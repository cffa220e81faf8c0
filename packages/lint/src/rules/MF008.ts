import type { CommandNode } from '@mfc/modelfile';
import { deleteCommandFix } from '../fix-edits.js';
import { defineRule } from '../rule.js';

/** Instructions where Ollama keeps only the last occurrence. */
const LAST_WINS = new Set(['template', 'system', 'adapter', 'renderer', 'parser', 'requires']);

/** TEMPLATE, SYSTEM, ADAPTER, RENDERER, PARSER, REQUIRES or a (non-stop) PARAMETER given twice: only the last counts. */
export default defineRule({
  meta: {
    id: 'MF008',
    name: 'duplicate-instruction',
    severity: 'warning',
    description:
      'An instruction given more than once where Ollama silently keeps only the last one.',
    docs: 'docs/rules/MF008.md',
    messages: {
      instruction:
        '{keyword} is given again on line {line}; Ollama ignores this one and keeps the last',
      parameter:
        'PARAMETER {name} is set again on line {line}; Ollama ignores this value and keeps the last',
    },
  },
  create(context) {
    const groups = new Map<string, CommandNode[]>();
    for (const cmd of context.ast.commands) {
      let key: string | undefined;
      if (LAST_WINS.has(cmd.instruction)) key = cmd.instruction;
      // `stop` accumulates; every other parameter is last-wins (names are case-sensitive).
      else if (cmd.instruction === 'parameter' && cmd.parameter.text !== 'stop')
        key = `parameter:${cmd.parameter.text}`;
      if (key === undefined) continue;
      const list = groups.get(key) ?? [];
      list.push(cmd);
      groups.set(key, list);
    }
    for (const list of groups.values()) {
      const last = list[list.length - 1];
      for (const cmd of list.slice(0, -1)) {
        const line = last.range.start.line;
        // Only an exact duplicate is removed for you: a different earlier value may be the one meant.
        const fix =
          cmd.value.value === last.value.value
            ? deleteCommandFix(context.source, cmd, `Remove this duplicate of line ${line}`)
            : undefined;
        if (cmd.instruction === 'parameter') {
          context.report({
            messageId: 'parameter',
            data: { name: cmd.parameter.text, line },
            range: cmd.keyword.range,
            fix,
          });
        } else {
          context.report({
            messageId: 'instruction',
            data: { keyword: cmd.instruction.toUpperCase(), line },
            range: cmd.keyword.range,
            fix,
          });
        }
      }
    }
  },
});
