/**
 * A Go template and where it came from: a Modelfile's TEMPLATE, a template
 * file or a built-in. Parse errors carry positions in the file the user
 * wrote — for a Modelfile, its line and column, not the template's.
 */
import { LineIndex, MfcError, type Range } from '@mfc/diagnostics';
import { TemplateParseError, parseTemplate, type GoTemplate } from '@mfc/gotemplate';
import { parseModelfile } from '@mfc/modelfile';

export interface TemplateSource {
  text: string;
  file: string;
  /** The whole Modelfile text, when the template came from one. */
  modelfile?: string;
  /** Offset of the template's first character in the Modelfile. */
  offset: number;
  /** Offsets (in the Modelfile) of characters Ollama dropped from the value. */
  dropped: number[];
}

/** A template that is the whole of `text` (a template file, stdin, a built-in). */
export function plainTemplateSource(text: string, file: string): TemplateSource {
  return { text, file, offset: 0, dropped: [] };
}

/**
 * The last TEMPLATE of a Modelfile (the one Ollama uses), with the source map
 * back into the Modelfile. Throws the Modelfile's first syntax error, or
 * TEMPLATE_MISSING.
 */
export function modelfileTemplateSource(modelfile: string, file: string): TemplateSource {
  const parsed = parseModelfile(modelfile, { file });
  if (parsed.errors.length > 0) {
    const e = parsed.errors[0];
    throw new MfcError(e.code, e.message, { location: { file, range: e.range } });
  }
  const commands = parsed.ast.commands.filter((c) => c.instruction === 'template');
  const last = commands[commands.length - 1];
  if (!last)
    throw new MfcError('TEMPLATE_MISSING', `${file} has no TEMPLATE`, { location: { file } });
  return {
    text: last.value.value,
    file,
    modelfile: parsed.source.text,
    offset: last.value.contentRange.start.offset,
    dropped: last.value.dropped.map((d) => d.range.start.offset),
  };
}

/** Maps an offset in the template text to the file's range (Modelfile line/column when it came from one). */
export function templateRange(src: TemplateSource, templateOffset: number): Range {
  const text = src.modelfile ?? src.text;
  let offset = src.offset + templateOffset;
  if (src.modelfile) for (const d of src.dropped) if (d <= offset) offset++;
  return new LineIndex(text).rangeOf(offset, offset);
}

/** Go's parse error as a diagnostic positioned in the source file. */
export function templateParseError(src: TemplateSource, e: TemplateParseError): MfcError {
  const range = templateRange(src, e.offset);
  return new MfcError('TEMPLATE_PARSE', e.goMessage, {
    location: { file: src.file, range },
    hint: src.modelfile ? `template line ${e.line}, column ${e.column}` : undefined,
  });
}

/** Parses the template with Go's rules; a parse error is thrown as {@link templateParseError}. */
export function parseTemplateSource(src: TemplateSource): GoTemplate {
  try {
    return parseTemplate(src.text);
  } catch (e) {
    if (e instanceof TemplateParseError) throw templateParseError(src, e);
    throw e;
  }
}
