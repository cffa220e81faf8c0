import { ociError, type OciErrorCode } from './errors.js';
import { architectureOf, fileTypeLabel, openGguf } from '@mfc/gguf';
import { decodeManifest, encodeConfig, encodeManifest, type Layer } from '@mfc/store';
import { encodeGoJson, type GoJsonValue } from '@mfc/gocompat';
import type { ArtifactBlob, ReadBlob } from './artifact.js';
import { descriptorFor } from './digest.js';
import {
  Annotation,
  DockerAiMediaType,
  LegacyCnaiMediaType,
  ModelPackMediaType,
  OllamaMediaType,
  kitOpsLayerKind,
  type ArtifactFormat,
} from './media-types.js';
import { OLLAMA_MANIFEST_FILE, OLLAMA_MEDIATYPE_ANNOTATION } from './ollama-layers.js';
import type { Descriptor, ImageManifest } from './types.js';

/** What a conversion into Ollama's format may ask of the artifact's source. */
export interface ForeignAccess {
  read: ReadBlob;
  /** A file holding the blob's bytes (to read a GGUF header). */
  pathOf(descriptor: Descriptor): Promise<string>;
  /**
   * The regular files of a tar layer that `pick` accepts, each made a blob of
   * its own (KitOps packs files as tar layers).
   */
  extractTar(
    layer: Descriptor,
    gzip: boolean,
    pick: (entry: string) => boolean,
  ): Promise<Array<{ entry: string; descriptor: Descriptor }>>;
}

/** A foreign artifact as an Ollama model: the manifest to write and its blobs. */
export interface OllamaArtifact {
  manifestBytes: Buffer;
  /** Config and layers; `data` for what the conversion made (config, params). */
  blobs: ArtifactBlob[];
  /** Files of the artifact that have no Ollama layer, by path and kind. */
  notMapped: string[];
}

/** Ollama's layer order, as `ollama create` writes them. */
const ORDER: string[] = [
  OllamaMediaType.model,
  OllamaMediaType.projector,
  OllamaMediaType.adapter,
  OllamaMediaType.draft,
  OllamaMediaType.template,
  OllamaMediaType.system,
  OllamaMediaType.license,
  OllamaMediaType.params,
  OllamaMediaType.messages,
];

const fail = (code: OciErrorCode, message: string, hint?: string): never => {
  throw ociError(code, message, {}, hint);
};

