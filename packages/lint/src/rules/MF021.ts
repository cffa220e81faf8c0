import { baseModel, ggufKind, ggufOf } from '../local-models.js';
import { defineRule } from '../rule.js';

/** A local GGUF ADAPTER that does not fit the local GGUF base model. */
export default defineRule({
  meta: {
    id: 'MF021',
    name: 'adapter-mismatch',
    severity: 'error',
    description:
      'An ADAPTER whose architecture differs from the FROM model’s, or a GGUF ADAPTER that is not an adapter.',
    docs: 'docs/rules/MF021.md',
    usesFiles: true,
    messages: {
      architecture:
        'ADAPTER is for architecture "{adapter}", but the FROM model {file} is "{base}"',
      notAdapter: 'ADAPTER {file} is not a LoRA adapter (general.type is "{kind}")',
    },
  },
  async create(context) {
    const adapters = context.ast.commands.filter((c) => c.instruction === 'adapter');
    if (adapters.length === 0) return;
    const base = await baseModel(context);
    for (const cmd of adapters) {
      const adapter = await ggufOf(context, cmd);
      if (!adapter) continue;
      const kind = ggufKind(adapter.gguf);
      if (kind !== 'adapter') {
        context.report({
          messageId: 'notAdapter',
          data: { file: cmd.value.value, kind: kind || 'missing' },
          range: cmd.value.range,
          hint: 'convert the LoRA with llama.cpp’s convert_lora_to_gguf.py',
        });
        continue;
      }
      const a = adapter.gguf.architecture;
      const b = base?.gguf.architecture;
      if (!base || !a || !b || a === b) continue;
      context.report({
        messageId: 'architecture',
        data: { adapter: a, base: b, file: base.command.value.value },
        range: cmd.value.range,
        hint: 'a LoRA adapter only works with the model family it was trained on',
      });
    }
  },
});
