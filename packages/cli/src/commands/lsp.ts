import { UsageError } from '@mfc/diagnostics';
import { defineCommand, flag } from '../command.js';
import { VERSION } from '../version.js';

export default defineCommand({
  name: 'lsp',
  summary: 'Run the Modelfile language server (for editors)',
  usage: 'mfc lsp --stdio',
  description: [
    'Speaks the Language Server Protocol on standard input/output: lint diagnostics as you type,',
    'hover docs, completion, formatting (exactly `mfc fmt`), quick fixes, an outline and',
    'go-to-definition on FROM/ADAPTER paths. Editors start it; see editors/vscode and the README.',
    'Model names are completed from the store in $OLLAMA_MODELS (default ~/.ollama/models).',
  ].join('\n'),
  examples: ['mfc lsp --stdio'],
  options: {
    stdio: { type: 'boolean', description: 'Talk over standard input/output (the only transport)' },
  },
  async run(ctx) {
    if (!flag(ctx, 'stdio'))
      throw new UsageError('mfc lsp needs --stdio', 'editors start it as `mfc lsp --stdio`');
    if (ctx.positionals.length > 0)
      throw new UsageError(`unexpected argument '${ctx.positionals[0]}'`);
    const { runStdioServer } = await import('@mfc/lsp');
    return runStdioServer({ env: ctx.env, cwd: ctx.cwd, version: VERSION });
  },
});
