import type { Terminal } from './ui/terminal.js';
import { createProgress, type Progress, type ProgressOptions } from './ui/progress.js';

export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  multiple?: boolean;
  /** Shown in --help, e.g. `FILE`. */
  valueName?: string;
  description: string;
}

/** What a command module exports as `default`. */
export interface Command {
  name: string;
  summary: string;
  /** e.g. `mfc inspect [options] <file | dir | url>` */
  usage: string;
  description?: string;
  examples: string[];
  options: Record<string, OptionSpec>;
  run(ctx: CommandContext): Promise<number>;
}

export interface CommandContext {
  positionals: string[];
  /** Parsed option values, keyed by long name. */
  options: Record<string, string | boolean | string[] | undefined>;
  terminal: Terminal;
  env: NodeJS.ProcessEnv;
  cwd: string;
  debug: boolean;
  /** Progress on stderr: a bar on a TTY, JSON events with --json, else a plain line every 5 s. */
  progress(options: ProgressOptions): Progress;
}

export function defineCommand(command: Command): Command {
  return command;
}

export function makeProgressFactory(terminal: Terminal, json: boolean, quiet: boolean) {
  return (options: ProgressOptions) =>
    createProgress(terminal, options, quiet ? 'off' : json ? 'json' : 'auto');
}

/** Reads a string option, or undefined. */
export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(ctx: CommandContext, name: string): string[] {
  const v = ctx.options[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.options[name] === true;
}

/** Prints a value as pretty JSON on stdout. */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.terminal.out(JSON.stringify(value, null, 2) + '\n');
}
