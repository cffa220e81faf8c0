/**
 * `mfc push hf.co/USER/REPO NAME…`: the Hugging Face half of `mfc push` (the
 * push command calls runHfPush when the destination is an hf.co/… reference).
 */
import { pushToHf } from '@mfc/apps';
import { UsageError } from '@mfc/diagnostics';
import { isHfReference } from '@mfc/hf';
import { Store } from '@mfc/store';
import { flag, type CommandContext } from '../command.js';
import { modelsDirOf } from '../shared-options.js';

export async function runHfPush(ctx: CommandContext): Promise<number> {
  const [target, ...names] = ctx.positionals;
  if (!target || !isHfReference(target))
    throw new UsageError('expected hf.co/USER/REPO and the model names', "see 'mfc push --help'");
  if (names.length === 0) throw new UsageError('missing model name', `mfc push ${target} NAME…`);
  const r = await pushToHf(new Store(modelsDirOf(ctx)), target, names, { env: ctx.env });
  if (flag(ctx, 'json')) {
    ctx.terminal.out(JSON.stringify(r, null, 2) + '\n');
    return 0;
  }
  ctx.terminal.out(
    `pushed to ${r.hubUrl}/${r.repo}${r.commit ? ` (commit ${r.commit.slice(0, 12)})` : ''}\n`,
  );
  for (const f of r.files) ctx.terminal.out(`  ${f}\n`);
  const quants = Object.keys(r.quants);
  ctx.terminal.out(
    `run it with: ollama run hf.co/${r.repo}${quants.length > 1 ? `:${quants[0]}` : ''}\n`,
  );
  return 0;
}
