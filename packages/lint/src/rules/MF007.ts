import { convertParameter } from '@mfc/modelfile';
import { defineRule } from '../rule.js';

/** Sensible bounds (inclusive) per parameter, and what the value means. */
interface Bounds {
  min?: number;
  max?: number;
  why: string;
}

const BOUNDS: Record<string, Bounds> = {
  temperature: { min: 0, why: 'a temperature below 0 has no meaning; 0 is greedy sampling' },
  top_p: { min: 0, max: 1, why: 'top_p is a probability mass between 0 and 1' },
  min_p: { min: 0, max: 1, why: 'min_p is a probability between 0 and 1' },
  typical_p: { min: 0, max: 1, why: 'typical_p is a probability between 0 and 1 (1 turns it off)' },
  top_k: { min: 0, why: 'top_k counts tokens (0 turns it off)' },
  repeat_penalty: { min: 0, why: 'repeat_penalty is a factor (1 turns it off)' },
  presence_penalty: { min: -2, max: 2, why: 'presence_penalty is meant to lie between -2 and 2' },
  frequency_penalty: { min: -2, max: 2, why: 'frequency_penalty is meant to lie between -2 and 2' },
  repeat_last_n: {
    min: -1,
    why: 'repeat_last_n counts tokens (-1 means the whole context, 0 turns it off)',
  },
  num_ctx: { min: 1, why: 'num_ctx is the context size in tokens' },
  num_batch: { min: 1, why: 'num_batch is a number of tokens' },
  num_predict: {
    min: -2,
    why: 'num_predict counts tokens (-1 means no limit, -2 fills the context)',
  },
  num_keep: { min: -1, why: 'num_keep counts tokens (-1 keeps the whole prompt)' },
  num_thread: { min: 0, why: 'num_thread counts threads (0 lets the runtime decide)' },
  num_gpu: {
    min: -1,
    why: 'num_gpu counts layers offloaded to the GPU (-1 lets the runtime decide)',
  },
  main_gpu: { min: 0, why: 'main_gpu is a GPU index' },
  draft_num_predict: { min: 0, why: 'draft_num_predict counts tokens' },
};

/** Values Ollama accepts but that cannot mean what the author wants (negative temperature, top_p above 1, …). */
export default defineRule({
  meta: {
    id: 'MF007',
    name: 'parameter-out-of-range',
    severity: 'warning',
    description: 'A PARAMETER value outside the range that makes sense for it.',
    docs: 'docs/rules/MF007.md',
    messages: {
      belowMin: '{name} {value} is below {min}',
      aboveMax: '{name} {value} is above {max}',
    },
  },
  create(context) {
    for (const cmd of context.ast.commands) {
      if (cmd.instruction !== 'parameter') continue;
      const name = cmd.parameter.text;
      const bounds = Object.hasOwn(BOUNDS, name) ? BOUNDS[name] : undefined;
      if (!bounds) continue;
      const conversion = convertParameter(name, cmd.value.value);
      if (!conversion.ok || !('value' in conversion) || typeof conversion.value !== 'number')
        continue;
      const n = conversion.value;
      if (!Number.isFinite(n)) continue; // MF004's case
      const value = cmd.value.value;
      if (bounds.min !== undefined && n < bounds.min) {
        context.report({
          messageId: 'belowMin',
          data: { name, value, min: bounds.min },
          range: cmd.value.range,
          hint: bounds.why,
        });
      } else if (bounds.max !== undefined && n > bounds.max) {
        context.report({
          messageId: 'aboveMax',
          data: { name, value, max: bounds.max },
          range: cmd.value.range,
          hint: bounds.why,
        });
      }
    }
  },
});
