import { resolve } from 'node:path';
import { modelCard } from '@mfc/apps';
import { UsageError, writeFileAtomic } from '@mfc/diagnostics';
import { Store } from '@mfc/store';
import { defineCommand, stringOption } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

export default defineCommand({
  name: 'card',
  summary: 'Write a Hugging Face model card (README.md) for a model in the store',
  usage: 'mfc card NAME [-o README.md]',
  description: [
    'The card has Hugging Face’s YAML front matter (license, base_model, tags,',
    'library_name, pipeline_tag), the architecture, parameter count, quantization and',
    'context length from the GGUF, the system prompt, the parameters, the prompt the',
    'template renders for a short conversation and how to run the model with Ollama,',
    'LM Studio and llama.cpp. Without -o it is printed.',
  ].join('\n'),
  examples: ['mfc card mymodel', 'mfc card mymodel -o README.md'],
  options: {
    models: modelsOption,
    output: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Write the card to FILE',
    },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1)
      throw new UsageError(
        ctx.positionals.length === 0
          ? 'missing model name'
          : `unexpected argument '${ctx.positionals[1]}'`,
        "see 'mfc card --help'",
      );
    const card = await modelCard(new Store(modelsDirOf(ctx)), ctx.positionals[0]);
    const output = stringOption(ctx, 'output');
    if (output === undefined || output === '-') ctx.terminal.out(card);
    else {
      await writeFileAtomic(resolve(ctx.cwd, output), card);
      ctx.terminal.err(`wrote ${output}\n`);
    }
    return 0;
  },
});
