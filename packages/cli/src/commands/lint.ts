import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { MfcError, UsageError } from '@mfc/diagnostics';
import {
  allRules,
  countWarnings,
  findConfigFile,
  getFormatter,
  hasErrors,
  lintModelfile,
  loadConfigFile,
  withOverrides,
  type LintConfig,
  type LintResult,
} from '@mfc/lint';
import { defineCommand, flag, listOption, stringOption, type CommandContext } from '../command.js';
import { readStdin } from '../stdin.js';
import { VERSION } from '../version.js';

/** File names taken as Modelfiles when a folder is given. */
function isModelfileName(name: string): boolean {
  return /^modelfile(\..+)?$/i.test(name) || /\.modelfile$/i.test(name);
}

/** Modelfiles under a folder (skipping node_modules and dot-folders), sorted. */
async function findModelfiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      out.push(...(await findModelfiles(path)));
    } else if (entry.isFile() && isModelfileName(entry.name)) {
      out.push(path);
    }
  }
  return out.sort();
}

function maxWarningsOption(ctx: CommandContext): number | undefined {
  const raw = stringOption(ctx, 'max-warnings');
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw))
    throw new UsageError(`--max-warnings must be a whole number, not "${raw}"`);
  const n = Number(raw);
  return n < 0 ? undefined : n; // ESLint's -1: no limit
}

/** Writes `text` to `path` through a temporary file, so a reader never sees half of it. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
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
    'mfc lint --rule MF008:off --rule MF013:error Modelfile',
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
    const overrides = listOption(ctx, 'rule');
    const configPath = stringOption(ctx, 'config');
    const fixed =
      configPath === undefined ? undefined : loadConfigFile(resolve(ctx.cwd, configPath), allRules);
    // Check the overrides once up front, so a typo is a usage error even with no files.
    withOverrides({ rules: {} }, overrides, allRules);

    const cache = new Map<string, LintConfig>();
    const configFor = (dir: string): LintConfig => {
      if (fixed) return withOverrides(fixed, overrides, allRules);
      const found = findConfigFile(dir);
      const key = found ?? '';
      if (!cache.has(key)) {
        cache.set(
          key,
          withOverrides(
            found ? loadConfigFile(found, allRules) : { rules: {} },
            overrides,
            allRules,
          ),
        );
      }
      return cache.get(key)!;
    };

    const results: LintResult[] = [];
    for (const arg of ctx.positionals) {
      if (arg === '-') {
        results.push(
          await lintModelfile(await readStdin(), {
            file: '<stdin>',
            baseDir: ctx.cwd,
            config: configFor(ctx.cwd),
          }),
        );
        continue;
      }
      const path = resolve(ctx.cwd, arg);
      const info = await stat(path);
      const files = info.isDirectory() ? await findModelfiles(path) : [path];
      if (info.isDirectory() && files.length === 0) {
        throw new MfcError('LINT_NO_FILES', 'no Modelfiles in this folder', {
          location: { file: arg },
          hint: 'files named Modelfile, Modelfile.* or *.modelfile are linted',
        });
      }
      for (const file of files) {
        results.push(
          await lintModelfile(await readFile(file), { file, config: configFor(dirname(file)) }),
        );
      }
    }

    const report = formatter(results, {
      cwd: ctx.cwd,
      rules: allRules.map((r) => r.meta),
      style: stringOption(ctx, 'output') === undefined ? ctx.terminal.outStyle : undefined,
      version: VERSION,
    });
    const output = stringOption(ctx, 'output');
    if (output !== undefined) await writeAtomically(resolve(ctx.cwd, output), report);
    else ctx.terminal.out(report);

    const warnings = countWarnings(results);
    if (maxWarnings !== undefined && warnings > maxWarnings) {
      ctx.terminal.err(`mfc lint: ${warnings} warnings, more than --max-warnings ${maxWarnings}\n`);
      return 1;
    }
    return hasErrors(results) ? 1 : 0;
  },
});
