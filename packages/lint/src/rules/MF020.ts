import { GgufArray } from '@mfc/gguf';
import { baseModel } from '../local-models.js';
import { defineRule } from '../rule.js';

/** Stop words written like special tokens (`<|eot_id|>`, `</s>`, `[INST]`). */
const SPECIAL_TOKEN = /^(<[^<>\s]+>|\[[A-Za-z_/]+\])$/;

/** A special-token-looking stop word that the local base model's vocabulary does not have. */
export default defineRule({
  meta: {
    id: 'MF020',
    name: 'stop-not-in-vocabulary',
    severity: 'warning',
    description:
      'A stop word written like a special token that is not a token of the local FROM model’s vocabulary.',
    docs: 'docs/rules/MF020.md',
    usesFiles: true,
    messages: {
      missing: 'stop word "{stop}" is not a token of the vocabulary of {file}',
    },
  },
  async create(context) {
    const stops = context.ast.commands.filter(
      (c) =>
        c.instruction === 'parameter' &&
        c.parameter.text === 'stop' &&
        SPECIAL_TOKEN.test(c.value.value),
    );
    if (stops.length === 0) return;
    const base = await baseModel(context);
    const tokens = base?.gguf.get('tokenizer.ggml.tokens');
    if (!base || !(tokens instanceof GgufArray)) return;
    const vocabulary = new Set(tokens.toArray());
    for (const cmd of stops) {
      if (vocabulary.has(cmd.value.value)) continue;
      context.report({
        messageId: 'missing',
        data: { stop: cmd.value.value, file: base.command.value.value },
        range: cmd.value.range,
        hint: 'the model never emits it as one token; it is probably meant for another model family',
      });
    }
  },
});
