import { ociErrorWith } from './errors.js';
import {
  displayShortest,
  encodeManifest as encodeOllamaManifest,
  nameProblem,
  parseName,
  parseModelName,
  type ModelName,
  type Store,
} from '@mfc/store';
import { detectFormat } from './detect.js';
import type { LayoutSource } from './layout-read.js';
import { Annotation, DockerMediaType, OciMediaType, type ArtifactFormat } from './media-types.js';
import { foreignConverter, type OllamaArtifact } from './to-ollama.js';
import { parseManifest, type Descriptor } from './types.js';

/** One model an archive holds, as `--list` shows it and import plans it. */
export interface LayoutEntry {
  refName: string | undefined;
  format: ArtifactFormat;
  manifest: Descriptor;
  /** Config plus layers, in bytes. */
  size: number;
  layers: Array<{ mediaType: string; size: number; path?: string }>;
}

export interface ImportedModel {
  name: string;
  format: ArtifactFormat;
  manifestDigest: string;
  /** Files of a foreign artifact with no Ollama layer. */
  notMapped: string[];
}

/** The models of a layout, without importing anything. */
export async function listLayout(source: LayoutSource): Promise<LayoutEntry[]> {
  const out: LayoutEntry[] = [];
  for (const d of source.index.manifests) {
    const m = parseManifest(await source.read(d), { file: `${source.name}: ${d.digest}` });
    out.push({
      refName: d.annotations?.[Annotation.refName],
      format: detectFormat(m),
      manifest: d,
      size: m.config.size + m.layers.reduce((n, l) => n + l.size, 0),
      layers: m.layers.map((l) => ({
        mediaType: l.mediaType,
        size: l.size,
        ...(l.annotations?.[Annotation.filepath]
          ? { path: l.annotations[Annotation.filepath] }
          : {}),
      })),
    });
  }
  return out;
}

function modelName(source: LayoutSource, d: Descriptor, tag: string | undefined): ModelName {
  const ref = tag ?? d.annotations?.[Annotation.refName];
  if (!ref)
    throw ociErrorWith(
      'OCI_NO_NAME',
      `${source.name}: manifest ${d.digest} has no reference name`,
      {
        location: { file: source.name },
        hint: 'name the model with -t NAME',
      },
    );
  const problem = nameProblem(parseName(ref));
  if (problem)
    throw ociErrorWith('OCI_BAD_NAME', `'${ref}' is not a valid model name: ${problem}`, {
      location: { file: source.name },
      hint: tag ? undefined : 'name the model with -t NAME',
    });
  return parseModelName(ref);
}

/**
 * Imports every model of a layout: each manifest converted to Ollama's format
 * (Ollama manifests keep their bytes), every blob it needs checked to be
 * present and verified, then blobs committed to the store (renames of staged
 * files) and the manifests written last. Any problem before the commit leaves
 * the store untouched; staged files are deleted either way.
 */
export async function importLayout(
  store: Store,
  source: LayoutSource,
  options: { tag?: string } = {},
): Promise<ImportedModel[]> {
  try {
    const manifests = source.index.manifests;
    if (!manifests.length)
      throw ociErrorWith('OCI_EMPTY', `${source.name}: index.json lists no manifest`, {
        location: { file: source.name },
      });
    if (options.tag && manifests.length > 1)
      throw ociErrorWith(
        'OCI_TAG_AMBIGUOUS',
        `-t names one model, but ${source.name} holds ${manifests.length}`,
        {
          location: { file: source.name },
          hint: 'import without -t to keep the archive’s names',
        },
      );
    const planned: Array<{
      name: ModelName;
      format: ArtifactFormat;
      artifact: OllamaArtifact;
      digest: string;
    }> = [];
    for (const d of manifests) {
      if (d.mediaType === OciMediaType.index || d.mediaType === DockerMediaType.manifestList)
        throw ociErrorWith(
          'OCI_UNSUPPORTED',
          `${source.name}: nested index ${d.digest} is not supported`,
          {
            location: { file: source.name },
          },
        );
      const name = modelName(source, d, options.tag);
      const bytes = await source.read(d);
      const m = parseManifest(bytes, { file: `${source.name}: ${d.digest}` });
      const format = detectFormat(m);
      let artifact: OllamaArtifact;
      if (format === 'ollama') {
        // Schema2 bytes are kept; an Ollama manifest re-typed as OCI (by a copy tool) is re-encoded.
        const manifestBytes =
          m.mediaType === DockerMediaType.manifest
            ? bytes
            : Buffer.from(encodeOllamaManifest(m.config, m.layers));
        artifact = {
          manifestBytes,
          blobs: [m.config, ...m.layers].map((descriptor) => ({ descriptor })),
          notMapped: [],
        };
      } else {
        const convert = foreignConverter(format);
        if (!convert)
          throw ociErrorWith(
            'OCI_UNKNOWN_FORMAT',
            `${displayShortest(name)}: not a model artifact mfc can read (config ${m.config.mediaType})`,
            {
              location: { file: source.name },
              hint: 'mfc reads Ollama, ModelPack, Docker Model Runner and KitOps artifacts',
            },
          );
        artifact = await convert(m, source);
      }
      for (const b of artifact.blobs) if (!b.data) await source.stage(b.descriptor);
      planned.push({ name, format, artifact, digest: d.digest });
    }
    const out: ImportedModel[] = [];
    for (const p of planned) {
      for (const b of p.artifact.blobs) {
        if (b.data) await store.blobs.writeBytes(b.data);
        else await store.blobs.commitStaged(await source.stage(b.descriptor));
      }
    }
    for (const p of planned) {
      const written = await store.writeManifestBytes(p.name, p.artifact.manifestBytes);
      out.push({
        name: displayShortest(p.name),
        format: p.format,
        manifestDigest: written.digest,
        notMapped: p.artifact.notMapped,
      });
    }
    return out;
  } finally {
    source.dispose();
  }
}
