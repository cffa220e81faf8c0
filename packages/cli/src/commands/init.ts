import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { initModelfile } from '@mfc/apps';
import { UsageError, writeFileAtomic } from '@mfc/diagnostics';
import { defineCommand, flag, stringOption } from '../command.js';

export default defineCommand({
  name: 'init',
  summary: 'Write a Modelfile for a GGUF file, a Hugging Face folder or an hf.co/… model',
  usage: 'mfc init [SOURCE] [-o FILE] [--force]',
  description: [
    'SOURCE is a GGUF file, a Hugging Face model folder or an hf.co/USER/REPO[:QUANT]',
    'reference (default: the GGUF file or Hugging Face folder in the current folder).',
    'The Modelfile gets FROM, the TEMPLATE of mfc’s library that renders what the',
    'model’s Jinja chat template renders (or, when none does, the Jinja translated to Go',
    'and verified on sample conversations), stop words from the end-of-turn tokens,',
    'num_ctx within the training context, the LICENSE and a commented parameter block.',
  ].join('\n'),
  examples: [
    'mfc init model.gguf',
    'mfc init ./Qwen2.5-0.5B-Instruct -o Modelfile.qwen',
    'mfc init -o -',
  ],
  options: {
    output: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Where to write (default Modelfile; - for stdout)',
    },
    force: { type: 'boolean', short: 'f', description: 'Overwrite an existing file' },
  },
  async run(ctx) {
    if (ctx.positionals.length > 1)
      throw new UsageError(`unexpected argument '${ctx.positionals[1]}'`, "see 'mfc init --help'");
    const output = stringOption(ctx, 'output') ?? 'Modelfile';
    const outFile = output === '-' ? resolve(ctx.cwd, 'Modelfile') : resolve(ctx.cwd, output);
    if (output !== '-' && existsSync(outFile) && !flag(ctx, 'force'))
      throw new UsageError(`${output} already exists`, 'use --force to overwrite it, or -o FILE');
    const r = await initModelfile(ctx.positionals[0], { cwd: ctx.cwd, outFile, env: ctx.env });
    if (output === '-') {
      ctx.terminal.out(r.text);
      return 0;
    }
    await writeFileAtomic(outFile, r.text);
    ctx.terminal.err(
      `wrote ${output}` +
        (r.templateName
          ? ` (TEMPLATE: mfc's ${r.templateName})`
          : r.templateSource === 'translation'
            ? " (TEMPLATE: translated from the model's Jinja, verified)"
            : ' (no TEMPLATE matched)') +
        '\n',
    );
    return 0;
  },
});
