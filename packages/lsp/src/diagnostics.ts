/** Lint findings as LSP diagnostics: rule code, exact range, severity, a link to the rule page. */
import { allRules, type Finding } from '@mfc/lint';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleDocsUrl } from './docs-url.js';
import { toLspRange } from './positions.js';

const SEVERITY = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
} as const;

const docsPathOf = new Map(allRules.map((r) => [r.meta.id, r.meta.docs]));

/** One finding as a diagnostic; its hint is the message's second line. */
export function toDiagnostic(
  finding: Finding,
  doc: TextDocument | undefined,
  docsBaseUrl: string | undefined,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range, doc),
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: 'mfc',
    message: finding.hint ? `${finding.message}\n${finding.hint}` : finding.message,
  };
  const docsPath = docsPathOf.get(finding.code);
  const href = docsPath === undefined ? undefined : ruleDocsUrl(docsBaseUrl, docsPath);
  if (href !== undefined) diagnostic.codeDescription = { href };
  return diagnostic;
}

/** Findings as diagnostics, in the linter's order. */
export function toDiagnostics(
  findings: readonly Finding[],
  doc: TextDocument | undefined,
  docsBaseUrl: string | undefined,
): Diagnostic[] {
  return findings.map((f) => toDiagnostic(f, doc, docsBaseUrl));
}
