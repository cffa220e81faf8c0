import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  truncateSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LintErrorsError } from '@mfc/lint';
import { BuildLintError, buildModel, modelfileOf, type BuildEvent } from '../src/index.js';
import { openStore } from '@mfc/store';
import { repoRoot, tempWorkspace, tinyGguf } from './helpers.js';

const tinyModelfile = join(repoRoot, 'fixtures/build/tiny/Modelfile');
const derivedModelfile = join(repoRoot, 'fixtures/build/derived/Modelfile');

let ws: ReturnType<typeof tempWorkspace>;
beforeEach(() => {
  ws = tempWorkspace();
});
afterEach(() => ws.cleanup());

describe('mfc build over the tiny model', () => {
  it('is reproducible and never copies an existing blob twice', async () => {
    const a = await buildModel({ modelsDir: ws.models, name: 'tiny', modelfile: tinyModelfile });
    expect(a.bytesCopied).toBeGreaterThan(statSync(tinyGguf).size - 1);
    const model = a.layers[0];
    expect(model.mediaType).toBe('application/vnd.ollama.image.model');
    expect(
      readFileSync(join(ws.models, 'blobs', model.digest.replace(':', '-'))).equals(
        readFileSync(tinyGguf),
      ),
    ).toBe(true);
    const b = await buildModel({
      modelsDir: ws.models,
      name: 'tiny-again',
      modelfile: tinyModelfile,
    });
    expect(b.manifestDigest).toBe(a.manifestDigest);
    expect(b.bytesCopied).toBe(0);
    const c = await buildModel({ modelsDir: ws.models, name: 'tiny', modelfile: tinyModelfile });
    expect(c.manifestDigest).toBe(a.manifestDigest);
    expect(c.layers.map((l) => l.mediaType.split('.').pop())).toEqual([
      'model',
      'template',
      'system',
      'license',
      'params',
      'messages',
    ]);
  });

  it('show --modelfile rebuilds the same model, for a GGUF model and a derived one', async () => {
    const tiny = await buildModel({ modelsDir: ws.models, name: 'tiny', modelfile: tinyModelfile });
    const pirate = await buildModel({
      modelsDir: ws.models,
      name: 'pirate',
      modelfile: derivedModelfile,
    });
    const store = await openStore(ws.models);
    for (const [name, built] of [
      ['tiny', tiny],
      ['pirate', pirate],
    ] as const) {
      const text = await modelfileOf(store, await store.find(name));
      const again = await buildModel({
        modelsDir: ws.models,
        name: `${name}-copy`,
        modelfile: ws.write(`${name}.Modelfile`, text),
      });
      expect(again.manifestDigest, text).toBe(built.manifestDigest);
    }
    const text = await modelfileOf(store, await store.find('tiny'));
    expect(text).toContain('PARAMETER temperature 0.7\n');
    expect(text).toContain(
      `FROM ${join(ws.models, 'blobs', tiny.layers[0].digest.replace(':', '-'))}\n`,
    );
  });

  it('picks a Go template for the GGUF chat template by rendering, and round-trips it', async () => {
    const r = await buildModel({
      modelsDir: ws.models,
      name: 'auto',
      modelfile: ws.write('Modelfile', `FROM ${tinyGguf}\n`),
    });
    expect(r.template).toEqual({ source: 'autodetected', name: 'llama2' });
    expect(r.layers.map((l) => l.mediaType.split('.').pop())).toEqual([
      'model',
      'template',
      'params',
    ]);
    const store = await openStore(ws.models);
    const text = await modelfileOf(store, await store.find('auto'));
    expect(text).toContain('PARAMETER stop [INST]\n');
    const again = await buildModel({
      modelsDir: ws.models,
      name: 'auto2',
      modelfile: ws.write('Auto.Modelfile', text),
    });
    expect(again.manifestDigest).toBe(r.manifestDigest);
  });

  it('rejects a TEMPLATE that is not a valid Go template, at the TEMPLATE line', async () => {
    const mf = ws.write('Modelfile', `FROM ${tinyGguf}\nTEMPLATE "{{ if .System }}unclosed"\n`);
    const err = await buildModel({
      modelsDir: ws.models,
      name: 't',
      modelfile: mf,
      lint: false,
    }).catch((e) => e);
    expect(err.message).toMatch(/^template error: template: :1: unexpected EOF/);
    expect(err.location.range.start.line).toBe(2);
  });

  it('hard-links with link: true', async () => {
    const src = ws.write('model.gguf', readFileSync(tinyGguf));
    const r = await buildModel({
      modelsDir: ws.models,
      name: 'linked',
      modelfile: ws.write('Modelfile', 'FROM ./model.gguf\n'),
      link: true,
    });
    expect(r.bytesLinked).toBe(statSync(src).size);
    expect(statSync(join(ws.models, 'blobs', r.layers[0].digest.replace(':', '-'))).ino).toBe(
      statSync(src).ino,
    );
  });

  it('stops at lint errors before writing anything', async () => {
    const mf = ws.write('Modelfile', `FROM ${tinyGguf}\nPARAMETER temperature hot\n`);
    const err = await buildModel({ modelsDir: ws.models, name: 'bad', modelfile: mf }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(BuildLintError);
    expect(err).toBeInstanceOf(LintErrorsError);
    expect((err as BuildLintError).code).toBe('LINT_ERRORS');
    expect((err as BuildLintError).lint.findings.some((f) => f.severity === 'error')).toBe(true);
    expect(
      existsSync(join(ws.models, 'blobs')) ? readdirSync(join(ws.models, 'blobs')) : [],
    ).toEqual([]);
  });

  it('gives clear errors for sources it cannot build from yet, and missing bases', async () => {
    // Safetensors folders and hf.co/… references are built now: packages/convert/test/build-cli.int.test.ts.
    const cases: [string, RegExp][] = [
      ['FROM no-such-model\n', /no such file, and no model of that name/],
    ];
    for (const [text, re] of cases) {
      await expect(
        buildModel({
          modelsDir: ws.models,
          name: 'x',
          modelfile: ws.write('Modelfile', text),
          lint: false,
        }),
      ).rejects.toThrow(re);
    }
    const notGguf = ws.write('weights.bin', 'not a gguf at all');
    await expect(
      buildModel({
        modelsDir: ws.models,
        name: 'x',
        modelfile: ws.write('Modelfile', `FROM ${notGguf}\n`),
        lint: false,
      }),
    ).rejects.toThrow(/supplied file was not in GGUF format/);
    expect(
      existsSync(join(ws.models, 'manifests')) ? readdirSync(join(ws.models, 'manifests')) : [],
    ).toEqual([]);
  });

  it('reports a file named by FROM or ADAPTER at the Modelfile line, the file beside it', async () => {
    const modelfile = (text: string) => ws.write('Modelfile', text);
    const notGguf = ws.write('weights.bin', 'not a gguf at all');
    const build = (file: string) =>
      buildModel({ modelsDir: ws.models, name: 'x', modelfile: file, lint: false });
    const at = (line: number) => ({
      file: join(ws.dir, 'Modelfile'),
      range: expect.objectContaining({ start: expect.objectContaining({ line, column: 1 }) }),
    });
    // Not the adapter's path with the Modelfile's line (it was /dev/zero:2:1).
    await expect(build(modelfile(`FROM ${tinyGguf}\nADAPTER /dev/zero\n`))).rejects.toMatchObject({
      code: 'NOT_A_FILE',
      message: 'ADAPTER /dev/zero: this is a character device, not a file or a folder',
      location: { ...at(2), related: [{ file: '/dev/zero' }] },
    });
    await expect(
      build(modelfile(`FROM ${tinyGguf}\nADAPTER ./weights.bin\n`)),
    ).rejects.toMatchObject({
      code: 'BUILD_NOT_GGUF',
      message: 'ADAPTER ./weights.bin: supplied file was not in GGUF format',
      location: { ...at(2), related: [{ file: notGguf, byteOffset: 0 }] },
    });
    await expect(build(modelfile(`FROM ${tinyGguf}\nADAPTER ./none.gguf\n`))).rejects.toMatchObject(
      {
        code: 'ADAPTER_NOT_FOUND',
        location: { ...at(2), related: [{ file: join(ws.dir, 'none.gguf') }] },
      },
    );
    await expect(build(modelfile(`FROM ${tinyGguf}\nDRAFT ./weights.bin\n`))).rejects.toMatchObject(
      {
        code: 'BUILD_NOT_GGUF',
        message: 'DRAFT ./weights.bin: supplied file was not in GGUF format',
        location: { ...at(2), related: [{ file: notGguf, byteOffset: 0 }] },
      },
    );
    // A truncated GGUF: the reader's code and byte offset, at the FROM line.
    const truncated = ws.write('cut.gguf', readFileSync(tinyGguf).subarray(0, 200));
    const err = await build(modelfile('FROM ./cut.gguf\n')).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: expect.stringMatching(/^GGUF_/),
      location: {
        ...at(1),
        related: [{ file: truncated, byteOffset: expect.any(Number) }],
      },
    });
  });

  it('reports a broken safetensors model at the FROM line, the weights file beside it', async () => {
    const dir = join(ws.dir, 'tiny');
    mkdirSync(dir);
    const src = join(repoRoot, 'fixtures/generated/tiny-llama');
    for (const f of readdirSync(src)) copyFileSync(join(src, f), join(dir, f));
    const weights = join(dir, 'model.safetensors');
    truncateSync(weights, 1_000_000);
    const file = ws.write('Modelfile', 'FROM ./tiny\n');
    const err = await buildModel({ modelsDir: ws.models, name: 'x', modelfile: file, lint: false })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: expect.stringMatching(/TRUNCATED|OUT_OF_BOUNDS/),
      location: {
        file,
        range: expect.objectContaining({ start: expect.objectContaining({ line: 1 }) }),
        related: [{ file: weights }],
      },
    });
  });

  it('reports warnings and statuses as coded events, with the Modelfile line', async () => {
    const events: BuildEvent[] = [];
    const file = ws.write(
      'Modelfile',
      `FROM ${tinyGguf}\nADAPTER ${tinyGguf}\nPARAMETER mirostat 1\n`,
    );
    const r = await buildModel({
      modelsDir: ws.models,
      name: 'x',
      modelfile: file,
      lint: false,
      onEvent: (e) => events.push(e),
    });
    const warnings = events.filter((e) => e.type === 'warning');
    expect(warnings).toMatchObject([
      {
        code: 'MF005',
        message: 'parameter mirostat is deprecated',
        location: { file, range: { start: { line: 3 } } },
      },
      {
        code: 'BUILD_W_NOT_AN_ADAPTER',
        location: { file, range: { start: { line: 2 } }, related: [{ file: tinyGguf }] },
      },
    ]);
    expect(r.warnings).toEqual([
      `${file}:3:1: parameter mirostat is deprecated [MF005]`,
      expect.stringMatching(
        new RegExp(
          `^${file}:2:1: ADAPTER .* has no general.type=adapter; .* \\(${tinyGguf}\\) \\[BUILD_W_NOT_AN_ADAPTER\\]$`,
        ),
      ),
    ]);
    const statuses = events.flatMap((e) => (e.type === 'status' ? [e.code] : []));
    // Every check (template detection among them) runs before the first blob is written.
    expect(statuses.indexOf('BUILD_S_TEMPLATE_AUTODETECTED')).toBeLessThan(
      statuses.indexOf('BUILD_S_COPYING'),
    );
    expect(statuses.at(-1)).toBe('BUILD_S_SUCCESS');
    expect(statuses).toContain('BUILD_S_WRITING_MANIFEST');
  });

  it('builds from a command list without a Modelfile', async () => {
    const r = await buildModel({
      modelsDir: ws.models,
      name: 'cmds',
      commands: [
        { name: 'model', args: tinyGguf },
        { name: 'temperature', args: '0.123456789' },
        { name: 'num_ctx', args: '1000000' },
      ],
    });
    const store = await openStore(ws.models);
    const params = r.layers.find((l) => l.mediaType.endsWith('.params'))!;
    expect(await store.readBlobText(params.digest)).toBe(
      '{"num_ctx":1000000,"stop":["[INST]","[/INST]","\\u003c\\u003cSYS\\u003e\\u003e","\\u003c\\u003c/SYS\\u003e\\u003e"],"temperature":0.12345679}\n',
    );
    expect(await modelfileOf(store, await store.find('cmds'))).toContain(
      'PARAMETER num_ctx 1000000\n',
    );
  });
});
