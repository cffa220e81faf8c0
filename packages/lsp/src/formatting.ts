/** Document formatting: exactly what `mfc fmt` prints. */
import { format, parseModelfile } from '@mfc/modelfile';
import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * One edit replacing the whole text with `mfc fmt`'s output, none when the
 * text is already formatted, or undefined when it has syntax errors (`mfc fmt`
 * leaves such files alone; a missing FROM does not block, as in `mfc fmt`).
 */
export function formatDocument(doc: TextDocument): TextEdit[] | undefined {
  const text = doc.getText();
  const result = parseModelfile(text);
  if (result.errors.some((e) => e.code !== 'MODELFILE_NO_FROM')) return undefined;
  const formatted = format(result);
  const current = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (formatted === current) return [];
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return [
    {
      range: { start: doc.positionAt(start), end: doc.positionAt(text.length) },
      newText: formatted,
    },
  ];
}
