import type { ConvertedArtifact, ReadBlob } from './artifact.js';
import { Annotation, DockerAiMediaType, OllamaMediaType } from './media-types.js';
import { OLLAMA_LAYER_FILES, numberedPath } from './ollama-layers.js';
import { configFacts, ociArtifact, type OllamaModel } from './to-modelpack.js';
import type { Descriptor } from './types.js';

const CARRIED: Record<string, { type: string; path: string }> = {
  [OllamaMediaType.model]: { type: DockerAiMediaType.gguf, path: 'model.gguf' },
  [OllamaMediaType.projector]: { type: DockerAiMediaType.mmproj, path: 'mmproj.gguf' },
  [OllamaMediaType.license]: { type: DockerAiMediaType.license, path: 'LICENSE' },
};

/** An Ollama params layer split into `num_ctx` (Docker's `context_size`) and the rest. */
function splitParams(bytes: Buffer): { ctx?: number; others: string[] } {
  let params: Record<string, unknown> = {};
  try {
    params = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { others: ['parameters'] };
  }
  const v = params.num_ctx;
  const ctx = typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
  return { ctx, others: Object.keys(params).filter((k) => k !== 'num_ctx' || !ctx) };
}

/**
 * ollama → Docker Model Runner (`config v0.1`, GGUF). Docker's format carries
 * the weights, projector, licenses and a context size; the Go template,
 * system prompt, other parameters, messages, adapters and draft models have no
 * place in it and are listed in `notCarried` (Docker Model Runner reads the
 * chat template from the GGUF itself).
 */
export async function toDocker(model: OllamaModel, read: ReadBlob): Promise<ConvertedArtifact> {
  const facts = configFacts(await read(model.manifest.config));
  const layers: Descriptor[] = [];
  const notCarried: string[] = [];
  const seen = new Map<string, number>();
  let ggufBytes = 0;
  let ctx: number | undefined;
  for (const l of model.manifest.layers) {
    const carried = CARRIED[l.mediaType];
    if (!carried) {
      if (l.mediaType === OllamaMediaType.params) {
        const split = splitParams(await read(l));
        ctx = split.ctx;
        if (split.others.length) notCarried.push(`parameters ${split.others.join(', ')}`);
        continue;
      }
      notCarried.push(OLLAMA_LAYER_FILES[l.mediaType]?.what ?? l.mediaType);
      continue;
    }
    const n = (seen.get(carried.path) ?? 0) + 1;
    seen.set(carried.path, n);
    if (carried.type === DockerAiMediaType.gguf) ggufBytes += l.size;
    layers.push({
      mediaType: carried.type,
      digest: l.digest,
      size: l.size,
      annotations: { [Annotation.filepath]: numberedPath(carried.path, n) },
    });
  }
  const config = Buffer.from(
    JSON.stringify({
      config: {
        format: facts.format,
        ...(facts.quantization ? { quantization: facts.quantization } : {}),
        ...(facts.paramSize ? { parameters: facts.paramSize } : {}),
        ...(facts.family ? { architecture: facts.family } : {}),
        size: `${ggufBytes}`,
        ...(ctx ? { context_size: ctx } : {}),
      },
      descriptor: {},
      rootfs: { type: 'rootfs', diff_ids: layers.map((l) => l.digest) },
    }),
  );
  return ociArtifact({
    config: { mediaType: DockerAiMediaType.configV01, data: config },
    layers,
    notCarried,
  });
}
