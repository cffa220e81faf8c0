import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UsageError, checkInputStats, formatBytes } from '@mfc/diagnostics';
import { cliError } from '../error-codes.js';
import {
  importLayout,
  listLayout,
  readLayoutDir,
  readLayoutTar,
  type LayoutSource,
} from '@mfc/oci';
import { Store } from '@mfc/store';
import { defineCommand, flag, printJson, stringOption, type CommandContext } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

/** Opens FILE.tar, DIR or `-` as a layout, counting the bytes read for progress. */
async function openSource(
  ctx: CommandContext,
  arg: string,
  store: Store,
  listOnly: boolean,
): Promise<LayoutSource> {
  if (arg === '-') {
    return readLayoutTar(ctx.terminal.stdin ?? process.stdin, '-', store.blobs, { listOnly });
  }
  const path = resolve(ctx.cwd, arg);
  const st = await stat(path).catch(() => {
    throw cliError('IMPORT_NOT_FOUND', 'no such file or folder', { location: { file: path } });
  });
  if (st.isDirectory()) return readLayoutDir(path, store.blobs);
  checkInputStats(path, st, {
    directory: true,
    hint: 'to read a pipe, give `-` and redirect it to standard input',
  });
  const bar = ctx.progress({ label: `reading ${arg}`, total: st.size, unit: 'bytes' });
  let n = 0;
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  input.on('data', (c) => bar.update((n += c.length)));
  try {
    return await readLayoutTar(input, path, store.blobs, { listOnly, archiveSize: st.size });
  } finally {
    bar.finish();
  }
}

export default defineCommand({
  name: 'import',
  summary:
    'Import models from an OCI image layout (tar, folder or stdin): Ollama, ModelPack, Docker, KitOps',
  usage: 'mfc import [options] (FILE.tar | DIR | -)',
  description: [
    'Reads what `mfc export`, skopeo, oras, Docker Model Runner or KitOps wrote. Every blob',
    'is checked against its digest and size while it streams, staged, and moved into the store',
    'only when every model converted; manifests are written last. An Ollama manifest keeps its',
    'bytes; a foreign artifact becomes a runnable Ollama model, and files that have no Ollama',
    'layer are listed. Models keep the archive’s names (`org.opencontainers.image.ref.name`)',
    'unless -t names one.',
  ].join('\n'),
  examples: [
    'mfc import mymodel.tar',
    'mfc import ./layout -t mymodel:v2',
    'mfc import --list models.tar',
    'ssh host mfc export m -o - | mfc import -',
  ],
  options: {
    tag: {
      type: 'string',
      short: 't',
      valueName: 'NAME',
      description: 'Name for the imported model',
    },
    list: { type: 'boolean', description: 'Show what the archive holds; import nothing' },
    models: modelsOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1)
      throw new UsageError('expected one archive, folder or -', "see 'mfc import --help'");
    const store = new Store(modelsDirOf(ctx));
    const list = flag(ctx, 'list');
    const source = await openSource(ctx, ctx.positionals[0], store, list);
    if (list) {
      const entries = await listLayout(source).finally(() => source.dispose());
      if (flag(ctx, 'json')) printJson(ctx, entries);
      else
        for (const e of entries)
          ctx.terminal.out(
            `${e.refName ?? '(no name)'}\t${e.format}\t${formatBytes(e.size)}\t${e.layers.length} layers\t${e.manifest.digest}\n`,
          );
      return 0;
    }
    const imported = await importLayout(store, source, { tag: stringOption(ctx, 'tag') });
    for (const m of imported)
      if (m.notMapped.length)
        ctx.terminal.err(
          `${m.name}: not imported (no Ollama layer for them): ${m.notMapped.join(', ')}\n`,
        );
    if (flag(ctx, 'json')) printJson(ctx, imported);
    else for (const m of imported) ctx.terminal.out(`imported ${m.name} (${m.format})\n`);
    return 0;
  },
});
