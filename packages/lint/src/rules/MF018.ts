import { checkTemplate } from '@mfc/gotemplate';
import type { CommandNode } from '@mfc/modelfile';
import { KNOWN_EOG_TOKENS, modelEogTokens } from '../eog-tokens.js';
import { baseModel } from '../local-models.js';
import { defineRule } from '../rule.js';

/**
 * Stop words that the Modelfile's own TEMPLATE never produces. A stop that is
 * an end-of-generation token is fine without it (the model emits it, no template
 * writes it): the local FROM GGUF's EOS/EOT/EOM/EOG tokens when it is at hand,
 * else a list of the common families' ones.
 */
export default defineRule({
  meta: {
    id: 'MF018',
    name: 'stop-not-in-template',
    severity: 'warning',
    description: 'A `PARAMETER stop` word that never appears in the Modelfile’s TEMPLATE.',
    docs: 'docs/rules/MF018.md',
    messages: {
      missing: 'stop word "{stop}" never appears in the TEMPLATE (line {line})',
    },
  },
  async create(context) {
    // Ollama uses the last non-empty TEMPLATE; without one the template is inherited and unknown here.
    let template: CommandNode | undefined;
    for (const cmd of context.ast.commands) {
      if (cmd.instruction === 'template' && cmd.value.value !== '') template = cmd;
    }
    if (!template || checkTemplate(template.value.value).error) return;
    const text = template.value.value;
    let eog: ReadonlySet<string> | undefined;
    const endsGeneration = async (stop: string) => {
      if (!eog) {
        const base = await baseModel(context);
        eog = (base && modelEogTokens(base.gguf)) ?? new Set(KNOWN_EOG_TOKENS);
      }
      return eog.has(stop) || eog.has(stop.trim());
    };
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'parameter' || cmd.parameter.text !== 'stop') continue;
      const stop = cmd.value.value;
      if (stop.trim() === '' || text.includes(stop) || text.includes(stop.trim())) continue;
      if (await endsGeneration(stop)) continue;
      context.report({
        messageId: 'missing',
        data: { stop, line: template.range.start.line },
        range: cmd.value.range,
        hint: 'stop words usually end a turn of the chat format the TEMPLATE writes; check for a typo',
      });
    }
  },
});
