import { defineRule } from '../rule.js';
import { expandPath, looksLikePath, pathExists } from '../paths.js';

/** FROM/ADAPTER/DRAFT files that are not there. */
export default defineRule({
  meta: {
    id: 'MF011',
    name: 'path-not-found',
    severity: 'error',
    description:
      "A FROM, ADAPTER or DRAFT path that does not exist (relative to the Modelfile's folder).",
    docs: 'docs/rules/MF011.md',
    usesFiles: true,
    messages: {
      from: 'FROM path {path} does not exist; Ollama will take "{value}" as a model name and fail to pull it',
      file: '{keyword} path {path} does not exist',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      const { instruction } = cmd;
      if (instruction !== 'from' && instruction !== 'adapter' && instruction !== 'draft') continue;
      const value = cmd.value.value;
      if (value === '') continue;
      // ADAPTER and DRAFT are always read as paths by Ollama; FROM only when the path exists.
      if (instruction === 'from' && !looksLikePath(value)) continue;
      const path = expandPath(value, context.baseDir);
      if (path === undefined || pathExists(path)) continue;
      const hint = `paths are relative to the Modelfile's folder (${context.baseDir})`;
      if (instruction === 'from') {
        context.report({ messageId: 'from', data: { path, value }, range: cmd.value.range, hint });
      } else {
        context.report({
          messageId: 'file',
          data: { keyword: instruction.toUpperCase(), path },
          range: cmd.value.range,
          hint,
        });
      }
    }
  },
});
