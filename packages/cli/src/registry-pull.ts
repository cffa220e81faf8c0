import { fetchManifest, parseReference, pullModel, tuningFromEnv } from '@mfc/registry';
import { importPulledArtifact } from '@mfc/oci';
import { openStore } from '@mfc/store';
import { formatBytes } from '@mfc/diagnostics';
import { flag, printJson, type CommandContext } from './command.js';
import { blobProgress, registryClient } from './registry-shared.js';
import { modelsDirOf } from './shared-options.js';

/** `mfc pull REF` for a registry reference (anything but hf.co). */
export async function pullFromRegistry(ctx: CommandContext, text: string): Promise<number> {
  const ref = parseReference(text, { insecure: flag(ctx, 'insecure') });
  const client = registryClient(ctx, ref);
  const store = await openStore(modelsDirOf(ctx));
  if (flag(ctx, 'dry-run')) {
    const { manifest } = await fetchManifest(client);
    const missing = [];
    for (const d of [...manifest.layers, manifest.config])
      if (!(await store.blobs.has(d.digest, d.size))) missing.push(d);
    const bytes = missing.reduce((s, d) => s + d.size, 0);
    if (flag(ctx, 'json')) printJson(ctx, { dryRun: true, missing, bytesToFetch: bytes });
    else
      ctx.terminal.out(
        `would fetch ${formatBytes(bytes)} in ${missing.length} blob${missing.length === 1 ? '' : 's'} for ${text}\n`,
      );
    return 0;
  }
  const progress = blobProgress(ctx, 'pulling');
  const result = await pullModel({
    client,
    store,
    importArtifact: importPulledArtifact,
    tuning: tuningFromEnv(ctx.env),
    onEvent: (e) => {
      if (e.kind !== 'blob') return;
      if (e.state === 'fetching') progress.update(e.digest, e.total, e.done);
      else if (e.state === 'cached') progress.finish(e.digest, e.total, 'already in the store');
      else
        progress.finish(
          e.digest,
          e.total,
          e.resumed ? `resumed at ${formatBytes(e.resumed)}` : '',
          { bytes: e.total - (e.resumed ?? 0), verb: 'fetched' },
        );
    },
  });
  if (flag(ctx, 'json')) {
    printJson(ctx, result);
    return 0;
  }
  const cached = result.blobs.filter((b) => b.state === 'cached').length;
  ctx.terminal.out(
    `pulled ${result.name} (${result.manifestDigest.slice(7, 19)}): ${formatBytes(result.fetched)} fetched, ` +
      `${cached} of ${result.blobs.length} blobs already in the store\n`,
  );
  return 0;
}
