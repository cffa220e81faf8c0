/** The server on standard input/output, as `mfc lsp --stdio` runs it. */
import {
  createConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver/node.js';
import { startServer, type ServerOptions } from './server.js';

/**
 * Serves on stdin/stdout until the client sends `exit` or closes stdin. The
 * library then ends the process itself: exit code 0 after `shutdown`, else 1
 * (the LSP rule), so the returned promise only settles if it does not.
 */
export function runStdioServer(options: ServerOptions = {}): Promise<number> {
  const connection = createConnection(
    new StreamMessageReader(process.stdin),
    new StreamMessageWriter(process.stdout),
  );
  return new Promise((resolve) => {
    connection.onExit(() => resolve(0));
    startServer(connection, options);
  });
}
