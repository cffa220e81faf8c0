/** Between mfc's ranges (1-based line/column, UTF-16, offsets in the decoded text) and LSP's. */
import type { Range as MfcRange } from '@mfc/diagnostics';
import type { Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * mfc's line/column rules are LSP's (CR, LF and CRLF each end a line; columns
 * count UTF-16 units), so the conversion is an off-by-one. A byte order mark
 * in the editor's text is not part of the decoded text and shifts line 1.
 */
export function toLspRange(range: MfcRange, doc?: TextDocument): Range {
  return { start: toLspPosition(range.start, doc), end: toLspPosition(range.end, doc) };
}

function toLspPosition(p: { line: number; column: number }, doc?: TextDocument): Position {
  const bom = p.line === 1 && doc !== undefined && doc.getText().charCodeAt(0) === 0xfeff ? 1 : 0;
  return { line: p.line - 1, character: p.column - 1 + bom };
}

/** The offset in the decoded text (no BOM) of an LSP position. */
export function decodedOffset(doc: TextDocument, position: Position): number {
  const offset = doc.offsetAt(position);
  return doc.getText().charCodeAt(0) === 0xfeff ? Math.max(0, offset - 1) : offset;
}
