import { UsageError } from '@mfc/diagnostics';
import { registryHost, removeLogin } from '@mfc/registry';
import { defineCommand } from '../command.js';

export default defineCommand({
  name: 'logout',
  summary: 'Remove stored credentials for a registry (like docker logout)',
  usage: 'mfc logout HOST',
  description: 'Removes the entry from docker’s config.json (and from its credential helper).',
  examples: ['mfc logout ghcr.io'],
  options: {},
  async run(ctx) {
    const [hostText, ...extra] = ctx.positionals;
    if (!hostText || extra.length)
      throw new UsageError('expected one registry host', 'for example: mfc logout ghcr.io');
    const host = registryHost(hostText);
    const r = await removeLogin(host, ctx.env);
    ctx.terminal.out(
      r.removed ? `Removing login credentials for ${host}\n` : `Not logged in to ${host}\n`,
    );
    return 0;
  },
});
