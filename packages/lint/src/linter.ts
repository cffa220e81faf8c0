import { stat } from 'node:fs/promises';
import { fileGgufMagic, openGguf, type GgufFile } from '@mfc/gguf';
import { dirname, resolve } from 'node:path';
import { MfcError, readInputFile, type Range } from '@mfc/diagnostics';
import { parseModelfile } from '@mfc/modelfile';
import { findConfigFile, findRule, loadConfigFile, type LintConfig } from './config.js';
import { readDirectives, type Directive } from './directives.js';
import { formatMessage } from './messages.js';
import type { Rule, RuleContext } from './rule.js';
import { allRules, UNUSED_DIRECTIVE_RULE } from './rules/index.js';
import type { Finding, LintResult, RuleSeverity } from './types.js';

export interface LintOptions {
  /** Path of the Modelfile: shown in findings, the base for relative paths, and where the config search starts. */
  file?: string;
  /**
   * Settings to use. Undefined: search `.mfclintrc.json` / package.json `mfc`
   * upward from the file's folder (no search without a file). `false`: defaults only.
   */
  config?: LintConfig | false;
  /** Folder for relative FROM/ADAPTER/DRAFT paths when there is no file (default: the current folder). */
  baseDir?: string;
  /** The rules to run (default: all). */
  rules?: readonly Rule[];
  /**
   * `false`: no file system (`--no-files`): rules with `meta.usesFiles` do not
   * run and no GGUF header is read. Default: the config's `files`, else true.
   */
  files?: boolean;
}

/** The severity a rule runs at under a config, or `off`. */
export function effectiveSeverity(
  rule: Rule,
  config: LintConfig | undefined,
): RuleSeverity | 'off' {
  return config?.rules[rule.meta.id] ?? rule.meta.severity;
}

function covers(d: Directive, line: number): boolean {
  return line >= d.fromLine && line <= d.toLine;
}

function severityCounts(findings: readonly Finding[]) {
  return {
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
    infoCount: findings.filter((f) => f.severity === 'info').length,
  };
}

/**
 * Lints one Modelfile (text or raw bytes, decoded with Ollama's BOM rules).
 * Runs every enabled rule, then drops findings covered by inline directives
 * and reports directives that covered nothing. Never throws for bad Modelfile
 * input: syntax errors are findings (MF001, MF002). Throws `MfcError`
 * `LINT_CONFIG` for a broken config file.
 */
