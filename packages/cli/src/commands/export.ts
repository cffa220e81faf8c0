import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { UsageError, withAtomicFile, formatBytes } from '@mfc/diagnostics';
import {
  EXPORT_FORMATS,
  planBytes,
  planExport,
  writeLayoutDir,
  writeLayoutTar,
  type ExportFormat,
  type ExportPlan,
} from '@mfc/oci';
import { Store } from '@mfc/store';
import { defineCommand, flag, printJson, stringOption, type CommandContext } from '../command.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';
import { appExportOptions, runAppExport } from './export-apps.js';

/** Streams the tar into a temp file beside `file`, fsyncs, renames: never a half archive. */
async function writeTarFile(plan: ExportPlan, file: string, onProgress: (n: number) => void) {
  await withAtomicFile(file, (f) => writeLayoutTar(plan, f.createWriteStream(), onProgress), {
    mode: 0o644,
  });
}

function formatOf(ctx: CommandContext): ExportFormat {
  const f = stringOption(ctx, 'format') ?? 'ollama';
  if (!(EXPORT_FORMATS as readonly string[]).includes(f))
    throw new UsageError(`unknown format '${f}'`, `use one of ${EXPORT_FORMATS.join(', ')}`);
  return f as ExportFormat;
}

export default defineCommand({
  name: 'export',
  summary:
    'Write models to an OCI image layout (tar or folder): Ollama, ModelPack or Docker format',
  usage: 'mfc export [options] NAME[:TAG]... (-o FILE.tar | -o - | --dir DIR | --to APP)',
  description: [
    'Writes an OCI image layout (oci-layout, index.json tagged with each model’s name,',
    'blobs/sha256/…) that `mfc import`, skopeo, oras and Docker Model Runner read. The',
    'archive is deterministic: the same models give the same bytes on any machine. Blobs',
    'shared by several models are stored once.',
    '  --format ollama     the store’s own manifest, bytes untouched (default)',
    '  --format modelpack  CNCF ModelPack; everything Ollama has travels as extra files, so',
    '                      importing it back gives the identical manifest',
    '  --format docker     Docker Model Runner (GGUF, license, context size); what it cannot',
    '                      carry (template, system prompt, parameters) is listed',
    'With --to lmstudio|jan|gpt4all the GGUF goes into that app’s models folder instead, with',
    'the chat template as Jinja in its header and the system prompt and parameters where the',
    'app reads them.',
  ].join('\n'),
  examples: [
    'mfc export mymodel -o mymodel.tar',
    'mfc export llama3 qwen2 -o models.tar --format modelpack',
    'mfc export mymodel -o - | ssh host mfc import -',
    'mfc export mymodel --dir ./layout --format docker',
    'mfc export mymodel --to lmstudio',
  ],
  options: {
    output: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'Tar file to write (`-` for stdout)',
    },
    ...appExportOptions,
    dir: {
      type: 'string',
      valueName: 'DIR',
      description: "Write an image layout folder instead (with --to: the app's models folder)",
    },
    format: {
      type: 'string',
      valueName: 'FORMAT',
      description: 'ollama (default), modelpack or docker',
    },
    models: modelsOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    if (stringOption(ctx, 'to') !== undefined) return runAppExport(ctx);
    const output = stringOption(ctx, 'output');
    const dir = stringOption(ctx, 'dir');
    if (!ctx.positionals.length)
      throw new UsageError('expected a model name', "see 'mfc export --help'");
    if (!output === !dir) throw new UsageError('give exactly one of -o FILE and --dir DIR');
    const format = formatOf(ctx);
    const store = new Store(modelsDirOf(ctx));
    const plan = await planExport(store, ctx.positionals, format);
    const total = planBytes(plan);
    const toStdout = output === '-';
    if (toStdout && ctx.terminal.stdoutIsTTY)
      throw new UsageError(
        'refusing to write a tar archive to a terminal',
        'redirect it: -o - > FILE.tar',
      );
    const bar = ctx.progress({
      label: `exporting ${plan.models.length} model(s)`,
      total,
      unit: 'bytes',
    });
    const target = dir ? resolve(ctx.cwd, dir) : toStdout ? '-' : resolve(ctx.cwd, output!);
    if (dir) await writeLayoutDir(plan, target, (n) => bar.update(n));
    else if (toStdout)
      await writeLayoutTar(plan, (ctx.terminal.stdoutStream ?? process.stdout) as Writable, (n) =>
        bar.update(n),
      );
    else await writeTarFile(plan, target, (n) => bar.update(n));
    bar.finish();
    for (const m of plan.models)
      if (m.notCarried.length)
        ctx.terminal.err(
          `${m.refName}: not carried by the ${format} format: ${m.notCarried.join(', ')}\n`,
        );
    const result = {
      output: target,
      format,
      bytes: total,
      models: plan.models.map((m) => ({
        name: m.refName,
        digest: m.descriptor.digest,
        mediaType: m.descriptor.mediaType,
        notCarried: m.notCarried,
      })),
    };
    if (flag(ctx, 'json')) printJson(ctx, result);
    else if (!toStdout)
      ctx.terminal.out(
        `exported ${plan.models.map((m) => m.refName).join(', ')} (${format}, ${formatBytes(total)}) to ${target}\n`,
      );
    return 0;
  },
});
