import { describe, expect, it } from 'vitest';
import {
  MediaType,
  decodeConfig,
  decodeManifest,
  encodeConfig,
  encodeManifest,
  sha256Digest,
} from '../src/index.js';
import {
  SYSTEM_TEXT,
  TEMPLATE_SYSTEM_MANIFEST_DIGEST,
  TEMPLATE_TEXT,
  TEST_CONFIG_DIGEST,
  TEST_CONFIG_TEXT,
  TINY_GGUF_DIGEST,
  tinyTestGguf,
} from './vectors.js';

describe('config and manifest bytes', () => {
  it('encodes the config vector (147 bytes, field order, no rootfs)', () => {
    const text = encodeConfig({
      model_format: 'gguf',
      model_family: 'test',
      model_families: ['test'],
      model_type: '0',
      file_type: 'unknown',
    });
    expect(text).toBe(TEST_CONFIG_TEXT);
    expect(Buffer.byteLength(text)).toBe(147);
    expect(sha256Digest(text)).toBe(TEST_CONFIG_DIGEST);
    expect(encodeConfig(decodeConfig(text))).toBe(text);
  });

  it('places optional config fields in Ollama order', () => {
    const text = encodeConfig({
      model_format: 'gguf',
      model_family: 'llama',
      model_families: null,
      model_type: '8.0B',
      file_type: 'Q4_K_M',
      renderer: 'r',
      parser: 'p',
      requires: '0.14.0',
      capabilities: ['vision'],
      draft: { model_format: 'gguf', architecture: 'llama' },
    });
    expect(text).toBe(
      '{"model_format":"gguf","model_family":"llama","model_families":null,"model_type":"8.0B","file_type":"Q4_K_M","renderer":"r","parser":"p","requires":"0.14.0","capabilities":["vision"],"draft":{"model_format":"gguf","architecture":"llama"},"architecture":"amd64","os":"linux"}\n',
    );
  });

  it('encodes the manifest vector of Ollama’s template+system create test', () => {
    const gguf = tinyTestGguf();
    expect(gguf.length).toBe(68);
    expect(sha256Digest(gguf)).toBe(TINY_GGUF_DIGEST);
    const text = encodeManifest(
      { mediaType: MediaType.config, digest: TEST_CONFIG_DIGEST, size: 147 },
      [
        { mediaType: MediaType.model, digest: TINY_GGUF_DIGEST, size: 68 },
        { mediaType: MediaType.template, digest: sha256Digest(TEMPLATE_TEXT), size: 27 },
        { mediaType: MediaType.system, digest: sha256Digest(SYSTEM_TEXT), size: 8 },
      ],
    );
    expect(sha256Digest(TEMPLATE_TEXT)).toMatch(/^sha256:fe7ac77b.*5991ed$/);
    expect(sha256Digest(SYSTEM_TEXT)).toMatch(/^sha256:4c5f51fa.*a7cc86$/);
    expect(sha256Digest(text)).toBe(TEMPLATE_SYSTEM_MANIFEST_DIGEST);
    const back = decodeManifest(text);
    expect(encodeManifest(back.config, back.layers)).toBe(text);
  });

  it('writes from and name after size, omitting them when empty', () => {
    const text = encodeManifest(
      { mediaType: MediaType.config, digest: TEST_CONFIG_DIGEST, size: 1 },
      [
        {
          mediaType: MediaType.model,
          digest: TINY_GGUF_DIGEST,
          size: 68,
          from: 'base:latest',
          name: 'n',
        },
      ],
    );
    expect(text).toContain('"size":68,"from":"base:latest","name":"n"}');
  });

  it('rejects a manifest with a bad digest, naming the file', () => {
    expect(() =>
      decodeManifest(
        '{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:zz","size":1},"layers":[]}',
        '/m/x',
      ),
    ).toThrow(/config has an invalid digest/);
  });
});
