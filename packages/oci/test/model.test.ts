import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { isMfcError } from '@mfc/diagnostics';
import { encodeManifest as encodeOllamaManifest } from '@mfc/store';
import {
  EMPTY_JSON_DIGEST,
  ModelPackMediaType,
  OciMediaType,
  OllamaMediaType,
  descriptorFor,
  detectFormat,
  encodeIndex,
  encodeManifest,
  kitOpsLayerKind,
  layoutBlobPath,
  parseIndex,
  parseManifest,
  sha256Digest,
  verifyStream,
} from '../src/index.js';

function caught(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    if (isMfcError(err)) return err;
    throw err;
  }
  throw new Error('no error');
}

const gguf = Buffer.from('GGUF fake weights');
const ollamaBytes = encodeOllamaManifest(
  { mediaType: OllamaMediaType.config, digest: sha256Digest('{}'), size: 2 },
  [{ mediaType: OllamaMediaType.model, digest: sha256Digest(gguf), size: gguf.length }],
);

describe('manifests', () => {
  it('parses an Ollama manifest and detects it', () => {
    const m = parseManifest(ollamaBytes);
    expect(m.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
    expect(m.layers[0].digest).toBe(sha256Digest(gguf));
    expect(detectFormat(m)).toBe('ollama');
  });

  it('encodes an OCI artifact manifest and parses it back', () => {
    const m = {
      schemaVersion: 2 as const,
      mediaType: OciMediaType.manifest,
      artifactType: ModelPackMediaType.artifact,
      config: descriptorFor(ModelPackMediaType.config, Buffer.from('{}')),
      layers: [
        descriptorFor(ModelPackMediaType.weightRaw, gguf, {
          'org.cncf.model.filepath': 'model.gguf',
          a: 'first',
        }),
      ],
      subject: descriptorFor(OciMediaType.manifest, Buffer.from('x')),
    };
    const bytes = encodeManifest(m);
    // annotations sorted, fields in image-spec order, no undefined fields
    expect(bytes.toString()).toMatch(
      /^\{"schemaVersion":2,"mediaType":"application\/vnd.oci.image.manifest.v1\+json","artifactType":/,
    );
    expect(bytes.toString()).toContain('"annotations":{"a":"first","org.cncf.model.filepath"');
    expect(parseManifest(bytes)).toEqual(m);
    expect(detectFormat(m)).toBe('modelpack');
  });

  it('reports JSON syntax errors with a byte offset and the file', () => {
    const e = caught(() => parseManifest('{"schemaVersion": 2,, }', { file: 'blobs/sha256/ab' }));
    expect(e.code).toBe('OCI_BAD_JSON');
    expect(e.location.file).toBe('blobs/sha256/ab');
    expect(e.location.byteOffset).toBe(20);
  });

  it('names the JSON path of a bad field', () => {
    const m = JSON.parse(ollamaBytes);
    m.layers[0].digest = 'sha256:nothex';
    const e = caught(() => parseManifest(JSON.stringify(m)));
    expect(e.code).toBe('OCI_BAD_MANIFEST');
    expect(e.message).toContain('manifest.layers[0].digest');
    m.layers[0].digest = sha256Digest('x');
    m.layers[0].size = -1;
    expect(caught(() => parseManifest(JSON.stringify(m))).message).toContain(
      'manifest.layers[0].size',
    );
    expect(caught(() => parseManifest('{"schemaVersion":1}')).message).toContain('schemaVersion');
    expect(caught(() => parseManifest('[]')).message).toContain('not a JSON object');
  });

  it('round-trips an index with ref names', () => {
    const idx = {
      schemaVersion: 2 as const,
      mediaType: OciMediaType.index,
      manifests: [
        {
          ...descriptorFor(OciMediaType.manifest, Buffer.from('m')),
          annotations: { 'org.opencontainers.image.ref.name': 'tiny:latest' },
        },
      ],
    };
    expect(parseIndex(encodeIndex(idx))).toEqual(idx);
    expect(caught(() => parseIndex('{"schemaVersion":2}')).message).toContain('index.manifests');
  });
});

describe('helpers', () => {
  it('knows the empty blob and layout paths', () => {
    expect(sha256Digest('{}')).toBe(EMPTY_JSON_DIGEST);
    expect(layoutBlobPath(EMPTY_JSON_DIGEST)).toBe(`blobs/sha256/${EMPTY_JSON_DIGEST.slice(7)}`);
    expect(kitOpsLayerKind('application/vnd.kitops.modelkit.model.v1.tar+gzip')).toEqual({
      kind: 'model',
      compression: 'gzip',
    });
    expect(kitOpsLayerKind('application/vnd.ollama.image.model')).toBeUndefined();
  });
});

describe('VerifyStream', () => {
  const d = descriptorFor('x', gguf);
  const run = (chunks: Buffer[]) =>
    pipeline(Readable.from(chunks), verifyStream(d, 'blobs/sha256/x'), async (src) => {
      for await (const _ of src) void _;
    });

  it('passes the right bytes in any chunking', async () => {
    await run([gguf.subarray(0, 3), gguf.subarray(3)]);
  });

  it('fails on a digest mismatch, a short and a long stream', async () => {
    const wrong = Buffer.from(gguf);
    wrong[0] ^= 1;
    await expect(run([wrong])).rejects.toMatchObject({ code: 'OCI_DIGEST_MISMATCH' });
    await expect(run([gguf.subarray(1)])).rejects.toMatchObject({ code: 'OCI_SIZE_MISMATCH' });
    await expect(run([gguf, Buffer.from('x')])).rejects.toMatchObject({
      code: 'OCI_SIZE_MISMATCH',
      message: expect.stringContaining('blobs/sha256/x'),
    });
  });
});
