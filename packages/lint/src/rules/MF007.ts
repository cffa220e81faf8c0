import { convertParameter, PARAMETERS } from '@mfc/modelfile';
import { defineRule } from '../rule.js';

/** Sensible bounds (inclusive) per parameter, and what the value means: from the reference table. */
interface Bounds {
  min?: number;
  max?: number;
  why: string;
}

const BOUNDS: Record<string, Bounds> = Object.fromEntries(
  Object.entries(PARAMETERS)
    .filter(([, p]) => p.min !== undefined || p.max !== undefined)
    .map(([name, p]) => [name, { min: p.min, max: p.max, why: p.rangeNote ?? '' }]),
);

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
