import { renderDiagnostic } from '@mfc/diagnostics';
import type { BuildWarning } from '@mfc/builder';
import type { CommandContext } from '../command.js';

/**
 * One coded build warning on stderr: as lint prints its findings when it is at a
 * Modelfile line (`file:line:col: warning … [code]`), else `warning: … [code]`;
 * with `--json`, one `warning` event with code, severity, location and hint.
 */
export function printBuildWarning(ctx: CommandContext, w: BuildWarning, json: boolean): void {
  const errStyle = ctx.terminal.errStyle;
  if (json) {
    ctx.terminal.err(
      JSON.stringify({
        event: 'warning',
        code: w.code,
        severity: 'warning',
        message: w.message,
        ...(w.location ? { location: w.location } : {}),
        ...(w.hint ? { hint: w.hint } : {}),
      }) + '\n',
    );
  } else if (w.location?.range) {
    const d = { ...w.location, code: w.code, severity: 'warning' as const, message: w.message };
    ctx.terminal.err(renderDiagnostic({ ...d, hint: w.hint }, { style: errStyle }) + '\n');
  } else
    ctx.terminal.err(
      `${errStyle.yellow('warning')}: ${w.message} ${errStyle.dim(`[${w.code}]`)}\n`,
    );
}
