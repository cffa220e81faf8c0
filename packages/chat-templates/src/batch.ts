/**
 * The oracle's protocol (`shared/oracles/gotemplate`): a case array in, a
 * result array out, so mfc and Go's own engine can be diffed case by case.
 */
import { MfcError } from '@mfc/diagnostics';
import {
  GoExecError,
  PartialOutputError,
  TemplateParseError,
  executeTrees,
  goJsonIndent,
  parseTemplate,
  type GoDialect,
  type Value,
} from '@mfc/gotemplate';
import { renderChat, type ChatValues } from './ollama.js';

export interface OracleCase {
  name: string;
  template: string;
  mode?: 'raw' | 'ollama';
  data?: unknown;
}

export interface OracleResult {
  name: string;
  output: string;
  error?: string;
  vars?: string[];
}

export interface BatchOptions {
  /** The date currentDate returns (the oracle's ORACLE_DATE, default 2024-06-01). */
  date?: string;
  /** Which Go to imitate; the oracle runs Go 1.19 (the default here). */
  dialect?: GoDialect;
}

/** Parses `YYYY-MM-DD` as local midnight of that day, or throws. */
export function parseOracleDate(s: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  const d = m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
  if (
    !d ||
    Number.isNaN(d.getTime()) ||
    d.getMonth() !== Number(m![2]) - 1 ||
    d.getDate() !== Number(m![3])
  ) {
    throw new TypeError(`bad date ${JSON.stringify(s)}: want YYYY-MM-DD`);
  }
  return d;
}

/** Runs one case the way the oracle does. */
export function runCase(c: OracleCase, options: BatchOptions = {}): OracleResult {
  return ordered(runCaseUnordered(c, options));
}

/** The oracle's field order: name, output, error, vars. */
function ordered(r: OracleResult): OracleResult {
  const o: OracleResult = { name: r.name, output: r.output };
  if (r.error !== undefined) o.error = r.error;
  if (r.vars !== undefined) o.vars = r.vars;
  return o;
}

function runCaseUnordered(c: OracleCase, options: BatchOptions): OracleResult {
  const today = parseOracleDate(options.date ?? '2024-06-01');
  const r: OracleResult = { name: c.name, output: '' };
  const dialect = options.dialect ?? 'go1.19';
  let t;
  try {
    t = parseTemplate(c.template, { dialect });
  } catch (e) {
    if (e instanceof TemplateParseError) {
      r.error = e.goMessage;
      return r;
    }
    throw e;
  }
  const vars = t.vars();
  if (vars.length > 0) r.vars = vars;
  if (c.mode === 'ollama') {
    const res = renderChat(t, (c.data ?? {}) as ChatValues, { today: () => today });
    r.output = res.output;
    if (res.error) r.error = res.error;
    return r;
  }
  const data = c.data === null || c.data === undefined ? undefined : (c.data as Value);
  try {
    r.output = executeTrees(t.trees, t.name, data, {
      missingKey: 'zero',
      today: () => today,
      dialect,
    });
  } catch (e) {
    if (e instanceof PartialOutputError) {
      r.error = e.goMessage;
      r.output = e.output;
    } else if (e instanceof GoExecError) r.error = e.goMessage;
    else throw e;
  }
  return r;
}

export function runCases(cases: readonly OracleCase[], options: BatchOptions = {}): OracleResult[] {
  return cases.map((c) => runCase(c, options));
}

/**
 * The oracle's whole exchange: a JSON case array in, the indented JSON result
 * array out (what the Go oracle prints). Throws BATCH_INVALID for input that
 * is not a JSON array.
 */
export function runOracleBatch(input: string, options: BatchOptions = {}): string {
  let cases: unknown;
  try {
    cases = JSON.parse(input);
  } catch (err) {
    throw new MfcError(
      'BATCH_INVALID',
      `input must be a JSON array of cases: ${(err as Error).message}`,
    );
  }
  if (!Array.isArray(cases))
    throw new MfcError('BATCH_INVALID', 'input must be a JSON array of cases');
  return goJsonIndent(runCases(cases as OracleCase[], options)) + '\n';
}
