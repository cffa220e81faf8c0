import { relative } from 'node:path';
import type { BuildEvent } from '@mfc/builder';
import { allRules, formatters, type LintResult } from '@mfc/lint';
import { formatBytes } from '@mfc/diagnostics';
import type { CommandContext } from '../command.js';
import { printBuildWarning } from './build-warning.js';
import { type Progress } from './progress.js';

/** Lint findings as `mfc lint` prints them (stylish), on the error stream's style. */
export function lintReport(ctx: CommandContext, lint: LintResult): string {
  return formatters.stylish([lint], {
    cwd: ctx.cwd,
    rules: allRules.map((r) => r.meta),
    style: ctx.terminal.errStyle,
  });
}

/**
 * How `mfc build` shows a build's events on stderr: status lines, lint's
 * findings once, coded warnings (at their Modelfile line, as lint prints
 * them), one progress bar per (phase, file), and a line per layer; with
 * `--json`, one JSON event per line instead. `finish` ends an open bar.
 */
export function buildEventPrinter(
  ctx: CommandContext,
  { json, quiet }: { json: boolean; quiet: boolean },
) {
  let bar: Progress | undefined;
  let barFile: string | undefined;
  let barPhase: string | undefined;
  const say = (text: string, code?: string) => {
    if (quiet) return;
    if (json)
      ctx.terminal.err(
        JSON.stringify({ event: 'status', ...(code ? { code } : {}), message: text }) + '\n',
      );
    else ctx.terminal.err(text + '\n');
  };
  const onEvent = (e: BuildEvent) => {
    switch (e.type) {
      case 'status':
        // Copying and linking show as a progress bar instead.
        if (e.code !== 'BUILD_S_COPYING' && e.code !== 'BUILD_S_LINKING') say(e.message, e.code);
        break;
      case 'lint':
        // Shown once, as `mfc lint` shows them (errors stop the build and are printed below).
        if (json) {
          for (const f of e.result.findings)
            ctx.terminal.err(
              JSON.stringify({
                event: 'warning',
                code: f.code,
                severity: f.severity,
                message: f.message,
                location: { file: f.file, range: f.range },
                ...(f.hint ? { hint: f.hint } : {}),
              }) + '\n',
            );
        } else ctx.terminal.err(lintReport(ctx, e.result));
        break;
      case 'warning':
        printBuildWarning(ctx, e, json);
        break;
      case 'progress': {
        // One bar per (phase, file): a new one starts when the build moves on.
        if (!bar || barFile !== e.file || barPhase !== e.phase) {
          bar?.finish();
          barFile = e.file;
          barPhase = e.phase;
          const shown =
            e.label ?? (e.phase === 'downloading' ? e.file : relative(ctx.cwd, e.file) || e.file);
          bar = ctx.progress({
            label: `${e.phase} ${shown}`,
            total: e.total,
            unit: e.unit === 'tensors' ? 'items' : 'bytes',
          });
        }
        bar.update(e.done);
        break;
      }
      case 'layer':
        if (bar && e.file === barFile) {
          bar.finish();
          bar = undefined;
          barFile = undefined;
        }
        if (json)
          ctx.terminal.err(JSON.stringify({ event: 'layer', ...e, type: undefined }) + '\n');
        else if (!quiet && e.action !== 'inherited') {
          const verb =
            e.action === 'existing'
              ? 'using existing layer'
              : e.action === 'linked'
                ? 'linked layer'
                : 'creating new layer';
          ctx.terminal.err(
            `${verb} ${e.digest}${e.mediaType.endsWith('.model') ? ` (${formatBytes(e.size)})` : ''}\n`,
          );
        }
        break;
    }
  };

  return { onEvent, say, finish: () => bar?.finish() };
}
