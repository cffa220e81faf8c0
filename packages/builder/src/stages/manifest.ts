import {
  MediaType,
  encodeConfig,
  type Digest,
  type Layer,
  type HeldLock,
  type ModelConfig,
  type ModelName,
  type StoredModel,
} from '@mfc/store';
import type { BuildContext } from './context.js';

/**
 * Stage 7: the config blob and the manifest, then the blobs nothing
 * references any more: those this build made but dropped, and the previous
 * manifest's (unless --no-prune).
 */
export async function writeManifestStage(
  ctx: BuildContext,
  target: { name: ModelName; previous?: StoredModel; lock: HeldLock },
  config: ModelConfig,
  layers: Layer[],
): Promise<{ configLayer: Layer; digest: Digest; path: string }> {
  const { store } = ctx;
  const c = await store.blobs.writeBytes(encodeConfig(config));
  if (c.action !== 'existing') ctx.created.add(c.digest);
  const configLayer: Layer = { mediaType: MediaType.config, digest: c.digest, size: c.size };
  ctx.emit({ type: 'status', code: 'BUILD_S_WRITING_MANIFEST', message: 'writing manifest' });
  const written = await store.writeManifest(target.name, configLayer, layers);
  if (!ctx.options.noPrune) {
    const used = new Set([configLayer.digest, ...layers.map((l) => l.digest)]);
    const candidates = [...ctx.created].filter((d) => !used.has(d));
    const { previous } = target;
    if (previous)
      candidates.push(
        previous.manifest.config.digest,
        ...previous.manifest.layers.map((l) => l.digest),
      );
    if (candidates.length > 0) await store.deleteUnreferenced(candidates, target.lock);
  }
  return { configLayer, digest: written.digest, path: written.path };
}
