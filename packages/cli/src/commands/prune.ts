import { UsageError, formatBytes } from '@mfc/diagnostics';
import { Store } from '@mfc/store';
import { defineCommand, flag } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

export default defineCommand({
  name: 'prune',
  summary:
    'Delete blobs that no manifest references, leftovers of killed builds and interrupted pulls',
  usage: 'mfc prune [--dry-run] [--models DIR]',
  description: 'Refuses to run while an mfc build holds a lock on the store.',
  examples: ['mfc prune --dry-run', 'mfc prune --models /tmp/models --json'],
  options: {
    models: modelsOption,
    'dry-run': { type: 'boolean', description: 'Only list what would be deleted' },
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    const dryRun = flag(ctx, 'dry-run');
    const store = new Store(modelsDirOf(ctx));
    const r = await store.prune({ dryRun });
    if (flag(ctx, 'json')) {
      ctx.terminal.out(JSON.stringify({ dryRun, ...r }, null, 2) + '\n');
      return 0;
    }
    for (const b of r.removed)
      ctx.terminal.out(
        `${dryRun ? 'would delete' : 'deleted'} ${b.digest} (${formatBytes(b.size)})\n`,
      );
    for (const d of r.downloads)
      ctx.terminal.out(
        `${dryRun ? 'would delete' : 'deleted'} interrupted download ${d.name.replace('-', ':')} (${formatBytes(d.size)})\n`,
      );
    for (const p of r.partials)
      ctx.terminal.out(`${dryRun ? 'would delete' : 'deleted'} leftover .mfc/tmp/${p}\n`);
    const leftovers =
      r.partials.length > 0
        ? ` and ${r.partials.length} leftover${r.partials.length === 1 ? '' : 's'} of killed builds (${formatBytes(r.partialBytes)})`
        : '';
    ctx.terminal.out(
      `${dryRun ? 'would free' : 'freed'} ${formatBytes(r.bytes)} in ${r.removed.length} blob${r.removed.length === 1 ? '' : 's'}${leftovers}\n`,
    );
    return 0;
  },
});
