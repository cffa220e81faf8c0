import { UsageError } from '@mfc/diagnostics';
import { Store, displayShortest } from '@mfc/store';
import { defineCommand, flag } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

export default defineCommand({
  name: 'cp',
  summary: 'Copy a model to a new name (the manifest only; blobs are shared)',
  usage: 'mfc cp SOURCE DESTINATION',
  examples: ['mfc cp mymodel mymodel:backup', 'mfc cp llama3 me/llama3:v1'],
  options: {
    models: modelsOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 2)
      throw new UsageError('expected SOURCE and DESTINATION', "see 'mfc cp --help'");
    const store = new Store(modelsDirOf(ctx));
    const r = await store.copy(ctx.positionals[0], ctx.positionals[1]);
    if (flag(ctx, 'json'))
      ctx.terminal.out(
        JSON.stringify(
          { from: r.from.shortName, to: displayShortest(r.to), digest: r.digest },
          null,
          2,
        ) + '\n',
      );
    else ctx.terminal.out(`copied '${r.from.shortName}' to '${displayShortest(r.to)}'\n`);
    return 0;
  },
});
