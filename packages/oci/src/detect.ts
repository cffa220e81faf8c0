import {
  DockerAiMediaType,
  KitOpsMediaType,
  LegacyCnaiMediaType,
  ModelPackMediaType,
  OllamaMediaType,
  type ArtifactFormat,
} from './media-types.js';
import type { ImageManifest } from './types.js';

/** Which model format a manifest is, from its artifactType, config and layer types. */
export function detectFormat(m: ImageManifest): ArtifactFormat {
  const c = m.config.mediaType;
  if (m.artifactType === ModelPackMediaType.artifact || c === ModelPackMediaType.config)
    return 'modelpack';
  if (m.artifactType === LegacyCnaiMediaType.artifact || c === LegacyCnaiMediaType.config)
    return 'cnai';
  if (c === DockerAiMediaType.configV01 || c === DockerAiMediaType.configV02) return 'docker';
  if (c === KitOpsMediaType.config) return 'kitops';
  if (m.layers.some((l) => l.mediaType.startsWith('application/vnd.ollama.image.')))
    return 'ollama';
  if (c === OllamaMediaType.config && m.layers.length === 0) return 'ollama';
  return 'unknown';
}
