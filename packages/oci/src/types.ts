import { isDigest, parseDigest, type Digest } from '@mfc/store';
import { ociError, type OciErrorCode } from './errors.js';
import { DockerMediaType, OciMediaType } from './media-types.js';

/** A content descriptor (image-spec `descriptor.md`). */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  artifactType?: string;
}

/** An image manifest: Docker schema2 or OCI (with `artifactType` and `subject`). */
export interface ImageManifest {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  config: Descriptor;
  layers: Descriptor[];
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** An image index (`index.json` of a layout, or a multi-manifest). */
export interface ImageIndex {
  schemaVersion: 2;
  mediaType: string;
  artifactType?: string;
  manifests: Descriptor[];
  annotations?: Record<string, string>;
}

/** Where a parse problem is reported: the file (or archive entry) name. */
export interface ParseOptions {
  file?: string;
}

const CODE: OciErrorCode = 'OCI_BAD_JSON';

function jsonOffset(err: Error): number | undefined {
  const m = /position (\d+)/.exec(err.message);
  return m ? Number(m[1]) : undefined;
}

/** JSON.parse with the byte offset of a syntax error in the MfcError location. */
export function parseJson(
  data: string | Uint8Array,
  what: string,
  opts: ParseOptions = {},
): unknown {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (err) {
    const off = jsonOffset(err as Error);
    throw ociError(CODE, `${what} is not valid JSON: ${(err as Error).message}`, {
      ...(opts.file ? { file: opts.file } : {}),
      ...(off !== undefined ? { byteOffset: Buffer.byteLength(text.slice(0, off)) } : {}),
    });
  }
}

function bad(opts: ParseOptions, path: string, reason: string): never {
  throw ociError('OCI_BAD_MANIFEST', `${path}: ${reason}`, opts.file ? { file: opts.file } : {});
}

function obj(v: unknown, opts: ParseOptions, path: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) bad(opts, path, 'is not a JSON object');
  return v as Record<string, unknown>;
}

function optString(o: Record<string, unknown>, key: string, opts: ParseOptions, path: string) {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') bad(opts, `${path}.${key}`, 'is not a string');
  return v;
}

function annotations(v: unknown, opts: ParseOptions, path: string) {
  if (v === undefined) return undefined;
  const o = obj(v, opts, path);
  for (const [k, x] of Object.entries(o))
    if (typeof x !== 'string') bad(opts, `${path}["${k}"]`, 'is not a string');
  return o as Record<string, string>;
}

/** Checks one descriptor object; `path` names it in errors (`layers[2]`). */
export function parseDescriptor(
  v: unknown,
  opts: ParseOptions = {},
  path = 'descriptor',
): Descriptor {
  const o = obj(v, opts, path);
  if (typeof o.mediaType !== 'string' || !o.mediaType) bad(opts, `${path}.mediaType`, 'is missing');
  if (typeof o.digest !== 'string' || !isDigest(o.digest) || !o.digest.startsWith('sha256:'))
    bad(opts, `${path}.digest`, `is not a sha256 digest: ${JSON.stringify(o.digest)}`);
  if (typeof o.size !== 'number' || !Number.isSafeInteger(o.size) || o.size < 0)
    bad(opts, `${path}.size`, `is not a non-negative integer: ${JSON.stringify(o.size)}`);
  const d: Descriptor = { mediaType: o.mediaType, digest: parseDigest(o.digest), size: o.size };
  if (o.urls !== undefined) {
    if (!Array.isArray(o.urls) || o.urls.some((u) => typeof u !== 'string'))
      bad(opts, `${path}.urls`, 'is not an array of strings');
    d.urls = o.urls as string[];
  }
  const a = annotations(o.annotations, opts, `${path}.annotations`);
  if (a) d.annotations = a;
  const at = optString(o, 'artifactType', opts, path);
  if (at !== undefined) d.artifactType = at;
  return d;
}