export async function lintModelfile(
  input: string | Uint8Array,
  options: LintOptions = {},
): Promise<LintResult> {
  const rules = options.rules ?? allRules;
  const file =
    options.file === undefined
      ? undefined
      : options.file.startsWith('<')
        ? options.file
        : resolve(options.file);
  const realFile = file !== undefined && !file.startsWith('<') ? file : undefined;
  let config: LintConfig | undefined;
  if (options.config === false) config = undefined;
  else if (options.config !== undefined) config = options.config;
  else if (realFile) {
    const found = findConfigFile(dirname(realFile));
    config = found ? loadConfigFile(found, allRules) : undefined;
  }

  const parse = parseModelfile(input, realFile ? { file: realFile } : {});
  const source = parse.source;
  const directives = readDirectives(parse.ast.comments, parse.ast.commands, source);
  const knownRules = options.rules ? [...allRules, ...options.rules] : allRules;
  const findings: Finding[] = [];
  const useFiles = options.files ?? config?.files ?? true;
  const ggufCache = new Map<string, Promise<GgufFile | undefined>>();
  const openGgufCached = (path: string) => {
    if (!useFiles) return Promise.resolve(undefined);
    if (!ggufCache.has(path)) ggufCache.set(path, readLocalGguf(path));
    return ggufCache.get(path)!;
  };
  const severityOf = (rule: Rule): RuleSeverity | 'off' =>
    !useFiles && rule.meta.usesFiles ? 'off' : effectiveSeverity(rule, config);

  for (const rule of rules) {
    const severity = severityOf(rule);
    if (severity === 'off') continue;
    const context: RuleContext = {
      file: realFile,
      baseDir: realFile ? dirname(realFile) : resolve(options.baseDir ?? process.cwd()),
      parse,
      ast: parse.ast,
      source,
      directives,
      isKnownRule: (key) => findRule(knownRules, key) !== undefined,
      openGguf: openGgufCached,
      report(d) {
        if (!d || !isRange(d.range)) {
          throw new MfcError(
            'LINT_RULE_BUG',
            `rule ${rule.meta.id} reported a finding without a range`,
          );
        }
        const template = rule.meta.messages[d.messageId];
        if (template === undefined) {
          throw new MfcError(
            'LINT_RULE_BUG',
            `rule ${rule.meta.id} has no message "${d.messageId}"`,
          );
        }
        findings.push({
          code: rule.meta.id,
          ruleName: rule.meta.name,
          severity,
          message: formatMessage(template, d.data),
          file: file ?? '<input>',
          range: d.range,
          ...(d.hint ? { hint: d.hint } : {}),
        });
      },
    };
    await rule.create(context);
  }

  // Inline directives: drop covered findings, remember which directive entries were used.
  const used = new Set<string>();
  const kept = findings.filter((f) => {
    if (f.code === UNUSED_DIRECTIVE_RULE.meta.id) return true;
    let suppressed = false;
    directives.forEach((d, i) => {
      if (!covers(d, f.range.start.line)) return;
      if (d.rules.length === 0) {
        used.add(`${i}`);
        suppressed = true;
        return;
      }
      d.rules.forEach((r, j) => {
        if (findRule(knownRules, r.key)?.meta.id === f.code) {
          used.add(`${i}:${j}`);
          suppressed = true;
        }
      });
    });
    return !suppressed;
  });

  const unusedSeverity = rules.includes(UNUSED_DIRECTIVE_RULE)
    ? severityOf(UNUSED_DIRECTIVE_RULE)
    : 'off';
  if (unusedSeverity !== 'off') {
    const report = (range: Range, message: string) =>
      kept.push({
        code: UNUSED_DIRECTIVE_RULE.meta.id,
        ruleName: UNUSED_DIRECTIVE_RULE.meta.name,
        severity: unusedSeverity,
        message,
        file: file ?? '<input>',
        range,
      });
    const { messages } = UNUSED_DIRECTIVE_RULE.meta;
    directives.forEach((d, i) => {
      if (d.rules.length === 0) {
        if (!used.has(`${i}`)) report(d.range, formatMessage(messages.unusedAll, {}));
        return;
      }
      d.rules.forEach((r, j) => {
        const rule = findRule(knownRules, r.key);
        // Unknown names are MF021's own `unknownRule` finding; rules turned off are not "unused".
        if (!rule || !rules.includes(rule) || severityOf(rule) === 'off') return;
        if (!used.has(`${i}:${j}`))
          report(r.range, formatMessage(messages.unused, { rule: r.key }));
      });
    });
  }

  kept.sort((a, b) => a.range.start.offset - b.range.start.offset || a.code.localeCompare(b.code));
  return { file: file ?? '<input>', source: source.text, findings: kept, ...severityCounts(kept) };
}

/** A local file's GGUF header, or undefined when it is missing, not a file, or not GGUF. */
async function readLocalGguf(path: string): Promise<GgufFile | undefined> {
  try {
    if (!(await stat(path)).isFile() || (await fileGgufMagic(path)) !== 'gguf') return undefined;
  } catch {
    return undefined;
  }
  try {
    return await openGguf(path);
  } catch {
    // A damaged GGUF is the builder's error to report, with its byte offset; lint rules skip it.
    return undefined;
  }
}

function isRange(r: unknown): r is Range {
  const x = r as Range | undefined;
  return (
    x !== undefined &&
    x !== null &&
    typeof x.start?.line === 'number' &&
    typeof x.start?.column === 'number' &&
    typeof x.end?.line === 'number' &&
    typeof x.end?.column === 'number'
  );
}

/** Reads and lints a Modelfile from disk (`-` is not handled here). */
export async function lintFile(
  path: string,
  options: Omit<LintOptions, 'file'> = {},
): Promise<LintResult> {
  const bytes = await readInputFile(path);
  return lintModelfile(bytes, { ...options, file: path });
}
