/**
 * A parsed Go template: its trees, Go's parse errors as typed values, and a
 * cache of parses keyed by template text.
 */
import { MfcError } from '@mfc/diagnostics';
import { GoParseError, parseTrees, type Tree } from './parse.js';
import { collectVars, findTemplateCallWithoutData } from './vars.js';
import { defaultDialect, type GoDialect } from './dialect.js';

/** text/template's builtin functions. */
export const builtinFunctionNames = [
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
] as const;

/** The functions Ollama adds to every template. */
export const ollamaFunctionNames = [
  'json',
  'currentDate',
  'yesterdayDate',
  'toTypeScriptType',
] as const;

const defaultFuncs: ReadonlySet<string> = new Set<string>([
  ...builtinFunctionNames,
  ...ollamaFunctionNames,
]);

/** A template that failed to parse: Go's message plus a position in the template text. */
export class TemplateParseError extends MfcError {
  constructor(
    /** Exactly what Go prints, e.g. `template: :1: unexpected {{end}}`. */
    readonly goMessage: string,
    /** 1-based line (Go's). */
    readonly line: number,
    /** 1-based column (UTF-16 units) of the token the parser stopped at. */
    readonly column: number,
    /** 0-based offset of that token in the template text. */
    readonly offset: number,
    /** 0-based offset just past the text at fault, when it is more than one token (a whole `{{…}}`). */
    readonly endOffset?: number,
  ) {
    super('TEMPLATE_PARSE', goMessage, {
      location: {
        range: {
          start: { line, column, offset },
          end: { line, column, offset },
        },
      },
    });
    this.name = 'TemplateParseError';
  }
}

export class GoTemplate {
  private cachedVars: string[] | undefined;
  constructor(
    /** The original text (Ollama stores it unchanged). */
    readonly text: string,
    /** Every template of this parse: "" (or the given name) and each define/block. */
    readonly trees: Map<string, Tree>,
    readonly name: string,
    /** The Go whose behaviour it follows. */
    readonly dialect: GoDialect = defaultDialect,
  ) {}

  /** The root tree. */
  get tree(): Tree {
    return this.trees.get(this.name)!;
  }

  /** Ollama's `Vars()`: lower-cased, sorted field and variable names. */
  vars(): string[] {
    this.cachedVars ??= collectVars(this.trees.values());
    return [...this.cachedVars];
  }

  /**
   * The error Ollama's `Vars()` walk raises where Go's parser is content:
   * `{{template "name"}}` without a data argument gives `undefined template
   * specified` (Ollama's `template.Parse` fails, so `ollama create` answers
   * `template error: undefined template specified`). The position spans the
   * first such call, `{{` to `}}`. Undefined when Ollama accepts the template.
   */
  varsError(): TemplateParseError | undefined {
    const node = findTemplateCallWithoutData(this.trees.values());
    if (!node) return undefined;
    const text = this.text;
    const open = text.lastIndexOf('{{', node.pos);
    const start = open >= 0 ? open : node.pos;
    const close = text.indexOf('}}', nameTokenEnd(text, node.pos));
    const end = close >= 0 ? close + 2 : text.length;
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let line = 1;
    for (let i = 0; i < start; i++) if (text.charCodeAt(i) === 10) line++;
    return new TemplateParseError(
      'undefined template specified',
      line,
      start - lineStart + 1,
      start,
      end,
    );
  }
}

/** The offset just past a quoted template name starting at `pos` ("…" with escapes, or `…`). */
function nameTokenEnd(text: string, pos: number): number {
  const q = text[pos];
  if (q === '`') {
    const close = text.indexOf('`', pos + 1);
    return close < 0 ? pos + 1 : close + 1;
  }
  if (q !== '"') return pos;
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return pos + 1;
}

function toParseError(text: string, e: GoParseError): TemplateParseError {
  // Go reports the line; the column is that of the token the parser stopped at
  // (clamped onto Go's line, since an error token can start on an earlier one).
  let offset = Math.min(e.offset, text.length);
  let lineStart = 0;
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  if (line !== e.line) {
    // Place it at the start of Go's line instead.
    let l = 1;
    lineStart = 0;
    for (let i = 0; i < text.length && l < e.line; i++) {
      if (text.charCodeAt(i) === 10) {
        l++;
        lineStart = i + 1;
      }
    }
    offset = lineStart;
  }
  return new TemplateParseError(e.goMessage, e.line, offset - lineStart + 1, offset);
}

/** Parses by dialect, then by text (insertion-ordered, so the oldest is dropped first). */
const caches: Record<GoDialect, Map<string, GoTemplate>> = {
  ollama: new Map(),
  'go1.19': new Map(),
};
const cacheLimit = 256;

/**
 * Parses a Go template as Ollama does (`template.New("").Option("missingkey=zero")
 * .Funcs(ollamaFuncs).Parse(text)`). Throws TemplateParseError with Go's message.
 * Parses are cached by text.
 */
export function parseTemplate(
  text: string,
  options: { name?: string; funcs?: ReadonlySet<string>; dialect?: GoDialect } = {},
): GoTemplate {
  const name = options.name ?? '';
  const dialect = options.dialect ?? defaultDialect;
  const cache = options.funcs || name !== '' ? undefined : caches[dialect];
  const hit = cache?.get(text);
  if (hit) return hit;
  let trees: Map<string, Tree>;
  try {
    trees = parseTrees(text, {
      name,
      funcs: options.funcs ?? defaultFuncs,
      elseWith: dialect === 'ollama',
    });
  } catch (e) {
    if (e instanceof GoParseError) throw toParseError(text, e);
    throw e;
  }
  const t = new GoTemplate(text, trees, name, dialect);
  if (cache) {
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
    cache.set(text, t);
  }
  return t;
}

export interface TemplateCheckResult {
  /** Parse error, if any (message exactly as Go prints it). */
  error?: TemplateParseError;
  /** Ollama's Vars() (empty when parsing failed). */
  vars: string[];
}

/**
 * Parses without throwing, as Ollama's `template.Parse` checks a TEMPLATE:
 * Go's parse error, or the `Vars()` walk's (`undefined template specified`),
 * with line/column; else the variables used.
 */
export function checkTemplate(
  text: string,
  options: { dialect?: GoDialect } = {},
): TemplateCheckResult {
  try {
    const t = parseTemplate(text, options);
    const error = t.varsError();
    return error ? { error, vars: [] } : { vars: t.vars() };
  } catch (e) {
    if (e instanceof TemplateParseError) return { error: e, vars: [] };
    throw e;
  }
}

/** Ollama's Vars() for a template text; throws TemplateParseError. */
export function templateVars(text: string): string[] {
  return parseTemplate(text).vars();
}
