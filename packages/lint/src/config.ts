import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LineIndex, MfcError } from '@mfc/diagnostics';
import type { RuleMeta, RuleSeverity, SeveritySetting } from './types.js';

/** Lint settings: a severity (or `off`) per rule id. */
export interface LintConfig {
  rules: Record<string, RuleSeverity | 'off'>;
  /**
   * `false`: lint without the file system (`--no-files`): rules that look at
   * paths and GGUF files (`usesFiles`) are off, and no GGUF header is read.
   */
  files?: boolean;
  /** The file the settings were read from, if any. */
  file?: string;
}

export const CONFIG_FILE_NAME = '.mfclintrc.json';

const SETTINGS: Record<string, RuleSeverity | 'off'> = {
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  off: 'off',
};

/** Turns `warn`, `warning`, `error`, `info` or `off` into a severity, or undefined. */
export function parseSeveritySetting(value: unknown): RuleSeverity | 'off' | undefined {
  return typeof value === 'string' ? SETTINGS[value.toLowerCase()] : undefined;
}

/** Finds a rule by id (`MF003`, any case) or by name (`unknown-parameter`). */
export function findRule<R extends { meta: RuleMeta }>(
  rules: readonly R[],
  key: string,
): R | undefined {
  const k = key.trim();
  return rules.find((r) => r.meta.id.toLowerCase() === k.toLowerCase() || r.meta.name === k);
}

/**
 * Checks raw settings (`{ "rules": { "MF003": "off" } }`) and keys them by
 * rule id. Unknown rules and bad severities are errors at their position.
 */
export function normalizeConfig(
  raw: unknown,
  rules: readonly { meta: RuleMeta }[],
  origin: { file?: string; text?: string } = {},
): LintConfig {
  const fail = (message: string, needle?: string, hint?: string): never => {
    let range;
    if (origin.text !== undefined && needle !== undefined) {
      const at = origin.text.indexOf(JSON.stringify(needle));
      if (at >= 0)
        range = new LineIndex(origin.text).rangeOf(at, at + JSON.stringify(needle).length);
    }
    throw new MfcError('LINT_CONFIG', message, { hint, location: { file: origin.file, range } });
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('lint settings must be a JSON object like {"rules": {"MF003": "off"}}');
  }
  const out: LintConfig = { rules: {}, file: origin.file };
  for (const key of Object.keys(raw)) {
    if (key !== 'rules' && key !== 'files' && key !== '$schema')
      fail(`unknown lint setting "${key}"`, key, 'the settings are "rules" and "files"');
  }
  const files = (raw as { files?: unknown }).files;
  if (files !== undefined) {
    if (typeof files !== 'boolean')
      fail('"files" must be true or false', 'files', 'false lints without the file system');
    out.files = files as boolean;
  }
  const settings = (raw as { rules?: unknown }).rules ?? {};
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    return fail('"rules" must be an object mapping rule ids to severities', 'rules');
  }
  for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
    const rule = findRule(rules, key);
    if (!rule) fail(`unknown rule "${key}"`, key, 'rule ids are listed in docs/rules/README.md');
    const severity = parseSeveritySetting(value);
    if (severity === undefined) {
      fail(
        `rule "${key}": severity must be "error", "warn", "info" or "off", not ${JSON.stringify(value)}`,
        key,
      );
    }
    out.rules[rule!.meta.id] = severity!;
  }
  return out;
}

/** Reads a config file: `.mfclintrc.json`, or a package.json's `mfc` key (its `lint` part if present). */
export function loadConfigFile(path: string, rules: readonly { meta: RuleMeta }[]): LintConfig {
  const text = readFileSync(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const at = /position (\d+)/.exec(message);
    const range = at ? new LineIndex(text).rangeOf(Number(at[1]), Number(at[1]) + 1) : undefined;
    throw new MfcError('LINT_CONFIG', `invalid JSON: ${message}`, {
      location: { file: path, range },
    });
  }
  if (path.endsWith('package.json')) {
    const mfc = (parsed as { mfc?: unknown } | null)?.mfc;
    const section =
      mfc && typeof mfc === 'object' && 'lint' in mfc ? (mfc as { lint: unknown }).lint : mfc;
    return normalizeConfig(section, rules, { file: path, text });
  }
  return normalizeConfig(parsed, rules, { file: path, text });
}

function hasMfcKey(packageJson: string): boolean {
  try {
    const parsed = JSON.parse(readFileSync(packageJson, 'utf8')) as unknown;
    return parsed !== null && typeof parsed === 'object' && 'mfc' in parsed;
  } catch {
    // A broken package.json that is not ours to read: not a config.
    return false;
  }
}

/**
 * The nearest config file at or above `startDir`: in each folder
 * `.mfclintrc.json` first, then a package.json with an `mfc` key.
 * The first one found is used alone (no merging with folders above).
 */
export function findConfigFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  while (true) {
    const rc = join(dir, CONFIG_FILE_NAME);
    if (existsSync(rc)) return rc;
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && hasMfcKey(pkg)) return pkg;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Applies `--rule MF003:off`-style overrides on top of a config. */
export function withOverrides(
  config: LintConfig,
  overrides: readonly string[],
  rules: readonly { meta: RuleMeta }[],
): LintConfig {
  const out: LintConfig = { ...config, rules: { ...config.rules } };
  for (const o of overrides) {
    const m = /^([^:=]+)[:=](.+)$/.exec(o);
    const rule = m ? findRule(rules, m[1]) : undefined;
    const severity = m ? parseSeveritySetting(m[2].trim()) : undefined;
    if (!m || !rule || severity === undefined) {
      throw new MfcError('LINT_RULE_OVERRIDE', `bad rule override "${o}"`, {
        kind: 'usage',
        hint: 'write RULE:SEVERITY, e.g. MF003:off or unknown-parameter:warn',
      });
    }
    out.rules[rule.meta.id] = severity;
  }
  return out;
}

export type { SeveritySetting };