/** The file a layer stands for (`org.cncf.model.filepath` or the legacy key). */
function filePath(d: Descriptor): string {
  const a = d.annotations ?? {};
  return a[Annotation.filepath] ?? a[Annotation.legacyFilepath] ?? a[Annotation.title] ?? '';
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const isGguf = (p: string) => /\.gguf$/i.test(p);
const isProjector = (p: string) => /mmproj|projector/i.test(base(p));
const isLicense = (p: string) => /^(LICEN[CS]E|COPYING)(\.[a-z]+)?$/i.test(base(p));

/** Collects the layers of an Ollama model being assembled, in Ollama's order. */
class OllamaModelBuilder {
  readonly layers: { layer: Layer; data?: Buffer }[] = [];
  readonly notMapped: string[] = [];

  add(mediaType: string, d: Descriptor, data?: Buffer): void {
    this.layers.push({ layer: { mediaType, digest: d.digest, size: d.size }, data });
  }

  has(mediaType: string): boolean {
    return this.layers.some((l) => l.layer.mediaType === mediaType);
  }

  /** A GGUF file: the model (the first), a projector, or reported. */
  addGguf(d: Descriptor, path: string): void {
    if (isProjector(path) && !this.has(OllamaMediaType.projector))
      this.add(OllamaMediaType.projector, d);
    else if (!this.has(OllamaMediaType.model)) this.add(OllamaMediaType.model, d);
    else this.notMapped.push(`${path} (a second GGUF model file)`);
  }

  async finish(access: ForeignAccess, params?: Record<string, unknown>): Promise<OllamaArtifact> {
    if (params && Object.keys(params).length) {
      const sorted = new Map(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : 1)));
      const data = Buffer.from(encodeGoJson(sorted as GoJsonValue));
      this.add(OllamaMediaType.params, descriptorFor(OllamaMediaType.params, data), data);
    }
    const model = this.layers.find((l) => l.layer.mediaType === OllamaMediaType.model);
    if (!model) {
      fail(
        'OCI_NO_GGUF',
        'the artifact has no GGUF model file',
        'Ollama runs GGUF weights; convert safetensors first (mfc convert), then build',
      );
    }
    const g = await openGguf(await access.pathOf(model!.layer));
    const arch = architectureOf(g);
    const config = Buffer.from(
      encodeConfig({
        model_format: 'gguf',
        model_family: arch,
        model_families: [arch],
        model_type: g.parameterSize,
        file_type: fileTypeLabel(g),
      }),
    );
    const configLayer = descriptorFor(OllamaMediaType.config, config);
    const layers = [...this.layers].sort(
      (a, b) => ORDER.indexOf(a.layer.mediaType) - ORDER.indexOf(b.layer.mediaType),
    );
    const manifestBytes = Buffer.from(
      encodeManifest(
        { mediaType: configLayer.mediaType, digest: configLayer.digest, size: configLayer.size },
        layers.map((l) => l.layer),
      ),
    );
    return {
      manifestBytes,
      blobs: [
        { descriptor: configLayer, data: config },
        ...layers.map((l) => ({ descriptor: { ...l.layer }, ...(l.data ? { data: l.data } : {}) })),
      ],
      notMapped: this.notMapped,
    };
  }
}

/**
 * ModelPack (or its legacy `cnai` form) → Ollama. An artifact mfc exported
 * carries the original Ollama manifest: that is returned byte for byte once
 * every blob it names is found among the layers. Any other ModelPack maps by
 * file: GGUF weights, `template`/`system`/`params` files (the names Ollama
 * reads from a Hugging Face repository), LICENSE documents.
 */
export async function fromModelPack(
  m: ImageManifest,
  access: ForeignAccess,
): Promise<OllamaArtifact> {
  const embedded = m.layers.find((l) => filePath(l) === OLLAMA_MANIFEST_FILE);
  if (embedded) {
    const bytes = await access.read(embedded);
    const original = decodeManifest(bytes.toString('utf8'), OLLAMA_MANIFEST_FILE);
    const have = new Map(m.layers.map((l) => [l.digest, l.size]));
    for (const l of [original.config, ...original.layers]) {
      if (have.get(l.digest) !== l.size)
        fail(
          'OCI_MISSING_BLOB',
          `${OLLAMA_MANIFEST_FILE} names ${l.digest}, which the artifact lacks`,
        );
    }
    return {
      manifestBytes: bytes,
      blobs: [original.config, ...original.layers].map((l) => ({
        descriptor: { mediaType: l.mediaType, digest: l.digest, size: l.size },
      })),
      notMapped: [],
    };
  }
  const b = new OllamaModelBuilder();
  const weight = [ModelPackMediaType.weightRaw, LegacyCnaiMediaType.weightRaw] as string[];
  const weightConfig = [
    ModelPackMediaType.weightConfigRaw,
    LegacyCnaiMediaType.weightConfigRaw,
  ] as string[];
  const doc = [ModelPackMediaType.docRaw, LegacyCnaiMediaType.docRaw] as string[];
  let params: Record<string, unknown> | undefined;
  for (const l of m.layers) {
    const path = filePath(l) || l.digest;
    const ollamaType = l.annotations?.[OLLAMA_MEDIATYPE_ANNOTATION];
    if (weight.includes(l.mediaType) && isGguf(path)) b.addGguf(l, path);
    else if (weightConfig.includes(l.mediaType) && base(path) === 'template')
      b.add(OllamaMediaType.template, l);
    else if (weightConfig.includes(l.mediaType) && base(path) === 'system')
      b.add(OllamaMediaType.system, l);
    else if (weightConfig.includes(l.mediaType) && base(path) === 'params')
      params = { ...params, ...readParams(await access.read(l), path) };
    else if (doc.includes(l.mediaType) && isLicense(path)) b.add(OllamaMediaType.license, l);
    else if (ollamaType?.startsWith('application/vnd.ollama.image.')) b.add(ollamaType, l);
    else b.notMapped.push(`${path} (${l.mediaType})`);
  }
  return b.finish(access, params);
}

