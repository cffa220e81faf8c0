import { isMfcError, renderDiagnostic, UsageError } from '@mfc/diagnostics';
import { parseErrorToDiagnostic, parseModelfile, type ParseResult } from '@mfc/modelfile';
import { defineCommand, flag, type CommandContext } from '../command.js';
import { readBytesArg } from '../stdin.js';

/** Reads FILE (or stdin for `-`); a read failure is reported like a parse error of that file. */
async function readInput(ctx: CommandContext, arg: string): Promise<Uint8Array | Error> {
  try {
    return await readBytesArg(ctx.cwd, ctx.terminal.stdin, arg);
  } catch (err) {
    if (isMfcError(err)) return new Error(err.message);
    throw err;
  }
}

function jsonLine(file: string, result: ParseResult | Error): string {
  if (result instanceof Error)
    return JSON.stringify({ file, error: { code: 'FILE_READ', message: result.message } });
  const first = result.errors[0];
  if (!first) return JSON.stringify({ file, commands: result.commands });
  return JSON.stringify({
    file,
    error: {
      code: first.code,
      message: first.message,
      line: first.range.start.line,
      column: first.range.start.column,
      ollamaMessage: first.ollamaMessage,
      hint: first.hint,
    },
    errors: result.errors.map((e) => ({
      code: e.code,
      message: e.message,
      line: e.range.start.line,
      column: e.range.start.column,
    })),
  });
}

export default defineCommand({
  name: 'parse',
  summary: 'Print the commands Ollama reads from Modelfiles (or their syntax errors)',
  usage: 'mfc parse [--json] FILE…',
  description: [
    'Parses each Modelfile exactly as `ollama create` does and prints the commands Ollama gets',
    '(FROM becomes `model`, MESSAGE becomes `role: content`, PARAMETER keeps its name).',
    "Syntax errors carry Ollama's message plus the true line and column; all errors of a file are shown.",
    'With --json, prints one JSON object per file per line:',
    '  {"file": …, "commands": [{"name": …, "args": …}]}  or  {"file": …, "error": {"message": …, "line": …, "column": …}, …}',
    'FILE `-` reads standard input. Exit code 1 when any file has an error.',
  ].join('\n'),
  examples: [
    'mfc parse Modelfile',
    'mfc parse --json models/*/Modelfile',
    'cat Modelfile | mfc parse --json -',
  ],
  options: {
    json: { type: 'boolean', description: 'One JSON object per file per line' },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0)
      throw new UsageError(
        'no Modelfile given',
        "usage: mfc parse [--json] FILE… ('-' reads standard input)",
      );
    const json = flag(ctx, 'json');
    let failed = false;
    for (const arg of ctx.positionals) {
      const input = await readInput(ctx, arg);
      const result = input instanceof Error ? input : parseModelfile(input, { file: arg });
      if (result instanceof Error || result.errors.length > 0) failed = true;
      if (json) {
        ctx.terminal.out(jsonLine(arg, result) + '\n');
        continue;
      }
      if (result instanceof Error) {
        ctx.terminal.err(`${arg}: error ${result.message}\n`);
        continue;
      }
      if (result.errors.length > 0) {
        for (const e of result.errors) {
          ctx.terminal.err(
            renderDiagnostic(parseErrorToDiagnostic(e), {
              source: result.source,
              style: ctx.terminal.errStyle,
            }) + '\n',
          );
        }
        continue;
      }
      if (ctx.positionals.length > 1) ctx.terminal.out(`${ctx.terminal.outStyle.bold(arg)}\n`);
      for (const c of result.commands) ctx.terminal.out(`${c.name} ${JSON.stringify(c.args)}\n`);
    }
    return failed ? 1 : 0;
  },
});
