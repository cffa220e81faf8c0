import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, writeFileAtomic } from '@mfc/diagnostics';
import {
  allRules,
  countWarnings,
  getFormatter,
  hasErrors,
  lintFiles,
  type LintResult,
} from '@mfc/lint';
import { decodeModelfile, encodeModelfile } from '@mfc/modelfile';
import { defineCommand, flag, listOption, stringOption, type CommandContext } from '../command.js';
import { readStdin } from '../stdin.js';
import { VERSION } from '../version.js';

function maxWarningsOption(ctx: CommandContext): number | undefined {
  const raw = stringOption(ctx, 'max-warnings');
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw))
    throw new UsageError(`--max-warnings must be a whole number, not "${raw}"`);
  const n = Number(raw);
  return n < 0 ? undefined : n; // ESLint's -1: no limit
}

/**
 * `--fix`: writes each fixed file (in its own encoding and BOM) and says so on
 * stderr. `--fix-dry-run`, and standard input: prints the fixed text instead
 * (the JSON format has it as `output`). Returns whether text went to stdout.
 */
async function outputFixes(
  ctx: CommandContext,
  results: readonly LintResult[],
  dryRun: boolean,
  json: boolean,
): Promise<boolean> {
  let printed = false;
  for (const r of results) {
    if (r.output === undefined) continue;
    const fixed = r as LintResult & { fixedCount?: number };
    if (dryRun || r.file.startsWith('<')) {
      if (!json) ctx.terminal.out(r.output);
      printed = !json;
      continue;
    }
    const like = decodeModelfile(new Uint8Array(await readFile(r.file)));
    // A reader sees the old file or the new one, never half; the file keeps its mode.
    await writeFileAtomic(r.file, encodeModelfile(r.output, like), { keepMode: true });
    ctx.terminal.err(`${r.file}: fixed ${fixed.fixedCount ?? 0} problem(s)\n`);
  }
  return printed;
}

export default defineCommand({
  name: 'lint',
  summary: 'Check Modelfiles for mistakes Ollama would reject or silently ignore',
  usage: 'mfc lint [options] <FILE | DIR | -> …',
  description: [
    'Runs the lint rules (docs/rules/) over each Modelfile. A folder is searched for files named',
    'Modelfile, Modelfile.* or *.modelfile; `-` reads standard input. Settings come from the nearest',
    '.mfclintrc.json, or the "mfc" key of a package.json, above each file (or from --config).',
    'Exit code 1 when an error-severity finding remains or --max-warnings is exceeded.',
  ].join('\n'),
  examples: [
    'mfc lint Modelfile',
    'mfc lint --format sarif --output mfc.sarif models/',
    'mfc lint --format github --max-warnings 0 .',
    'mfc lint --no-files --format github .   # CI without the weights',
    'mfc lint --rule MF008:off --rule MF013:error Modelfile',
    'mfc lint --fix Modelfile    # apply the safe fixes, report the rest',
    'cat Modelfile | mfc lint -',
  ],
  options: {
    format: {
      type: 'string',
      short: 'f',
      valueName: 'NAME',
      description: 'Output: stylish (default), json, sarif, github',
    },
    json: { type: 'boolean', description: 'Same as --format json' },
    config: {
      type: 'string',
      short: 'c',
      valueName: 'FILE',
      description: 'Use this config file instead of searching for one',
    },
    rule: {
      type: 'string',
      multiple: true,
      valueName: 'RULE:SEVERITY',
      description: 'Override a rule: error, warn, info or off (repeatable)',
    },
    'no-files': {
      type: 'boolean',
      description: 'Lint without the file system: no path or GGUF checks (config: "files": false)',
    },
    fix: {
      type: 'boolean',
      description: 'Apply the safe fixes (repeated until stable), write the files, report the rest',
    },
    'fix-dry-run': {
      type: 'boolean',
      description: 'Like --fix, but print the fixed text instead of writing (JSON: "output")',
    },
    'max-warnings': {
      type: 'string',
      valueName: 'N',
      description: 'Fail (exit 1) when there are more than N warnings',
    },
    output: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Write the report to FILE instead of stdout',
    },
  },
  async run(ctx) {
    if (ctx.positionals.length === 0) {
      throw new UsageError(
        'no Modelfile given',
        "pass files or folders, e.g. 'mfc lint Modelfile'",
      );
    }
    const formatName = flag(ctx, 'json') ? 'json' : (stringOption(ctx, 'format') ?? 'stylish');
    const formatter = getFormatter(formatName);
    const maxWarnings = maxWarningsOption(ctx);
    const results = await lintFiles(ctx.positionals, {
      cwd: ctx.cwd,
      configFile: stringOption(ctx, 'config'),
      overrides: listOption(ctx, 'rule'),
      stdin: () => readStdin(ctx.terminal.stdin),
      ...(flag(ctx, 'no-files') ? { files: false } : {}),
      fix: flag(ctx, 'fix') || flag(ctx, 'fix-dry-run'),
    });
    const dryRun = flag(ctx, 'fix-dry-run');
    const printedText =
      (flag(ctx, 'fix') || dryRun) &&
      (await outputFixes(ctx, results, dryRun, formatName === 'json'));

    const report = formatter(results, {
      cwd: ctx.cwd,
      rules: allRules.map((r) => r.meta),
      style: stringOption(ctx, 'output') === undefined ? ctx.terminal.outStyle : undefined,
      version: VERSION,
    });
    const output = stringOption(ctx, 'output');
    if (output !== undefined) await writeFileAtomic(resolve(ctx.cwd, output), report);
    else if (printedText)
      ctx.terminal.err(report); // stdout holds the fixed text
    else ctx.terminal.out(report);

    const warnings = countWarnings(results);
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      ctx.terminal.err(`mfc lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return hasErrors(results) ? 1 : 0;
  },
});
