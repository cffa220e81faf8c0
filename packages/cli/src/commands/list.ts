import { UsageError, formatBytes } from '@mfc/diagnostics';
import { Store, displayShortest } from '@mfc/store';
import { defineCommand, flag } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

/** `ollama list`'s "modified" column: `About a minute ago`, `3 hours ago`, `2 weeks ago`. */
export function humanSince(then: Date, now: Date = new Date()): string {
  const s = Math.max(0, (now.getTime() - then.getTime()) / 1000);
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'} ago`;
  if (s < 1) return 'Less than a second ago';
  if (s < 60) return unit(Math.floor(s), 'second');
  if (s < 120) return 'About a minute ago';
  if (s < 3600) return unit(Math.floor(s / 60), 'minute');
  if (s < 7200) return 'About an hour ago';
  if (s < 86400 * 2) return unit(Math.floor(s / 3600), 'hour');
  if (s < 86400 * 14) return unit(Math.floor(s / 86400), 'day');
  if (s < 86400 * 60) return unit(Math.floor(s / 86400 / 7), 'week');
  if (s < 86400 * 365 * 2) return unit(Math.floor(s / 86400 / 30), 'month');
  return unit(Math.floor(s / 86400 / 365), 'year');
}

export default defineCommand({
  name: 'list',
  summary: 'List the models in the store (like `ollama list`)',
  usage: 'mfc list [--models DIR] [--json]',
  description:
    'NAME, ID (first 12 hex digits of the manifest’s SHA-256), SIZE and MODIFIED, newest first.',
  examples: ['mfc list', 'mfc list --models /tmp/models --json'],
  options: {
    models: modelsOption,
    json: { type: 'boolean', description: 'Print the models as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    const store = new Store(modelsDirOf(ctx));
    const models = await store.list((name, err) =>
      ctx.terminal.err(
        `${ctx.terminal.errStyle.yellow('warning')}: skipping ${displayShortest(name)}: ${(err as Error).message}\n`,
      ),
    );
    models.sort((a, b) => b.modified.getTime() - a.modified.getTime());
    if (flag(ctx, 'json')) {
      ctx.terminal.out(
        JSON.stringify(
          models.map((m) => ({
            name: m.shortName,
            id: m.digest.slice(7, 19),
            digest: m.digest,
            size: m.size,
            modified: m.modified.toISOString(),
          })),
          null,
          2,
        ) + '\n',
      );
      return 0;
    }
    const rows = [
      ['NAME', 'ID', 'SIZE', 'MODIFIED'],
      ...models.map((m) => [
        m.shortName,
        m.digest.slice(7, 19),
        formatBytes(m.size),
        humanSince(m.modified),
      ]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows)
      ctx.terminal.out(
        r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 4))).join('') + '\n',
      );
    return 0;
  },
});
