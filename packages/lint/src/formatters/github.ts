import { displayPath, type Formatter } from './common.js';

// GitHub workflow commands: data escapes %, CR, LF; property values also `:` and `,`.
const escapeData = (s: string) =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/**
 * GitHub Actions annotations: `::error file=…,line=…,col=…,title=MF003::message`, one per
 * finding. When rules that look at files on disk reported something (MF011 on weights that
 * are not checked in, the common case in CI), a last `::notice` says how to lint without them.
 */
export const github: Formatter = (results, options) => {
  const lines: string[] = [];
  const fileRules = new Set(options.rules.filter((r) => r.usesFiles).map((r) => r.id));
  const fileCodes = new Set<string>();
  for (const r of results) {
    const file = escapeProperty(displayPath(r.file, options.cwd));
    for (const f of r.findings) {
      const { start, end } = f.range;
      const props = [
        `file=${file}`,
        `line=${start.line}`,
        `col=${start.column}`,
        `endLine=${end.line}`,
        `endColumn=${end.column}`,
        `title=${escapeProperty(f.code)}`,
      ];
      const message = f.hint ? `${f.message}\n${f.hint}` : f.message;
      lines.push(`::${LEVEL[f.severity]} ${props.join(',')}::${escapeData(message)}`);
      if (fileRules.has(f.code)) fileCodes.add(f.code);
    }
  }
  if (fileCodes.size > 0) {
    const codes = [...fileCodes].sort().join(', ');
    lines.push(
      `::notice title=${escapeProperty('mfc lint --no-files')}::${escapeData(
        `${codes} check files on disk (weights, adapters). Where they are not checked in, ` +
          'run `mfc lint --no-files` or set "files": false in .mfclintrc.json',
      )}`,
    );
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
