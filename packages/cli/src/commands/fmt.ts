import { resolve } from 'node:path';
import { renderDiagnostic, UsageError, writeFileAtomic } from '@mfc/diagnostics';
import { encodeModelfile, format, parseErrorToDiagnostic, parseModelfile } from '@mfc/modelfile';
import { defineCommand, flag } from '../command.js';
import { readBytesArg } from '../stdin.js';

export default defineCommand({
  name: 'fmt',
  summary: 'Format Modelfiles canonically (Ollama’s own layout, comments kept)',
  usage: 'mfc fmt [--check | --write] FILE…',
  description: [
    "Rewrites Modelfiles in the layout of Ollama's `Modelfile.String()` (upper-case keywords, one",
    'command per line, quotes only where needed) while keeping comments and blank-line groups.',
    "Where Ollama's own output would change a value (leading spaces in FROM, values containing",
    '`"""`, edge tabs, empty values), mfc picks a quoting that keeps it. The result always parses',
    "to the same commands, and formatting it again changes nothing. Line ends keep the file's style",
    '(CRLF stays CRLF); line breaks inside values are kept as they are, since Ollama stores them.',
    'Without flags the formatted text goes to standard output. FILE `-` reads standard input.',
    'Files with syntax errors are reported and left alone (exit code 1).',
  ].join('\n'),
  examples: [
    'mfc fmt Modelfile',
    'mfc fmt --write Modelfile models/*/Modelfile',
    'mfc fmt --check Modelfile   # in CI',
  ],
  options: {
    check: {
      type: 'boolean',
      description: 'Change nothing; exit 1 and list the files that are not formatted',
    },
    write: { type: 'boolean', description: 'Rewrite the files in place' },
  },
  async run(ctx) {
    const check = flag(ctx, 'check');
    const write = flag(ctx, 'write');
    if (check && write) throw new UsageError('--check and --write cannot be used together');
    if (ctx.positionals.length === 0)
      throw new UsageError(
        'no Modelfile given',
        "usage: mfc fmt [--check | --write] FILE… ('-' reads standard input)",
      );
    if (write && ctx.positionals.includes('-'))
      throw new UsageError(
        '--write cannot write to standard input',
        'drop --write to print the result',
      );
    let failed = false;
    for (const arg of ctx.positionals) {
      const path = resolve(ctx.cwd, arg);
      const bytes = await readBytesArg(ctx.cwd, ctx.terminal.stdin, arg);
      const result = parseModelfile(bytes, { file: arg });
      const blocking = result.errors.filter((e) => e.code !== 'MODELFILE_NO_FROM');
      if (blocking.length > 0) {
        failed = true;
        for (const e of blocking) {
          ctx.terminal.err(
            renderDiagnostic(parseErrorToDiagnostic(e), {
              source: result.source,
              style: ctx.terminal.errStyle,
            }) + '\n',
          );
        }
        continue;
      }
      const formatted = format(result);
      const changed = formatted !== result.source.text;
      if (check) {
        if (changed) {
          failed = true;
          ctx.terminal.out(`${arg}: not formatted\n`);
        }
      } else if (write) {
        if (changed) {
          // A reader sees the old file or the new one, never half; the file keeps its mode.
          await writeFileAtomic(path, encodeModelfile(formatted, result.ast), { keepMode: true });
          ctx.terminal.out(`${arg}: formatted\n`);
        }
      } else {
        ctx.terminal.out(formatted);
      }
    }
    return failed ? 1 : 0;
  },
});
