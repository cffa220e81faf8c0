import { displayPath, type Formatter } from './common.js';

// GitHub workflow commands: data escapes %, CR, LF; property values also `:` and `,`.
const escapeData = (s: string) =>
  s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const LEVEL = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** GitHub Actions annotations: `::error file=…,line=…,col=…,title=MF003::message`, one per finding. */
export const github: Formatter = (results, options) => {
  const lines: string[] = [];
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
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
