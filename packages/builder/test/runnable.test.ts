// `mfc run` and `mfc show` read a model through one resolveRunnable. Before,
// run took the FIRST layer of each type and show the LAST; Ollama uses the
// last (a layer added on top of an inherited one overrides it).
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MediaType, encodeConfig, openStore, parseModelName, type Layer } from '@mfc/store';
import { describeModel, requireModelLayer, resolveRunnable } from '../src/index.js';
import { tempWorkspace, tinyGguf } from './helpers.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace('mfc-runnable-');
});
afterEach(() => ws.cleanup());

describe('resolveRunnable', () => {
  it('takes the last template, system, params and messages layer, as show does', async () => {
    const store = await openStore(ws.models);
    const blob = async (mediaType: string, text: string | Uint8Array): Promise<Layer> => {
      const r = await store.blobs.writeBytes(text);
      return { mediaType, digest: r.digest, size: r.size };
    };
    const layers = [
      await blob(MediaType.model, readFileSync(tinyGguf)),
      await blob(MediaType.template, 'first {{ .Prompt }}'),
      await blob(MediaType.system, 'first system'),
      await blob(MediaType.params, '{"temperature":0.1}'),
      await blob(MediaType.messages, '[{"role":"user","content":"first"}]'),
      await blob(MediaType.template, 'last {{ .Prompt }}'),
      await blob(MediaType.system, 'last system'),
      await blob(MediaType.params, '{"temperature":0.9}'),
      await blob(MediaType.messages, '[{"role":"user","content":"last"}]'),
      await blob(MediaType.license, 'MIT'),
      await blob(MediaType.license, 'Apache-2.0'),
    ];
    const config = await blob(
      MediaType.config,
      encodeConfig({
        model_format: 'gguf',
        model_family: 'llama',
        model_families: null,
        model_type: '',
        file_type: '',
      }),
    );
    await store.writeManifest(parseModelName('layered'), config, layers);

    const r = await resolveRunnable(store, 'layered');
    expect(r.modelLayer?.digest).toBe(layers[0]!.digest);
    expect(r.template).toBe('last {{ .Prompt }}');
    expect(r.system).toBe('last system');
    expect(r.parameters).toEqual({ temperature: 0.9 });
    expect(r.messages).toEqual([{ role: 'user', content: 'last' }]);
    expect(r.licenses).toEqual(['MIT', 'Apache-2.0']);

    // show describes the same model the same way.
    const shown = await describeModel(store, r.model);
    expect(shown).toMatchObject({
      template: r.template,
      system: r.system,
      parameters: r.parameters,
      messages: r.messages,
      licenses: r.licenses,
    });
  });

  it('reports a params layer that is not JSON at its blob', async () => {
    const store = await openStore(ws.models);
    const model = await store.blobs.writeBytes(readFileSync(tinyGguf));
    const params = await store.blobs.writeBytes('{not json');
    const config = await store.blobs.writeBytes(
      encodeConfig({
        model_format: 'gguf',
        model_family: '',
        model_families: null,
        model_type: '',
        file_type: '',
      }),
    );
    await store.writeManifest(
      parseModelName('broken'),
      { mediaType: MediaType.config, ...config },
      [
        { mediaType: MediaType.model, digest: model.digest, size: model.size },
        { mediaType: MediaType.params, digest: params.digest, size: params.size },
      ],
    );
    await expect(resolveRunnable(store, 'broken')).rejects.toMatchObject({
      code: 'MODEL_BAD_LAYER',
      location: { file: store.layout.blobPath(params.digest) },
    });
  });

  it('refuses a model without a GGUF layer with one code, for run and export alike', async () => {
    const store = await openStore(ws.models);
    const system = await store.blobs.writeBytes('only a system prompt');
    const config = await store.blobs.writeBytes(
      encodeConfig({
        model_format: 'gguf',
        model_family: '',
        model_families: null,
        model_type: '',
        file_type: '',
      }),
    );
    await store.writeManifest(
      parseModelName('hollow'),
      { mediaType: MediaType.config, digest: config.digest, size: config.size },
      [{ mediaType: MediaType.system, digest: system.digest, size: system.size }],
    );
    const r = await resolveRunnable(store, 'hollow');
    // It was RUN_NO_MODEL_LAYER in mfc run and MODEL_NO_WEIGHTS in export.
    expect(() => requireModelLayer(r)).toThrow(
      expect.objectContaining({
        code: 'MODEL_NO_WEIGHTS',
        location: { file: store.layout.manifestPath(parseModelName('hollow')) },
      }),
    );
  });
});
