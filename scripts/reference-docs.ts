/**
 * Renders docs/reference.md from the one reference table in @mfc/modelfile
 * (instructions and parameters). `pnpm docs:reference` rewrites the file;
 * scripts/test/reference-docs.test.ts fails when it is out of date.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTRUCTION_INFO, PARAMETERS } from '../packages/modelfile/src/index.js';
import { format, resolveConfig } from 'prettier';

const cell = (s: string) => s.replace(/\|/g, '\\|');

function range(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return `${min} … ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return '';
}

/** The text of docs/reference.md. */
export function renderReference(): string {
  const lines = [
    '# Modelfile reference',
    '',
    '<!-- Generated from packages/modelfile/src/reference.ts by `pnpm docs:reference`; do not edit. -->',
    '',
    'The same table feeds the parser (parameter types), the linter (MF003, MF007) and the',
    'language server (hover and completion).',
    '',
    '## Instructions',
    '',
    '| Instruction | Syntax | Given twice | What Ollama does with it |',
    '| --- | --- | --- | --- |',
  ];
  for (const [name, info] of Object.entries(INSTRUCTION_INFO)) {
    lines.push(
      `| \`${name.toUpperCase()}\` | \`${cell(info.syntax)}\` | ${info.multiplicity} | ${cell(info.description)} |`,
    );
  }
  lines.push(
    '',
    '## Parameters',
    '',
    'Names are case-sensitive. Ranges are what MF007 checks; Ollama itself accepts any value of the type.',
    '',
    '| Parameter | Type | Default | Range | What Ollama does with it |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const [name, p] of Object.entries(PARAMETERS)) {
    const note = p.rangeNote ? ` (${p.rangeNote})` : '';
    lines.push(
      `| \`${name}\` | ${p.type} | ${cell(p.default)} | ${range(p.min, p.max)} | ${cell(p.description)}${cell(note)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

export const referencePath = join(import.meta.dirname, '..', 'docs', 'reference.md');

/** The rendered text as prettier (the repository's `pnpm format`) lays it out. */
export async function formattedReference(): Promise<string> {
  const options = (await resolveConfig(referencePath)) ?? {};
  return format(renderReference(), { ...options, filepath: referencePath });
}

if (process.argv.includes('--write')) writeFileSync(referencePath, await formattedReference());
