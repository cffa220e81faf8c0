import { defineRule } from '../rule.js';

/** MESSAGE conversations that cannot be what the author meant. */
export default defineRule({
  meta: {
    id: 'MF009',
    name: 'message-order',
    severity: 'warning',
    description:
      'MESSAGE roles out of order: a late system message, an assistant first, or the same role twice in a row.',
    docs: 'docs/rules/MF009.md',
    messages: {
      lateSystem: 'a system MESSAGE after the conversation has started (line {line})',
      assistantFirst:
        'the conversation starts with an assistant MESSAGE; the model will see no user turn before it',
      repeated:
        'two {role} MESSAGEs in a row (lines {previous} and {line}); the turns should alternate',
    },
  },
  create(context) {
    let started: number | undefined; // line of the first user/assistant message
    let previous: { role: string; line: number } | undefined;
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'message') continue;
      const role = cmd.role.role;
      const line = cmd.range.start.line;
      if (role === 'system') {
        if (started !== undefined) {
          context.report({
            messageId: 'lateSystem',
            data: { line: started },
            range: cmd.role.range,
          });
        }
      } else {
        if (started === undefined && role === 'assistant') {
          context.report({ messageId: 'assistantFirst', range: cmd.role.range });
        }
        started ??= line;
        if (previous && previous.role === role) {
          context.report({
            messageId: 'repeated',
            data: { role, previous: previous.line, line },
            range: cmd.role.range,
          });
        }
      }
      previous = { role, line };
    }
  },
});
