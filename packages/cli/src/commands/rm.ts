import { UsageError } from '@mfc/diagnostics';
import { Store } from '@mfc/store';
import { defineCommand, flag } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

export default defineCommand({
  name: 'rm',
  summary: 'Remove models (and the blobs no other model uses)',
  usage: 'mfc rm NAME [NAME…]',
  examples: ['mfc rm mymodel', 'mfc rm mymodel:v1 mymodel:v2 --models /tmp/models'],
  options: {
    models: modelsOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0)
      throw new UsageError('missing model name', "see 'mfc rm --help'");
    const store = new Store(modelsDirOf(ctx));
    const results = [];
    for (const name of ctx.positionals) {
      const r = await store.remove(name);
      results.push({ name: r.model.shortName, removedBlobs: r.removedBlobs, deferred: r.deferred });
      if (!flag(ctx, 'json')) {
        ctx.terminal.out(`deleted '${r.model.shortName}'\n`);
        if (r.deferred)
          ctx.terminal.err(
            "note: a build is running; its unused blobs were kept (run 'mfc prune' later)\n",
          );
      }
    }
    if (flag(ctx, 'json')) ctx.terminal.out(JSON.stringify(results, null, 2) + '\n');
    return 0;
  },
});
