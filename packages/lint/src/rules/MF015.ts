import { defineRule } from '../rule.js';

/**
 * Problems with `# mfc-disable…` comments. The linter itself reports
 * directives that suppressed nothing (message `unused`/`unusedAll`), after
 * every other rule has run; this module reports the names it does not know.
 */
export default defineRule({
  meta: {
    id: 'MF015',
    name: 'unused-disable',
    severity: 'warning',
    description: 'An `# mfc-disable` comment that names an unknown rule or suppresses nothing.',
    docs: 'docs/rules/MF015.md',
    messages: {
      unknownRule: 'unknown rule "{rule}" in a disable comment',
      unused: 'unused disable comment: {rule} reports nothing here',
      unusedAll: 'unused disable comment: no rule reports anything here',
    },
  },
  create(context) {
    for (const d of context.directives) {
      for (const r of d.rules) {
        if (context.isKnownRule(r.key)) continue;
        context.report({
          messageId: 'unknownRule',
          data: { rule: r.key },
          range: r.range,
          hint: 'rule ids are listed in docs/rules/README.md',
        });
      }
    }
  },
});