const MANIFEST_TYPES: ReadonlySet<string> = new Set([
  OciMediaType.manifest,
  DockerMediaType.manifest,
]);

/** Parses a manifest's bytes: Docker schema2 or OCI image manifest. */
export function parseManifest(data: string | Uint8Array, opts: ParseOptions = {}): ImageManifest {
  const o = obj(parseJson(data, 'manifest', opts), opts, 'manifest');
  if (o.schemaVersion !== 2)
    bad(opts, 'manifest.schemaVersion', `is ${JSON.stringify(o.schemaVersion)}, not 2`);
  // OCI allows an absent mediaType; Ollama always writes Docker's.
  const mediaType = optString(o, 'mediaType', opts, 'manifest') ?? OciMediaType.manifest;
  if (!MANIFEST_TYPES.has(mediaType))
    bad(opts, 'manifest.mediaType', `is not an image manifest: ${mediaType}`);
  if (!Array.isArray(o.layers)) bad(opts, 'manifest.layers', 'is not an array');
  const m: ImageManifest = {
    schemaVersion: 2,
    mediaType,
    config: parseDescriptor(o.config, opts, 'manifest.config'),
    layers: o.layers.map((l, i) => parseDescriptor(l, opts, `manifest.layers[${i}]`)),
  };
  const at = optString(o, 'artifactType', opts, 'manifest');
  if (at !== undefined) m.artifactType = at;
  if (o.subject !== undefined) m.subject = parseDescriptor(o.subject, opts, 'manifest.subject');
  const a = annotations(o.annotations, opts, 'manifest.annotations');
  if (a) m.annotations = a;
  return m;
}

/** Parses an image index (`index.json`). */
export function parseIndex(data: string | Uint8Array, opts: ParseOptions = {}): ImageIndex {
  const o = obj(parseJson(data, 'index', opts), opts, 'index');
  if (o.schemaVersion !== 2)
    bad(opts, 'index.schemaVersion', `is ${JSON.stringify(o.schemaVersion)}, not 2`);
  if (!Array.isArray(o.manifests)) bad(opts, 'index.manifests', 'is not an array');
  const idx: ImageIndex = {
    schemaVersion: 2,
    mediaType: optString(o, 'mediaType', opts, 'index') ?? OciMediaType.index,
    manifests: o.manifests.map((d, i) => parseDescriptor(d, opts, `index.manifests[${i}]`)),
  };
  const at = optString(o, 'artifactType', opts, 'index');
  if (at !== undefined) idx.artifactType = at;
  const a = annotations(o.annotations, opts, 'index.annotations');
  if (a) idx.annotations = a;
  return idx;
}

function sortedAnnotations(a: Record<string, string> | undefined) {
  if (!a) return undefined;
  return Object.fromEntries(
    Object.keys(a)
      .sort()
      .map((k) => [k, a[k]]),
  );
}

/** Field order of image-spec's Go structs; annotation keys sorted. */
function descriptorJson(d: Descriptor) {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    urls: d.urls,
    annotations: sortedAnnotations(d.annotations),
    artifactType: d.artifactType,
  };
}

/**
 * A manifest's canonical bytes (compact JSON, image-spec field order). Never
 * used for Ollama manifests read from a store: those travel as their own bytes.
 */
export function encodeManifest(m: ImageManifest): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: m.mediaType,
      artifactType: m.artifactType,
      config: descriptorJson(m.config),
      layers: m.layers.map(descriptorJson),
      subject: m.subject ? descriptorJson(m.subject) : undefined,
      annotations: sortedAnnotations(m.annotations),
    }),
  );
}

export function encodeIndex(idx: ImageIndex): Buffer {
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: idx.mediaType,
      artifactType: idx.artifactType,
      manifests: idx.manifests.map(descriptorJson),
      annotations: sortedAnnotations(idx.annotations),
    }),
  );
}
