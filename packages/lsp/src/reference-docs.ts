/** Markdown for hover and completion, from the reference table in @mfc/modelfile. */
import { INSTRUCTION_INFO, PARAMETERS, type Instruction } from '@mfc/modelfile';

export function rangeText(min?: number, max?: number): string | undefined {
  if (min !== undefined && max !== undefined) return `${min} … ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return undefined;
}

/** Hover text of an instruction. */
export function instructionMarkdown(instruction: Instruction): string {
  const info = INSTRUCTION_INFO[instruction];
  return [
    '```modelfile',
    info.syntax,
    '```',
    info.description,
    '',
    `Given more than once: ${info.multiplicity}.`,
  ].join('\n');
}

/** Hover text of a parameter, or undefined for an unknown name. */
export function parameterMarkdown(name: string): string | undefined {
  if (!Object.hasOwn(PARAMETERS, name)) return undefined;
  const p = PARAMETERS[name];
  const lines = [`**${name}** (${p.type})`, '', p.description, '', `Default: \`${p.default}\``];
  const range = rangeText(p.min, p.max);
  if (range) lines.push('', `Range: ${range}${p.rangeNote ? ` — ${p.rangeNote}` : ''}`);
  return lines.join('\n');
}

export const ROLE_DOCS: Record<string, string> = {
  system: 'A system message (joined into `.System` by the template).',
  user: 'A message from the user.',
  assistant: 'An answer of the model.',
};
