import { canonicalPath, expandPath, looksLikePath, pathExists } from '../paths.js';
import { defineRule } from '../rule.js';

/** DRAFT naming the same local path as FROM (Ollama refuses it). */
export default defineRule({
  meta: {
    id: 'MF012',
    name: 'draft-same-as-from',
    severity: 'error',
    description: 'DRAFT refers to the same local path as FROM; a model cannot be its own draft.',
    docs: 'docs/rules/MF012.md',
    usesFiles: true,
    messages: {
      same: 'DRAFT must not reference the same local path as FROM: {path}',
    },
  },
  create(context) {
    const local = (value: string) => {
      const path = value === '' ? undefined : expandPath(value, context.baseDir);
      if (path === undefined) return undefined;
      return pathExists(path) || looksLikePath(value) ? canonicalPath(path) : undefined;
    };
    const froms = context.ast.commands
      .filter((c) => c.instruction === 'from')
      .map((c) => local(c.value.value))
      .filter((p): p is string => p !== undefined);
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'draft') continue;
      const path = local(cmd.value.value);
      if (path === undefined || !froms.includes(path)) continue;
      context.report({
        messageId: 'same',
        data: { path },
        range: cmd.value.range,
        hint: 'DRAFT needs a smaller model of the same family for speculative decoding',
      });
    }
  },
});
