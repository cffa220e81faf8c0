// `mfc init` on the generated fixtures and llama.cpp's vocab GGUFs: the
// Modelfile lints clean, builds, and its TEMPLATE renders what the model's
// Jinja chat template renders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { compareTemplates } from '@mfc/chat-templates';
import { lintModelfile } from '@mfc/lint';
import { parseModelfile } from '@mfc/modelfile';
import { vocabDir } from '../../../scripts/fixtures/index.js';
import { modelFacts } from '../src/index.js';
import { generated, mfc, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let vocab: string;
beforeAll(async () => {
  tmp = tempDir('mfc-init-');
  vocab = await vocabDir();
});
afterAll(() => tmp.cleanup());

async function init(source: string, name: string) {
  const out = join(tmp.dir, `${name}.Modelfile`);
  const r = await mfc(['init', source, '-o', out]);
  expect(r.err).toContain(`wrote ${out}`);
  expect(r.code).toBe(0);
  return { path: out, text: readFileSync(out, 'utf8') };
}

function templateOf(text: string): string | undefined {
  return parseModelfile(text).commands.find((c) => c.name === 'template')?.args;
}

function params(text: string, name: string): string[] {
  return parseModelfile(text)
    .commands.filter((c) => c.name === name)
    .map((c) => c.args);
}

/** The TEMPLATE renders what the Jinja renders on every sample conversation the Jinja accepts. */
async function expectSameRendering(source: string, text: string) {
  const facts = await modelFacts(source);
  const tpl = templateOf(text);
  expect(tpl).toBeDefined();
  const cmp = compareTemplates(facts.chatTemplate!, tpl!, {
    bos: facts.bos,
    eos: facts.endTokens.at(-1),
  });
  const rendered = cmp.filter((c) => c.jinja !== undefined);
  expect(rendered.length).toBeGreaterThanOrEqual(3);
  for (const c of rendered)
    expect({ conv: c.conversation, go: c.go }).toEqual({ conv: c.conversation, go: c.jinja });
}

async function expectLintClean(path: string, text: string) {
  const lint = await lintModelfile(text, { file: path, config: false });
  expect(lint.findings.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
}

describe('mfc init', () => {
  it('writes a Modelfile for the tiny llama GGUF that lints clean, builds and renders like its Jinja', async () => {
    const src = join(generated, 'tiny-llama-f16.gguf');
    const m = await init(src, 'tiny-gguf');
    expect(m.text).toMatch(/^FROM \//m);
    expect(m.text).toContain(`# TEMPLATE: mfc's "llama2" template`);
    expect(params(m.text, 'stop')).toContain('</s>');
    expect(params(m.text, 'num_ctx')).toEqual(['512']);
    await expectLintClean(m.path, m.text);
    await expectSameRendering(src, m.text);
    const built = await buildModel({
      modelsDir: join(tmp.dir, 'models'),
      name: 'tiny-init',
      modelfile: m.path,
      link: true,
    });
    expect(built.template.source).toBe('modelfile');
    expect(built.warnings).toEqual([]);
  });
});

describe('mfc init on a Hugging Face folder', () => {
  it('writes FROM the folder, the matching TEMPLATE and the stop words; it lints clean and builds', async () => {
    const src = join(generated, 'tiny-llama');
    const m = await init(src, 'tiny-hf');
    expect(m.text).toContain(`FROM ${src}\n`);
    expect(m.text).toContain(`# TEMPLATE: mfc's "llama2" template`);
    expect(params(m.text, 'stop')).toContain('</s>');
    await expectLintClean(m.path, m.text);
    await expectSameRendering(src, m.text);
    const built = await buildModel({
      modelsDir: join(tmp.dir, 'models'),
      name: 'tiny-hf-init',
      modelfile: m.path,
    });
    expect(built.template.source).toBe('modelfile');
  });
});

describe("mfc init on llama.cpp's vocab GGUFs", () => {
  const cases: [string, string][] = [
    ['qwen2', 'qwen2'],
    ['phi-3', 'phi3-mini'],
    ['command-r', 'command-r'],
  ];
  for (const [vocabName, template] of cases) {
    it(`${vocabName}: the "${template}" template, lint clean, same rendering as the Jinja, builds`, async () => {
      const src = join(vocab, `ggml-vocab-${vocabName}.gguf`);
      const m = await init(src, vocabName);
      expect(m.text).toContain(`# TEMPLATE: mfc's "${template}" template`);
      await expectLintClean(m.path, m.text);
      await expectSameRendering(src, m.text);
      const facts = await modelFacts(src);
      expect(params(m.text, 'num_ctx')).toEqual([String(Math.min(facts.contextLength!, 8192))]);
      for (const s of params(m.text, 'stop')) expect(templateOf(m.text)).toContain(s);
      const built = await buildModel({
        modelsDir: join(tmp.dir, 'models'),
        name: `vocab-${vocabName}`,
        modelfile: m.path,
        link: true,
      });
      expect(built.template).toMatchObject({ source: 'modelfile' });
    });
  }

  it('gemma-4: no template of the library matches; the Modelfile says so and still lints clean', async () => {
    const src = join(vocab, 'ggml-vocab-gemma-4.gguf');
    const m = await init(src, 'gemma4');
    expect(templateOf(m.text)).toBeUndefined();
    expect(m.text).toContain("# No TEMPLATE: none of mfc's templates renders");
    await expectLintClean(m.path, m.text);
  });

  it('llama-spm: no chat template; stop word from EOS, no TEMPLATE', async () => {
    const src = join(vocab, 'ggml-vocab-llama-spm.gguf');
    const m = await init(src, 'llama-spm');
    expect(templateOf(m.text)).toBeUndefined();
    expect(params(m.text, 'stop')).toEqual(['</s>']);
    expect(params(m.text, 'num_ctx')).toEqual(['4096']);
    await expectLintClean(m.path, m.text);
  });

  it('refuses to overwrite an existing file without --force', async () => {
    const out = join(tmp.dir, 'tiny-gguf.Modelfile');
    const again = await mfc(['init', join(generated, 'tiny-llama-f16.gguf'), '-o', out]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already exists');
    const stdout = await mfc(['init', join(generated, 'tiny-llama-f16.gguf'), '-o', '-']);
    expect(stdout.code).toBe(0);
    expect(stdout.out).toContain('TEMPLATE """');
  });
});
