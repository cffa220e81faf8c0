// `mfc init` on the generated fixtures and llama.cpp's vocab GGUFs: the
// Modelfile lints clean, builds, and its TEMPLATE renders what the model's
// Jinja chat template renders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import {
  compareTemplates,
  jinjaTranslationConversations,
  selectChatTemplate,
} from '@mfc/chat-templates';
import { kv, rewriteGgufMetadata } from '@mfc/gguf';
import { lintModelfile } from '@mfc/lint';
import { parseModelfile } from '@mfc/modelfile';
import { vocabDir } from '../../../scripts/fixtures/index.js';
import { generateModelfile, modelFacts } from '../src/index.js';
import { translatable } from '../../chat-templates/test/jinja-to-go-corpus.js';
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

/** The Modelfile's comments as one text (init wraps them). */
function comment(text: string): string {
  return text
    .split('\n')
    .filter((l) => l.startsWith('#'))
    .map((l) => l.replace(/^# ?/, ''))
    .join(' ');
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

  it('gemma-4: no template of the library matches and its Jinja calls a macro; the Modelfile names it and still lints clean', async () => {
    const src = join(vocab, 'ggml-vocab-gemma-4.gguf');
    const m = await init(src, 'gemma4');
    expect(templateOf(m.text)).toBeUndefined();
    expect(m.text).toContain("# No TEMPLATE: none of mfc's templates renders");
    expect(comment(m.text)).toMatch(
      /it was not translated: cannot translate the macro "strip_thinking" \(line \d+, column \d+\) to Go/,
    );
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

/** A gemma-4-like chat template: `<|turn>` turns, the assistant renamed "model", system in a turn of its own. */
const gemma4Like = `{%- set ns = namespace(prev_message_type=None) -%}
{%- set loop_messages = messages -%}
{{ bos_token }}
{%- if (enable_thinking is defined and enable_thinking) or tools or messages[0]['role'] in ['system', 'developer'] -%}
    {{- '<|turn>system\\n' -}}
    {%- if messages[0]['role'] in ['system', 'developer'] -%}
        {{- messages[0]['content'] | trim -}}
        {%- set loop_messages = messages[1:] -%}
    {%- endif -%}
    {{- '<turn|>\\n' -}}
{%- endif %}
{%- for message in loop_messages -%}
    {%- set ns.prev_message_type = None -%}
    {%- set role = 'model' if message['role'] == 'assistant' else message['role'] -%}
    {{- '<|turn>' + role + '\\n' }}
    {%- if message['content'] is string -%}
        {{- message['content'] | trim -}}
    {%- endif -%}
    {{- '<turn|>\\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}
    {%- if ns.prev_message_type != 'tool_response' -%}
        {{- '<|turn>model\\n' -}}
    {%- endif -%}
    {%- if not enable_thinking | default(false) -%}
        {{- '<|channel>thought\\n<channel|>' -}}
    {%- endif -%}
{%- endif -%}
`;

describe('mfc init when no library template matches: the Jinja translated to Go', () => {
  it('writes the verified translation, with the end-of-turn stop word; it lints clean, builds and renders like the Jinja', async () => {
    const src = join(tmp.dir, 'gemma4-like.gguf');
    await rewriteGgufMetadata(join(vocab, 'ggml-vocab-gemma-4.gguf'), src, (entries) => [
      ...entries.filter((e) => e.key !== 'tokenizer.chat_template'),
      kv.string('tokenizer.chat_template', gemma4Like),
    ]);
    const facts = await modelFacts(src);
    const tokens = { bos: facts.bos, eos: facts.endTokens.at(-1) };
    expect(facts.chatTemplate).toBe(gemma4Like);
    expect(selectChatTemplate(gemma4Like, tokens).matched).toBe(false);

    const m = await init(src, 'gemma4-like');
    expect(comment(m.text)).toContain(
      "TEMPLATE: translated from the model's Jinja chat template (none of mfc's templates renders the same); verified on 8 sample conversations",
    );
    expect(m.text.split('\n').find((l) => l.startsWith('# TEMPLATE:'))!.length).toBeLessThanOrEqual(
      100,
    );
    const tpl = templateOf(m.text)!;
    expect(tpl).toContain('<|turn>');
    expect(tpl).not.toContain('<bos>');
    expect(params(m.text, 'stop')).toEqual(['<turn|>', '<eos>']);
    await expectLintClean(m.path, m.text);

    // The TEMPLATE as written renders what the Jinja renders, conversation by conversation.
    const rows = compareTemplates(gemma4Like, tpl, tokens, jinjaTranslationConversations);
    expect(rows.length).toBe(8);
    for (const r of rows)
      expect({ conv: r.conversation, go: r.go }).toEqual({ conv: r.conversation, go: r.jinja });
    expect(rows.find((r) => r.conversation === 'system-user-assistant-user')!.go).toBe(
      '<|turn>system\nYou are a helpful assistant.<turn|>\n<|turn>user\nHello, how are you?<turn|>\n' +
        "<|turn>model\nI'm doing great. How can I help you today?<turn|>\n" +
        "<|turn>user\nI'd like to show off how chat templating works!<turn|>\n<|turn>model\n<|channel>thought\n<channel|>",
    );
    // Tools are not translated: the template does not claim them, so Ollama refuses tool requests.
    expect(tpl).not.toContain('.Tools');

    const built = await buildModel({
      modelsDir: join(tmp.dir, 'models'),
      name: 'gemma4-like-init',
      modelfile: m.path,
      link: true,
    });
    expect(built.template.source).toBe('modelfile');
    expect(built.warnings).toEqual([]);
  });
});

describe('mfc init when the translation renders differently', () => {
  it('keeps the fallback and names the conversation that differed', async () => {
    const jinja = `{%- set s = none -%}
{%- if messages[0].role == 'system' %}{% set s = '' %}{% endif -%}
{%- if s is none %}(no system){% endif -%}
{%- for m in messages %}{{ m.role }}: {{ m.content }}
{% endfor %}`;
    const src = join(tmp.dir, 'differs.gguf');
    await rewriteGgufMetadata(join(vocab, 'ggml-vocab-gemma-4.gguf'), src, (entries) => [
      ...entries.filter((e) => e.key !== 'tokenizer.chat_template'),
      kv.string('tokenizer.chat_template', jinja),
    ]);
    const m = await init(src, 'differs');
    expect(templateOf(m.text)).toBeUndefined();
    expect(comment(m.text)).toContain(
      'it was not translated: the Go translation renders the "system-user-assistant-user" conversation differently from the Jinja.',
    );
    expect(params(m.text, 'stop')).toEqual(['<eos>']);
    await expectLintClean(m.path, m.text);
  });
});

describe('mfc init on the Jinja→Go corpus (templates no library template matches)', () => {
  const names = [
    'vicuna',
    'zephyr',
    'deepseek-r1-namespace',
    'mistral-v0.3-system-in-last-user',
    'alpaca-with-for-else-and-loop-length',
  ];
  for (const name of names) {
    it(`${name}: a translated TEMPLATE that lints clean and renders like the Jinja`, async () => {
      const c = translatable.find((x) => x.name === name)!;
      const src = join(tmp.dir, `${name}.gguf`);
      await rewriteGgufMetadata(join(vocab, 'ggml-vocab-gemma-4.gguf'), src, (entries) => [
        ...entries.filter((e) => e.key !== 'tokenizer.chat_template'),
        kv.string('tokenizer.chat_template', c.jinja),
      ]);
      const facts = await modelFacts(src);
      const tokens = { bos: facts.bos, eos: facts.endTokens.at(-1) };
      expect(selectChatTemplate(c.jinja, tokens).matched).toBe(false);
      const out = join(tmp.dir, `${name}.Modelfile`);
      const g = generateModelfile(facts, { outFile: out });
      expect(g.templateSource).toBe('translation');
      expect(g.text).toContain("# TEMPLATE: translated from the model's Jinja chat template");
      await expectLintClean(out, g.text);
      const rows = compareTemplates(
        c.jinja,
        templateOf(g.text)!,
        tokens,
        jinjaTranslationConversations,
      );
      const rendered = rows.filter((r) => r.jinja !== undefined);
      expect(rendered.length).toBeGreaterThanOrEqual(4);
      for (const r of rendered)
        expect({ conv: r.conversation, go: r.go }).toEqual({ conv: r.conversation, go: r.jinja });
    });
  }
});
