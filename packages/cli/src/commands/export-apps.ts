/**
 * `mfc export NAME… --to lmstudio|jan|gpt4all [--dir DIR] [--link]`: the app
 * half of `mfc export` (the command itself, with the OCI archive export, calls
 * runAppExport when --to is given). Options read: to, dir, link, json.
 */
import { resolve } from 'node:path';
import { APP_NAMES, exportToApp, type AppName } from '@mfc/apps';
import { UsageError } from '@mfc/diagnostics';
import { Store } from '@mfc/store';
import { flag, stringOption, type CommandContext, type OptionSpec } from '../command.js';
import { modelsDirOf } from '../shared-options.js';

/** The options runAppExport reads, for the export command's option table. */
export const appExportOptions: Record<string, OptionSpec> = {
  to: {
    type: 'string',
    valueName: 'APP',
    description: `Export for an app: ${APP_NAMES.join(', ')} (GGUF with a Jinja template, in the app's layout)`,
  },
  dir: {
    type: 'string',
    valueName: 'DIR',
    description: "The app's models folder (default: the app's own)",
  },
  link: { type: 'boolean', description: 'Hard-link the GGUF when its bytes do not change' },
};

export async function runAppExport(ctx: CommandContext): Promise<number> {
  const to = stringOption(ctx, 'to');
  if (!to || !(APP_NAMES as readonly string[]).includes(to))
    throw new UsageError(
      to ? `unknown app '${to}'` : 'missing --to',
      `choose one of ${APP_NAMES.join(', ')}`,
    );
  if (ctx.positionals.length === 0)
    throw new UsageError('missing model name', "see 'mfc export --help'");
  const store = new Store(modelsDirOf(ctx));
  const dir = stringOption(ctx, 'dir');
  const results = [];
  for (const name of ctx.positionals) {
    const r = await exportToApp(store, name, {
      to: to as AppName,
      dir: dir === undefined ? undefined : resolveDir(ctx, dir),
      link: flag(ctx, 'link'),
      env: ctx.env,
    });
    results.push({ name, ...r, jinja: undefined });
    if (!flag(ctx, 'json')) {
      ctx.terminal.out(`exported ${name} to ${r.ggufPath}${r.linked ? ' (hard link)' : ''}\n`);
      ctx.terminal.out(
        `  chat template: ${r.template === 'gguf' ? "the GGUF's own Jinja" : r.template === 'translated' ? 'the TEMPLATE translated to Jinja (verified by rendering)' : 'none'}\n`,
      );
      for (const f of r.files) ctx.terminal.out(`  wrote ${f}\n`);
      for (const n of r.notTaken) ctx.terminal.out(`  not taken: ${n}\n`);
    }
  }
  if (flag(ctx, 'json')) ctx.terminal.out(JSON.stringify(results, null, 2) + '\n');
  return 0;
}

function resolveDir(ctx: CommandContext, dir: string): string {
  return resolve(ctx.cwd, dir);
}
