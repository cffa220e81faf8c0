/** A real JSON-RPC client over stdio for `node packages/cli/bin/mfc.js lsp --stdio`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node.js';

export const mfcBin = fileURLToPath(new URL('../../cli/bin/mfc.js', import.meta.url));

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    source: string;
    message: string;
    codeDescription?: { href: string };
  }[];
}

export interface LspSession {
  connection: MessageConnection;
  child: ChildProcess;
  /** Resolves with the next diagnostics published for `uri` that satisfy `pred`. */
  diagnostics(
    uri: string,
    pred?: (d: PublishedDiagnostics) => boolean,
  ): Promise<PublishedDiagnostics>;
  exitCode: Promise<number | null>;
}

export function startLsp(env: NodeJS.ProcessEnv, cwd: string): LspSession {
  const child = spawn(process.execPath, [mfcBin, 'lsp', '--stdio'], {
    env,
    cwd,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const seen: PublishedDiagnostics[] = [];
  const waiters: {
    uri: string;
    pred: (d: PublishedDiagnostics) => boolean;
    resolve: (d: PublishedDiagnostics) => void;
  }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
    seen.push(p);
    for (const w of [...waiters]) {
      if (w.uri === p.uri && w.pred(p)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(p);
      }
    }
  });
  connection.listen();
  const exitCode = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => resolve(code)),
  );
  return {
    connection,
    child,
    exitCode,
    diagnostics(uri, pred = () => true) {
      return new Promise((resolve) => waiters.push({ uri, pred, resolve }));
    },
  };
}