function readParams(bytes: Buffer, path: string): Record<string, unknown> {
  try {
    const v = JSON.parse(bytes.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  return fail('OCI_BAD_PARAMS', `${path} is not a JSON object of parameters`);
}

/**
 * Docker Model Runner → Ollama: the GGUF, projector, adapter and license
 * layers map one to one, `context_size` becomes `num_ctx`; a Jinja chat
 * template layer is reported (Ollama takes a Go template; the GGUF's own
 * template is what Ollama and mfc build read).
 */
export async function fromDocker(m: ImageManifest, access: ForeignAccess): Promise<OllamaArtifact> {
  const b = new OllamaModelBuilder();
  for (const l of m.layers) {
    const path = filePath(l) || l.digest;
    switch (l.mediaType) {
      case DockerAiMediaType.gguf:
        b.addGguf(l, path.endsWith('.gguf') ? path : 'model.gguf');
        break;
      case DockerAiMediaType.mmproj:
      case DockerAiMediaType.ggufMmproj:
        b.add(OllamaMediaType.projector, l);
        break;
      case DockerAiMediaType.ggufLora:
        b.add(OllamaMediaType.adapter, l);
        break;
      case DockerAiMediaType.license:
        b.add(OllamaMediaType.license, l);
        break;
      default:
        b.notMapped.push(`${path} (${l.mediaType})`);
    }
  }
  const cfg = JSON.parse((await access.read(m.config)).toString('utf8')) as {
    config?: { context_size?: unknown };
  };
  const ctx = cfg.config?.context_size;
  return b.finish(access, typeof ctx === 'number' && ctx > 0 ? { num_ctx: ctx } : undefined);
}

/**
 * KitOps ModelKit → Ollama: GGUF files are taken out of the model layers'
 * tars, LICENSE files out of the docs layers; code, datasets and other files
 * are reported.
 */
export async function fromKitOps(m: ImageManifest, access: ForeignAccess): Promise<OllamaArtifact> {
  const b = new OllamaModelBuilder();
  for (const l of m.layers) {
    const kind = kitOpsLayerKind(l.mediaType);
    if (!kind) {
      b.notMapped.push(`${l.digest} (${l.mediaType})`);
      continue;
    }
    if (kind.compression && kind.compression !== 'gzip') {
      b.notMapped.push(`${kind.kind} layer ${l.digest} (${kind.compression} compression)`);
      continue;
    }
    const gzip = kind.compression === 'gzip';
    const wanted =
      kind.kind === 'model' || kind.kind === 'modelpart'
        ? isGguf
        : kind.kind === 'docs'
          ? isLicense
          : () => false;
    const files = await access.extractTar(l, gzip, wanted);
    for (const f of files) {
      if (isGguf(f.entry)) b.addGguf(f.descriptor, f.entry);
      else if (!b.has(OllamaMediaType.license)) b.add(OllamaMediaType.license, f.descriptor);
      else b.notMapped.push(f.entry);
    }
    if (!files.length) b.notMapped.push(`${kind.kind} layer ${l.digest}`);
  }
  return b.finish(access);
}

/** The conversion for a detected format (Ollama manifests are taken as they are). */
export function foreignConverter(
  format: ArtifactFormat,
): ((m: ImageManifest, a: ForeignAccess) => Promise<OllamaArtifact>) | undefined {
  if (format === 'modelpack' || format === 'cnai') return fromModelPack;
  if (format === 'docker') return fromDocker;
  if (format === 'kitops') return fromKitOps;
  return undefined;
}
