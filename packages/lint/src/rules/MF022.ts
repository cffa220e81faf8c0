import { stat } from 'node:fs/promises';
import { expandPath, folderHasWeights } from '../paths.js';
import { defineRule } from '../rule.js';

/** A FROM that names a folder (empty FROM and `FROM .` name the Modelfile's own) without weights. */
export default defineRule({
  meta: {
    id: 'MF022',
    name: 'folder-without-weights',
    severity: 'error',
    description:
      'FROM names a folder (an empty FROM or `FROM .`: the Modelfile’s own) that holds no model files.',
    docs: 'docs/rules/MF022.md',
    usesFiles: true,
    messages: {
      empty:
        'FROM is empty, so Ollama reads the Modelfile’s folder {path}, which holds no model files: no Modelfile or safetensors files found',
      folder:
        'FROM {path} is a folder with no model files: Ollama fails with "no Modelfile or safetensors files found"',
    },
  },
  async create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'from') continue;
      const value = cmd.value.value;
      // Ollama's expandPath joins the value with the Modelfile's folder: '' is the folder itself.
      const path = expandPath(value, context.baseDir);
      if (path === undefined) continue;
      try {
        if (!(await stat(path)).isDirectory()) continue;
      } catch {
        continue; // not there: a model name (or MF011's finding)
      }
      if ((await folderHasWeights(path)) !== false) continue;
      const hint =
        'put the .gguf or safetensors files in that folder, or name them (FROM ./model.gguf) or a model (FROM llama3.2)';
      if (value === '') {
        context.report({ messageId: 'empty', data: { path }, range: cmd.keyword.range, hint });
      } else {
        context.report({ messageId: 'folder', data: { path }, range: cmd.value.range, hint });
      }
    }
  },
});
