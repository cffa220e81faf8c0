/** The entry point: bytes or text in, syntax tree + Ollama view + all syntax errors out. */
import { LineIndex, MfcError, type Diagnostic } from '@mfc/diagnostics';
import type { ModelfileParseError, ParseOptions, ParseResult } from './ast.js';
import { buildAst } from './build.js';
import { decodeModelfile } from './decode.js';
import { modelfileParser } from './grammar.js';
import { modelfileLexer } from './lexer.js';

/**
 * Parses a Modelfile exactly as Ollama's `parser.ParseFile` does, but keeps
 * going after an error so that every error of the file is reported.
 * Never throws for bad input: problems are in `errors`.
 */
export function parseModelfile(text: string | Uint8Array, options: ParseOptions = {}): ParseResult {
  const decoded = decodeModelfile(text);
  const source = new LineIndex(decoded.text);
  const lexed = modelfileLexer.tokenize(decoded.text);
  modelfileParser.input = lexed.tokens;
  const lines = modelfileParser.modelfile();
  modelfileParser.input = []; // do not keep the tokens alive until the next parse
  const built = buildAst(decoded.text, lines, source, options.file);
  // The lexer modes cover every character and the grammar every token sequence they
  // produce; report anything unexpected as an error rather than crashing.
  for (const e of [
    ...lexed.errors.map((l) => l.offset),
    ...modelfileParser.errors.map((p) => p.token.startOffset),
  ]) {
    const offset = Number.isFinite(e) ? e : decoded.text.length;
    built.errors.push({
      code: 'MODELFILE_INVALID_COMMAND',
      message: 'unexpected input',
      ollamaMessage: 'unexpected input',
      hint: 'The parser did not expect this text here (please report this as an mfc bug).',
      range: source.rangeOf(offset, offset),
      ...(options.file !== undefined ? { file: options.file } : {}),
    });
  }
  const result: ParseResult = {
    ast: {
      type: 'Modelfile',
      body: built.body,
      commands: built.commands,
      comments: built.comments,
      broken: built.broken,
      encoding: decoded.encoding,
      bom: decoded.bom,
      range: source.rangeOf(0, decoded.text.length),
    },
    commands: built.ollama,
    errors: built.errors,
    source,
  };
  if (options.file !== undefined) result.file = options.file;
  return result;
}

/** A syntax error as a diagnostic (severity error), for renderers and the linter. */
export function parseErrorToDiagnostic(error: ModelfileParseError): Diagnostic {
  const d: Diagnostic = {
    code: error.code,
    severity: 'error',
    message: error.message,
    hint: error.hint,
    range: error.range,
  };
  if (error.file !== undefined) d.file = error.file;
  return d;
}

/** `parseModelfile`, throwing an `MfcError` (the first error, as Ollama reports it) when the file is invalid. */
export function parseModelfileOrThrow(
  text: string | Uint8Array,
  options: ParseOptions = {},
): ParseResult {
  const result = parseModelfile(text, options);
  const first = result.errors[0];
  if (first) {
    throw new MfcError(first.code, first.message, {
      hint: first.hint,
      location: { file: options.file, range: first.range },
    });
  }
  return result;
}
