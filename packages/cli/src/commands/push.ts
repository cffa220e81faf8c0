import { UsageError, formatBytes } from '@mfc/diagnostics';
import { isHfReference } from '@mfc/hf';
import { EXPORT_FORMATS, convertStoredModel, type ExportFormat } from '@mfc/oci';
import { displayReference, parseReference, pushModel } from '@mfc/registry';
import { displayFull, openStore } from '@mfc/store';
import { defineCommand, flag, printJson, stringOption } from '../command.js';
import { blobProgress, insecureOption, registryClient } from '../registry-shared.js';
import { modelsDirOf, modelsOption } from '../shared-options.js';

export default defineCommand({
  name: 'push',
  summary: 'Upload a model to a registry (Ollama’s, or any OCI registry)',
  usage: 'mfc push [options] NAME[:TAG] [DEST]  |  mfc push hf.co/USER/REPO NAME...',
  description: [
    'Uploads the model NAME from the store to DEST (default: NAME itself, which must then',
    'name a registry host, e.g. localhost:5000/team/model:tag). Blobs the registry already',
    'has are skipped, blobs of another repository on the same registry are mounted, the',
    'rest is uploaded in chunks; the manifest goes last, byte for byte as stored, so the',
    'registry’s digest is the model’s ID. Credentials come from docker’s or podman’s files',
    '(see mfc login). `mfc push hf.co/USER/REPO NAME…` publishes the models’ GGUFs (one per',
    'quantization), the template, system and params files Ollama reads and a model card to',
    'a Hugging Face repository ($HF_TOKEN, $HF_ENDPOINT).',
    '',
    '--format modelpack|docker pushes the model converted as `mfc export --format` does',
    '(a CNCF ModelPack or Docker Model Runner artifact; the manifest bytes are the',
    'exported ones); `mfc pull` converts such artifacts back. registry.ollama.ai and',
    'ollama.com take the signed token requests of your Ollama key (~/.ollama/id_ed25519):',
    'add its .pub at https://ollama.com/settings/keys and push as <your user>/<model>.',
  ].join('\n'),
  examples: [
    'mfc push localhost:5000/team/tiny:v1 --insecure',
    'mfc push tiny ghcr.io/me/tiny:q4',
    'mfc push tiny registry.example.com/models/tiny --json',
    'mfc push tiny localhost:5000/team/tiny:mp --format modelpack --insecure',
    'mfc push tiny me/tiny   # to ollama.com, as the user me, with the Ollama key',
  ],
  options: {
    models: modelsOption,
    insecure: insecureOption,
    format: {
      type: 'string',
      valueName: 'FORMAT',
      description: 'ollama (default: the manifest as stored), modelpack or docker',
    },
    json: { type: 'boolean', description: 'Progress as JSON events, the result as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals[0] && isHfReference(ctx.positionals[0]))
      return (await import('./push-hf.js')).runHfPush(ctx);
    const [source, dest, ...extra] = ctx.positionals;
    if (extra.length)
      throw new UsageError(`unexpected argument '${extra[0]}'`, "see 'mfc push --help'");
    if (!source)
      throw new UsageError(
        'expected the name of a model to push',
        'for example: mfc push tiny localhost:5000/me/tiny',
      );
    const format = stringOption(ctx, 'format') ?? 'ollama';
    if (!(EXPORT_FORMATS as readonly string[]).includes(format))
      throw new UsageError(`unknown format '${format}'`, `use one of ${EXPORT_FORMATS.join(', ')}`);
    const store = await openStore(modelsDirOf(ctx));
    const model = await store.find(source);
    const artifact =
      format === 'ollama'
        ? undefined
        : await convertStoredModel(store, source, format as ExportFormat);
    if (artifact?.notCarried.length && !flag(ctx, 'json'))
      ctx.terminal.err(
        `${model.shortName}: not carried by the ${format} format: ${artifact.notCarried.join(', ')}\n`,
      );
    const ref = parseReference(dest ?? displayFull(model.name), {
      insecure: flag(ctx, 'insecure'),
    });
    const progress = blobProgress(ctx, 'pushing');
    const chunk = Number(ctx.env.MFC_PUSH_CHUNK);
    const result = await pushModel({
      client: registryClient(ctx, ref),
      store,
      model,
      ...(artifact ? { artifact } : {}),
      ...(chunk > 0 ? { chunkSize: chunk } : {}),
      onEvent: (e) => {
        if (e.kind !== 'blob') return;
        if (e.state === 'uploading') progress.update(e.digest, e.total, e.done);
        else if (e.state === 'done')
          progress.finish(e.digest, e.total, '', { bytes: e.total, verb: 'uploaded' });
        else progress.finish(e.digest, e.total, e.state === 'exists' ? 'already there' : 'mounted');
      },
    });
    const target = displayReference(ref);
    if (flag(ctx, 'json')) {
      printJson(ctx, {
        model: model.shortName,
        destination: target,
        format,
        ...(artifact ? { notCarried: artifact.notCarried } : {}),
        ...result,
      });
      return 0;
    }
    const skipped = result.blobs.filter((b) => b.state !== 'uploaded').length;
    ctx.terminal.out(
      `pushed ${model.shortName}${artifact ? ` as ${format}` : ''} to ${target} (${result.manifestDigest.slice(7, 19)}): ` +
        `${formatBytes(result.uploaded)} uploaded, ${skipped} of ${result.blobs.length} blobs already there\n`,
    );
    return 0;
  },
});
