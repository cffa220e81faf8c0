import { readdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { MfcError, readInputFile } from '@mfc/diagnostics';
import { findConfigFile, loadConfigFile, withOverrides, type LintConfig } from './config.js';
import { lintModelfile } from './linter.js';
import { allRules } from './rules/index.js';
import type { LintResult } from './types.js';

export interface LintFilesOptions {
  /** Folder relative paths resolve against (default: the current folder). */
  cwd?: string;
  /** One config file for every input instead of the nearest one above each. */
  configFile?: string;
  /** `RULE:SEVERITY` overrides applied on top of the config (`--rule`). */
  overrides?: readonly string[];
  /** Reads standard input for the path `-`; without it `-` is a file name. */
  stdin?: () => Promise<Uint8Array>;
  /** `false` (`--no-files`): lint without the file system, whatever the configs say. */
  files?: boolean;
}

/** File names taken as Modelfiles when a folder is given. */
export function isModelfileName(name: string): boolean {
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

/**
 * Lints files and folders as `mfc lint` does (like ESLint's `lintFiles`): a
 * folder is searched for Modelfiles, each file gets the nearest config above
 * it (`.mfclintrc.json` or a package.json's "mfc" key) unless `configFile`
 * is given, then the overrides. Results are in input order. A bad override
 * is reported before any file is read.
 */
export async function lintFiles(
  paths: readonly string[],
  options: LintFilesOptions = {},
): Promise<LintResult[]> {
  const cwd = options.cwd ?? process.cwd();
  const overrides = options.overrides ?? [];
  const fixed =
    options.configFile === undefined
      ? undefined
      : loadConfigFile(resolve(cwd, options.configFile), allRules);
  withOverrides({ rules: {} }, overrides, allRules);
  const cache = new Map<string, LintConfig>();
  const configFor = (dir: string): LintConfig => {
    if (fixed) return withOverrides(fixed, overrides, allRules);
    const found = findConfigFile(dir);
    const key = found ?? '';
    if (!cache.has(key)) {
      const base = found ? loadConfigFile(found, allRules) : { rules: {} };
      cache.set(key, withOverrides(base, overrides, allRules));
    }
    return cache.get(key)!;
  };

  const results: LintResult[] = [];
  for (const arg of paths) {
    if (arg === '-' && options.stdin) {
      const text = await options.stdin();
      results.push(
        await lintModelfile(text, {
          file: '<stdin>',
          baseDir: cwd,
          config: configFor(cwd),
          files: options.files,
        }),
      );
      continue;
    }
    const path = resolve(cwd, arg);
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
        await lintModelfile(await readInputFile(file), {
          file,
          config: configFor(dirname(file)),
          files: options.files,
        }),
      );
    }
  }
  return results;
}
