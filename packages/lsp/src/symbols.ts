/** Document symbols: an outline of the commands. */
import type { CommandNode, ParseResult } from '@mfc/modelfile';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspRange } from './positions.js';

const KIND: Record<CommandNode['instruction'], SymbolKind> = {
  from: SymbolKind.Module,
  adapter: SymbolKind.Module,
  draft: SymbolKind.Module,
  parameter: SymbolKind.Property,
  message: SymbolKind.Event,
  template: SymbolKind.String,
  system: SymbolKind.String,
  license: SymbolKind.String,
  renderer: SymbolKind.Constant,
  parser: SymbolKind.Constant,
  requires: SymbolKind.Constant,
};

/** The first line of a value, shortened for the outline. */
function preview(value: string): string {
  const line = value.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const t = line.trim();
  return t.length > 40 ? `${t.slice(0, 39)}…` : t;
}

/** One symbol per command, named `KEYWORD [name]`, with the value as detail. */
export function documentSymbols(parse: ParseResult, doc?: TextDocument): DocumentSymbol[] {
  return parse.ast.commands.map((cmd) => {
    const keyword = cmd.instruction.toUpperCase();
    const name =
      cmd.instruction === 'parameter'
        ? `${keyword} ${cmd.parameter.text}`
        : cmd.instruction === 'message'
          ? `${keyword} ${cmd.role.text}`
          : keyword;
    const symbol: DocumentSymbol = {
      name,
      kind: KIND[cmd.instruction],
      range: toLspRange(cmd.range, doc),
      selectionRange: toLspRange(cmd.keyword.range, doc),
    };
    const detail = preview(cmd.value.value);
    if (detail !== '') symbol.detail = detail;
    return symbol;
  });
}
