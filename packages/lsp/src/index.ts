/**
 * @mfc/lsp — the Modelfile language server (`mfc lsp --stdio`).
 *
 *   startServer(connection, { env?, cwd?, debounceMs?, version? })   serve on a vscode-languageserver connection
 *   runStdioServer(options)                                          serve on stdin/stdout
 *
 * The features are plain functions over a parse, for tests and other hosts:
 *   hoverAt, completeAt, formatDocument, documentSymbols, definitionAt, codeActions, toDiagnostics
 */
export { startServer, type ServerOptions } from './server.js';
export { runStdioServer } from './stdio.js';
export { hoverAt } from './hover.js';
export { completeAt, pathItems, storeModelNames, type CompletionOptions } from './completion.js';
export { formatDocument } from './formatting.js';
export { documentSymbols } from './symbols.js';
export { definitionAt } from './definition.js';
export { codeActions, suggestionOf } from './code-actions.js';
export { toDiagnostic, toDiagnostics } from './diagnostics.js';
export { cursorContext, commandViews, type CursorContext, type CommandView } from './context.js';
export { defaultDocsBaseUrl, ruleDocsUrl } from './docs-url.js';
