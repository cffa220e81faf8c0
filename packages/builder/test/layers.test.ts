import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kv, writeGguf, type GgufKvInput } from '@mfc/gguf';
import { openStore } from '@mfc/store';
import { buildModel } from '../src/index.js';
import { tempWorkspace, tinyGguf } from './helpers.js';

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace('mfc-layers-');
});
afterEach(() => ws.cleanup());

/** A GGUF without tensors, with the given metadata. */
async function gguf(name: string, metadata: GgufKvInput[]): Promise<string> {
  const p = join(ws.dir, name);
  await writeGguf(p, { metadata });
  return p;
}

const kinds = (layers: { mediaType: string }[]) => layers.map((l) => l.mediaType.split('.').pop());

describe('layer classification and order', () => {
  it('projector, adapter and draft layers, in Ollama’s order, with the config’s families and draft', async () => {
    mkdirSync(join(ws.dir, 'vision'));
    copyFileSync(tinyGguf, join(ws.dir, 'vision', 'model.gguf'));
    await gguf('vision/mmproj.gguf', [
      kv.string('general.architecture', 'clip'),
      kv.bool('clip.has_vision_encoder', true),
    ]);
    const adapter = await gguf('lora.gguf', [
      kv.string('general.architecture', 'llama'),
      kv.string('general.type', 'adapter'),
      kv.string('adapter.type', 'lora'),
    ]);
    const draft = await gguf('draft.gguf', [
      kv.string('general.architecture', 'qwen2'),
      kv.u32('general.file_type', 1),
    ]);
    const r = await buildModel({
      modelsDir: ws.models,
      name: 'vision',
      modelfile: ws.write(
        'Modelfile',
        `FROM ./vision\nADAPTER ${adapter}\nDRAFT ${draft}\nSYSTEM s\n`,
      ),
      lint: false,
    });
    // model.gguf sorts after mmproj.gguf (files are taken in file-name order); the autodetected
    // stop words are merged into one params layer that moves to the end, as in Ollama.
    expect(kinds(r.layers)).toEqual([
      'projector',
      'model',
      'template',
      'adapter',
      'draft',
      'system',
      'params',
    ]);
    const store = await openStore(ws.models);
    const config = JSON.parse(await store.readBlobText(r.config.digest));
    expect(config).toEqual({
      model_format: 'gguf',
      model_family: 'llama',
      model_families: ['llama'],
      model_type: '9.37M',
      file_type: 'F16',
      draft: { model_format: 'gguf', architecture: 'qwen2' },
      architecture: 'amd64',
      os: 'linux',
    });
  });

  it('RENDERER, PARSER and REQUIRES go to the config and are inherited', async () => {
    const base = await buildModel({
      modelsDir: ws.models,
      name: 'base',
      modelfile: ws.write(
        'Modelfile',
        `FROM ${tinyGguf}\nTEMPLATE {{ .Prompt }}\nRENDERER r1\nPARSER p1\nREQUIRES 0.14\n`,
      ),
      lint: false,
    });
    const store = await openStore(ws.models);
    const text = await store.readBlobText(base.config.digest);
    expect(text).toContain(
      '"file_type":"F16","renderer":"r1","parser":"p1","requires":"0.14","architecture"',
    );
    const child = await buildModel({
      modelsDir: ws.models,
      name: 'child',
      modelfile: ws.write('C', 'FROM base\nPARSER p2\n'),
      lint: false,
    });
    expect(await store.readBlobText(child.config.digest)).toContain(
      '"renderer":"r1","parser":"p2","requires":"0.14"',
    );
    await expect(
      buildModel({
        modelsDir: ws.models,
        name: 'bad',
        modelfile: ws.write('D', 'FROM base\nREQUIRES one\n'),
        lint: false,
      }),
    ).rejects.toThrow(/requires must be a valid semver/);
  });

  it('--link falls back to a copy across file systems, with a warning', async () => {
    if (!existsSync('/dev/shm')) return;
    const shm = mkdtempSync('/dev/shm/mfc-link-');
    try {
      const src = join(shm, 'model.gguf');
      copyFileSync(tinyGguf, src);
      const r = await buildModel({
        modelsDir: ws.models,
        name: 'x',
        modelfile: ws.write('Modelfile', `FROM ${src}\nTEMPLATE {{ .Prompt }}\n`),
        link: true,
        lint: false,
      });
      expect(r.bytesLinked).toBe(0);
      expect(r.warnings.join('\n')).toMatch(/--link: the file is on another file system; copied/);
    } finally {
      rmSync(shm, { recursive: true, force: true });
    }
  });
});
