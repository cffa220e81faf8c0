/**
 * Quick fixes: first the fix a finding carries (`Finding.fix`, exactly what
 * `mfc lint --fix` applies); for findings without one, the linter's did-you-mean suggestions (MF003 parameter names,
 * MF001 instruction names), removal of duplicates Ollama ignores (MF008) and
 * of deprecated parameters (MF005).
 */
import type { Finding } from '@mfc/lint';
import type { CommandNode, ParseResult } from '@mfc/modelfile';
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toDiagnostic } from './diagnostics.js';
import { toLspRange } from './positions.js';

/**
 * The replacement a finding suggests: `did you mean 'x'?`, `` did you mean `X`? ``
 * (MF003, MF001 instruction names) or `` write `user` `` (MF001 role case).
 */
export function suggestionOf(finding: Finding): string | undefined {
  const text = `${finding.message}\n${finding.hint ?? ''}`;
  return (/did you mean ['`]([^'`]+)['`]\?/.exec(text) ?? /write `([^`]+)`\./.exec(text))?.[1];
}

/** The range of the command's lines, line break included, for deleting it. */
function wholeLines(doc: TextDocument, command: CommandNode): Range {
  const start = toLspRange(command.range, doc).start;
  const end = toLspRange(command.range, doc).end;
  return {
    start: { line: start.line, character: 0 },
    end:
      end.line + 1 < doc.lineCount
        ? { line: end.line + 1, character: 0 }
        : doc.positionAt(doc.getText().length),
  };
}

function commandWithKeywordAt(parse: ParseResult, finding: Finding): CommandNode | undefined {
  return parse.ast.commands.find(
    (c) =>
      c.keyword.range.start.offset <= finding.range.start.offset &&
      finding.range.start.offset <= c.range.end.offset,
  );
}

const overlaps = (a: Range, b: Range) =>
  !(
    a.end.line < b.start.line ||
    (a.end.line === b.start.line && a.end.character < b.start.character) ||
    b.end.line < a.start.line ||
    (b.end.line === a.start.line && b.end.character < a.start.character)
  );

/** The quick fixes for the findings whose range overlaps `range`. */
export function codeActions(
  doc: TextDocument,
  parse: ParseResult,
  findings: readonly Finding[],
  range: Range,
  docsBaseUrl?: string,
): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of findings) {
    const diagnostic: Diagnostic = toDiagnostic(finding, doc, docsBaseUrl);
    if (!overlaps(diagnostic.range, range)) continue;
    const fix = (title: string, edit: TextEdit, preferred = true) =>
      actions.push({
        title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: preferred,
        edit: { changes: { [doc.uri]: [edit] } },
      });
    // The linter's own safe fix, the one `mfc lint --fix` applies.
    if (finding.fix) {
      fix(finding.fix.title, {
        range: toLspRange(finding.fix.range, doc),
        newText: finding.fix.text,
      });
      continue;
    }
    const suggestion = suggestionOf(finding);
    // Only where the finding covers exactly the misspelt word (not `FROM:` with its bad character).
    const word = doc.getText(diagnostic.range);
    if (
      (finding.code === 'MF003' || finding.code === 'MF001') &&
      suggestion &&
      /^\w+$/.test(word)
    ) {
      fix(`Change to '${suggestion}'`, { range: diagnostic.range, newText: suggestion });
      continue;
    }
    if (finding.code === 'MF008' || finding.code === 'MF005') {
      const command = commandWithKeywordAt(parse, finding);
      if (!command) continue;
      fix(
        finding.code === 'MF008'
          ? 'Remove this duplicate (Ollama ignores it)'
          : 'Remove this deprecated parameter',
        { range: wholeLines(doc, command), newText: '' },
      );
    }
  }
  return actions;
}
