import { readFileSync, readdirSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildModel } from '../src/index.js';
import { sha256Digest } from '@mfc/store';
import { tempWorkspace, tinyTestGguf } from './helpers.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
  ws.write('test.gguf', tinyTestGguf());
});
afterEach(() => ws.cleanup());

const build = (name: string, modelfile: string) =>
  buildModel({ modelsDir: ws.models, name, modelfile: ws.write(`${name}.Modelfile`, modelfile) });

describe('bytes match Ollama’s create tests', () => {
  it('FROM gguf + TEMPLATE + SYSTEM gives the reference manifest and config', async () => {
    const r = await build(
      'test',
      'FROM ./test.gguf\nTEMPLATE {{ .System }} {{ .Prompt }}\nSYSTEM Say bye!\n',
    );
    expect(r.manifestDigest).toBe(
      'sha256:7bc444177813181a6ff291a7e06a908c0ca0cfc6816e9e7077f02e5ca3297825',
    );
    expect(r.config).toEqual({
      mediaType: 'application/vnd.docker.container.image.v1+json',
      digest: 'sha256:99759ad5b91e723db0393d698ffbb448b1b7df5ff6377a108c49254583b1bc8c',
      size: 147,
    });
    expect(sha256Digest(readFileSync(r.manifestPath))).toBe(r.manifestDigest);
    expect(r.manifestPath).toBe(`${ws.models}/manifests/registry.ollama.ai/library/test/latest`);
  });

  it('params of a base model merge under the user’s keys (TestCreateMergeParameters)', async () => {
    const base = await build(
      'test',
      'FROM ./test.gguf\nPARAMETER temperature 1\nPARAMETER top_k 10\nPARAMETER stop USER:\nPARAMETER stop ASSISTANT:\n',
    );
    expect(base.layers.map((l) => l.digest)).toContain(
      'sha256:1d0ad71299d48c2fb7ae2b98e683643e771f8a5b72be34942af90d97a91c1e37',
    );
    const derived = await build(
      'test2',
      'FROM test\nPARAMETER temperature 0.6\nPARAMETER top_p 0.7\nPARAMETER stop <|endoftext|>\n',
    );
    const params = derived.layers.find((l) => l.mediaType.endsWith('.params'))!;
    expect(params.digest).toBe(
      'sha256:12f58bb75cb3042d69a7e013ab87fb3c3c7088f50ddc62f0c77bd332f0d44d35',
    );
    expect(params.from).toBeUndefined(); // re-encoded: a new layer
    const model = derived.layers.find((l) => l.mediaType.endsWith('.model'))!;
    expect(model.from).toBe('test:latest');
    expect(derived.layers.map((l) => l.mediaType.split('.').pop())).toEqual(['model', 'params']);
  });

  it('messages are one JSON layer (TestCreateMessages)', async () => {
    const r = await build(
      'test',
      'FROM ./test.gguf\nMESSAGE assistant What is my purpose?\nMESSAGE user You run tests.\nMESSAGE assistant Oh, my god.\n',
    );
    const m = r.layers.find((l) => l.mediaType.endsWith('.messages'))!;
    expect(m.digest).toBe(
      'sha256:298baeaf6928a60cf666d88d64a1ba606feb43a2865687c39e40652e407bffc4',
    );
    // the three blobs of Ollama's test: model, messages, config
    expect(readdirSync(`${ws.models}/blobs`).sort()).toEqual(
      [
        m.digest,
        'sha256:89a2116c3a82d6a97f59f748d86ed4417214353fd178ee54df418fde32495fad',
        r.config.digest,
      ]
        .map((d) => d.replace(':', '-'))
        .sort(),
    );
  });

  it('TEMPLATE and SYSTEM replace inherited layers, LICENSE accumulates', async () => {
    await build('base', 'FROM ./test.gguf\nTEMPLATE A\nSYSTEM S1\nLICENSE L1\n');
    const r = await build('child', 'FROM base\nSYSTEM S2\nLICENSE L2\n');
    const kinds = r.layers.map(
      (l) => `${l.mediaType.split('.').pop()}${l.from ? '@' + l.from : ''}`,
    );
    expect(kinds).toEqual([
      'model@base:latest',
      'template@base:latest',
      'license@base:latest',
      'system',
      'license',
    ]);
  });
});
