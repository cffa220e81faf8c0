/** The VS Code client: starts `mfc lsp --stdio` for Modelfiles. */
import { workspace, type ExtensionContext } from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type Executable,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node.js';

let client: LanguageClient | undefined;

/** `mfc lsp --stdio` from the `mfc.path` setting; a `.js` path runs with the Node inside VS Code. */
function serverOptions(): ServerOptions {
  const path = workspace.getConfiguration('mfc').get<string>('path') || 'mfc';
  const run: Executable = path.endsWith('.js')
    ? { command: process.execPath, args: [path, 'lsp', '--stdio'], transport: TransportKind.stdio }
    : { command: path, args: ['lsp', '--stdio'], transport: TransportKind.stdio };
  if (path.endsWith('.js')) run.options = { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
  return { run, debug: run };
}

export async function activate(context: ExtensionContext): Promise<void> {
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'modelfile' }],
  };
  client = new LanguageClient('mfc', 'Modelfile (mfc)', serverOptions(), clientOptions);
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('mfc.path') || !client) return;
      await client.stop();
      client = new LanguageClient('mfc', 'Modelfile (mfc)', serverOptions(), clientOptions);
      await client.start();
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
