import { parseArgs } from 'node:util';
import {
  InternalError,
  MfcError,
  UsageError,
  isMfcError,
  renderDiagnostic,
} from '@mfc/diagnostics';
import { systemError } from './error-codes.js';
import type { Command, OptionSpec } from './command.js';
import { makeProgressFactory } from './command.js';
import { commands } from './commands/index.js';
import { processTerminal, type Terminal } from './ui/terminal.js';
import { VERSION } from './version.js';

/** Options every command accepts. */
const globalOptions: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'Show help for the command' },
  debug: { type: 'boolean', description: 'Print stack traces for errors' },
  'no-color': { type: 'boolean', description: 'Never use colour' },
  quiet: { type: 'boolean', description: 'No progress output' },
};

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

function topHelp(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(
    ([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`,
  );
  return [
    `mfc ${VERSION} — the Modelfile compiler`,
    '',
    'Usage: mfc <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show help (also: mfc <command> --help)',
    '  -v, --version  Print the version',
    '',
    'Exit codes: 0 success, 1 the job failed (lint errors, bad model file), 2 usage error.',
    '',
  ].join('\n');
}

export function commandHelp(cmd: Command): string {
  const all = { ...cmd.options, ...globalOptions };
  const rows = Object.entries(all).map(([name, o]) => {
    const short = o.short ? `-${o.short}, ` : '    ';
    const value = o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : '';
    return [`  ${short}--${name}${value}`, o.description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `${cmd.summary}`,
    '',
    `Usage: ${cmd.usage}`,
    ...(cmd.description ? ['', cmd.description] : []),
    '',
    'Options:',
    ...rows.map(([left, right]) => `${left.padEnd(width)}  ${right}`),
    '',
    'Examples:',
    ...cmd.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

function parseCommandArgs(cmd: Command, argv: string[]) {
  const spec = { ...cmd.options, ...globalOptions };
  const options: Record<
    string,
    { type: 'boolean' | 'string'; short?: string; multiple?: boolean }
  > = {};
  for (const [name, o] of Object.entries(spec)) {
    options[name] = {
      type: o.type,
      ...(o.short ? { short: o.short } : {}),
      ...(o.multiple ? { multiple: true } : {}),
    };
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    const message =
      err instanceof Error
        ? err.message.replace(/\. To specify a positional argument.*$/s, '')
        : String(err);
    throw new UsageError(message, `see 'mfc ${cmd.name} --help'`);
  }
}

function suggest(name: string): string | undefined {
  const names = Object.keys(commands);
  return names.find((n) => n.startsWith(name) || name.startsWith(n));
}

/** Runs the CLI and returns the exit code. Never throws. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  terminal: Terminal = processTerminal(env, argv.includes('--no-color') ? false : undefined),
  cwd: string = process.cwd(),
): Promise<number> {
  const debug = argv.includes('--debug');
  // Known before the options parse, so a usage error is JSON too.
  let json = argv.includes('--json');
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      if (name === 'help' && rest[0] && commands[rest[0]]) {
        terminal.out(commandHelp((await commands[rest[0]].load()).default));
      } else {
        terminal.out(topHelp());
      }
      return name === undefined ? EXIT_USAGE : EXIT_OK;
    }
    if (name === '--version' || name === '-v' || name === 'version') {
      terminal.out(`mfc ${VERSION}\n`);
      return EXIT_OK;
    }
    const entry = commands[name];
    if (!entry) {
      const guess = suggest(name);
      throw new UsageError(
        name.startsWith('-')
          ? `unknown option '${name}' before a command`
          : `unknown command '${name}'`,
        guess ? `did you mean 'mfc ${guess}'?` : "run 'mfc --help' for the list of commands",
      );
    }
    const cmd = (await entry.load()).default;
    const parsed = parseCommandArgs(cmd, rest);
    if (parsed.values.help) {
      terminal.out(commandHelp(cmd));
      return EXIT_OK;
    }
    json = parsed.values.json === true;
    return await cmd.run({
      positionals: parsed.positionals,
      options: parsed.values as Record<string, string | boolean | string[] | undefined>,
      terminal,
      env,
      cwd,
      debug,
      progress: makeProgressFactory(terminal, json, parsed.values.quiet === true),
    });
  } catch (err) {
    return json ? reportJsonError(err, terminal, debug) : reportError(err, terminal, debug);
  }
}

/**
 * With --json a failure is one JSON object on stdout, where the result would
 * have been: `{"error": {code, message, hint, location}}` (plus the linter's
 * `findings` for a build stopped by lint), and nothing human-formatted.
 * stderr keeps only the JSON events already written; `--debug` adds `stack`.
 */
export function reportJsonError(err: unknown, terminal: Terminal, debug: boolean): number {
  const e = err as NodeJS.ErrnoException & { lint?: { findings?: unknown[] } };
  let error: MfcError;
  if (isMfcError(err)) error = err;
  else if (e && typeof e === 'object' && typeof e.code === 'string' && 'path' in e)
    error = systemError(e as NodeJS.ErrnoException & { code: string }, systemMessage(e));
  // Anything else escaping a command is a bug in mfc, not a problem with the input.
  else error = new InternalError(err instanceof Error ? err.message : String(err), { cause: err });
  const location = Object.keys(error.location).length > 0 ? error.location : undefined;
  const body = {
    code: error.code,
    message: error.message,
    ...(error.hint ? { hint: error.hint } : {}),
    ...(location ? { location } : {}),
    ...(Array.isArray(e?.lint?.findings) ? { findings: e.lint.findings } : {}),
    ...(debug && err instanceof Error && err.stack ? { stack: err.stack } : {}),
  };
  terminal.out(JSON.stringify({ error: body }, null, 2) + '\n');
  return error.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
}

export function reportError(err: unknown, terminal: Terminal, debug: boolean): number {
  const style = terminal.errStyle;
  if (isMfcError(err)) {
    terminal.err(renderDiagnostic(err.toDiagnostic(), { style }).replace(/^<input>: /, '') + '\n');
    if (debug && err.stack) terminal.err(err.stack + '\n');
    return err.kind === 'usage' ? EXIT_USAGE : EXIT_FAILURE;
  }
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && 'path' in e) {
    const wrapped = systemError(e as NodeJS.ErrnoException & { code: string }, systemMessage(e));
    terminal.err(renderDiagnostic(wrapped.toDiagnostic(), { style }) + '\n');
    if (debug && e.stack) terminal.err(e.stack + '\n');
    return EXIT_FAILURE;
  }
  terminal.err(`${style.red('error')}: ${err instanceof Error ? err.message : String(err)}\n`);
  if (debug && err instanceof Error && err.stack) terminal.err(err.stack + '\n');
  else terminal.err(style.dim('run again with --debug for details') + '\n');
  return EXIT_FAILURE;
}

function systemMessage(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ENOSPC':
      return 'no space left on device';
    default:
      return e.message;
  }
}
