/**
 * The language server: wires the feature functions to a connection.
 * Incremental sync; lint diagnostics are published after a pause in typing.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lintModelfile, type Finding } from '@mfc/lint';
import { parseModelfile, type ParseResult } from '@mfc/modelfile';
import { resolveModelsDir } from '@mfc/store';
import {
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions } from './code-actions.js';
import { completeAt } from './completion.js';
import { definitionAt } from './definition.js';
import { toDiagnostics } from './diagnostics.js';
import { defaultDocsBaseUrl } from './docs-url.js';
import { formatDocument } from './formatting.js';
import { hoverAt } from './hover.js';
import { decodedOffset, toLspRange } from './positions.js';
import { documentSymbols } from './symbols.js';

export interface ServerOptions {
  /** Environment for the store location (`OLLAMA_MODELS`) and `MFC_DOCS_URL`. */
  env?: NodeJS.ProcessEnv;
  /** Folder for relative paths of documents that are not files (default: the current folder). */
  cwd?: string;
  /** Pause after the last change before linting, in ms (default 200; `initializationOptions.debounceMs` overrides). */
  debounceMs?: number;
  /** Server version reported in `initialize`. */
  version?: string;
}

interface Analysis {
  version: number;
  parse: ParseResult;
  findings?: Finding[];
}

/** The path of a `file:` URI, or undefined. */
function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** Starts serving on `connection` (call `connection.listen()` is done here). */
export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, Analysis>();
  const timers = new Map<string, NodeJS.Timeout>();
  let debounceMs = options.debounceMs ?? 200;
  let docsBaseUrl = defaultDocsBaseUrl(env);
  const modelsDir = resolveModelsDir(undefined, env, cwd);
  const reported = new Set<string>();

  const baseDirOf = (uri: string) => {
    const path = filePathOf(uri);
    return path ? dirname(path) : cwd;
  };

  /** The parse of the document's current text (cached per version). */
  const analysisOf = (doc: TextDocument): Analysis => {
    const cached = analyses.get(doc.uri);
    if (cached && cached.version === doc.version) return cached;
    const fresh: Analysis = { version: doc.version, parse: parseModelfile(doc.getText()) };
    analyses.set(doc.uri, fresh);
    return fresh;
  };

  const lint = async (doc: TextDocument) => {
    const version = doc.version;
    const file = filePathOf(doc.uri);
    let findings: Finding[];
    try {
      const result = await lintModelfile(doc.getText(), file ? { file } : { baseDir: cwd });
      findings = result.findings;
    } catch (err) {
      // A broken config file: say so once per distinct problem, not on every keystroke.
      const message = `mfc lint: ${(err as Error).message}`;
      if (!reported.has(message)) {
        reported.add(message);
        void connection.window.showErrorMessage(message);
      }
      return;
    }
    const current = documents.get(doc.uri);
    if (!current || current.version !== version) return; // superseded by a newer change
    analysisOf(current).findings = findings;
    await connection.sendDiagnostics({
      uri: doc.uri,
      version,
      diagnostics: toDiagnostics(findings, current, docsBaseUrl),
    });
  };

  const schedule = (doc: TextDocument, delay: number) => {
    clearTimeout(timers.get(doc.uri));
    timers.set(
      doc.uri,
      setTimeout(() => {
        timers.delete(doc.uri);
        void lint(doc);
      }, delay),
    );
  };

  connection.onInitialize((params): InitializeResult => {
    const init = (params.initializationOptions ?? {}) as {
      debounceMs?: number;
      docsBaseUrl?: string;
    };
    if (typeof init.debounceMs === 'number') debounceMs = init.debounceMs;
    if (typeof init.docsBaseUrl === 'string') docsBaseUrl = init.docsBaseUrl;
    return {
      capabilities: {
        textDocumentSync: {
          openClose: true,
          change: TextDocumentSyncKind.Incremental,
          save: false,
        },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['.', ' ', '/', '{'] },
        documentFormattingProvider: true,
        documentSymbolProvider: true,
        definitionProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'mfc', ...(options.version ? { version: options.version } : {}) },
    };
  });

  documents.onDidOpen((e) => schedule(e.document, 0));
  documents.onDidChangeContent((e) => schedule(e.document, debounceMs));
  documents.onDidClose((e) => {
    clearTimeout(timers.get(e.document.uri));
    timers.delete(e.document.uri);
    analyses.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  const withDoc = <T>(uri: string, f: (doc: TextDocument) => T): T | null => {
    const doc = documents.get(uri);
    return doc ? f(doc) : null;
  };

  connection.onHover((p) =>
    withDoc(p.textDocument.uri, (doc) => {
      const hover = hoverAt(analysisOf(doc).parse, decodedOffset(doc, p.position));
      return hover ?? null;
    }),
  );

  connection.onCompletion(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const parse = analysisOf(doc).parse;
    return completeAt(parse, decodedOffset(doc, p.position), {
      baseDir: baseDirOf(doc.uri),
      modelsDir,
      rangeOf: (start, end) => toLspRange(parse.source.rangeOf(start, end), doc),
    });
  });

  connection.onDocumentFormatting((p) =>
    withDoc(p.textDocument.uri, (doc) => formatDocument(doc) ?? null),
  );

  connection.onDocumentSymbol((p) =>
    withDoc(p.textDocument.uri, (doc) => documentSymbols(analysisOf(doc).parse, doc)),
  );

  connection.onDefinition((p) =>
    withDoc(p.textDocument.uri, (doc) => {
      return (
        definitionAt(analysisOf(doc).parse, decodedOffset(doc, p.position), baseDirOf(doc.uri)) ??
        null
      );
    }),
  );

  connection.onCodeAction(async (p) => {
    const doc = documents.get(p.textDocument.uri);
    if (!doc) return [];
    const analysis = analysisOf(doc);
    let findings = analysis.findings;
    if (!findings) {
      // Asked before the debounced lint ran: lint now.
      const file = filePathOf(doc.uri);
      findings = (await lintModelfile(doc.getText(), file ? { file } : { baseDir: cwd })).findings;
    }
    return codeActions(doc, analysis.parse, findings, p.range, docsBaseUrl);
  });

  connection.onShutdown(() => {
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}
