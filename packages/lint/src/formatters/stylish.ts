import { LineIndex, plainStyle, renderDiagnostic } from '@mfc/diagnostics';
import { displayPath, totals, type Formatter } from './common.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Human output: each finding as `file:line:col: severity message [MF0xx]`
 * (clickable in editors and terminals), its code frame and hint, then a
 * summary line, and (as ESLint does) how many of them `--fix` would fix.
 * Nothing at all when there are no findings.
 */
export const stylish: Formatter = (results, options) => {
  const style = options.style ?? plainStyle;
  const blocks: string[] = [];
  for (const result of results) {
    if (result.findings.length === 0) continue;
    const index = new LineIndex(result.source);
    const file = displayPath(result.file, options.cwd);
    for (const f of result.findings) {
      blocks.push(renderDiagnostic({ ...f, file }, { source: index, style }));
    }
  }
  if (blocks.length === 0) return '';
  const { errors, warnings, infos } = totals(results);
  const count = errors + warnings + infos;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos > 0) parts.push(plural(infos, 'note'));
  const summary = `${errors > 0 ? '✖' : '⚠'} ${plural(count, 'problem')} (${parts.join(', ')})`;
  const colour = errors > 0 ? style.red : warnings > 0 ? style.yellow : style.cyan;
  const fixable = results.reduce((n, r) => n + r.fixableCount, 0);
  const fixLine =
    fixable > 0
      ? `  ${fixable} of them ${fixable === 1 ? 'is' : 'are'} fixable with \`mfc lint --fix\`\n`
      : '';
  return `${blocks.join('\n\n')}\n\n${style.bold(colour(summary))}\n${fixLine}`;
};
