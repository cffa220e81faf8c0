// Export to LM Studio, Jan and GPT4All, driven through the CLI module in
// process: layouts, the Jinja in the GGUF header (the GGUF's own, or the Go
// TEMPLATE translated), tensor data unchanged, Jan's model.yml field by field.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { renderChat, renderJinja } from '@mfc/chat-templates';
import { openGguf } from '@mfc/gguf';
import { translationConversations } from '@mfc/apps';
import { plainStyle } from '@mfc/diagnostics';
import { runAppExport } from '../src/commands/export-apps.js';
import type { CommandContext } from '../src/command.js';

const generated = join(__dirname, '../../../fixtures/generated');

function tempDir(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** runAppExport is driven in process, as the export command will call it. */
function commandContext(positionals: string[], options: CommandContext['options']) {
  const printed = { out: '', err: '' };
  const ctx: CommandContext = {
    positionals,
    options,
    env: {},
    cwd: process.cwd(),
    debug: false,
    terminal: {
      out: (s) => void (printed.out += s),
      err: (s) => void (printed.err += s),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      outStyle: plainStyle,
      errStyle: plainStyle,
    },
    progress: () => {
      throw new Error('no progress in tests');
    },
  };
  return { ctx, printed };
}

const tinyGguf = join(generated, 'tiny-llama-f16.gguf');
const customTemplate = `{{- if .System }}<|system|>{{ .System }}</s>
{{ end }}
{{- range .Messages }}{{ if ne .Role "system" }}<|{{ .Role }}|>{{ .Content }}</s>
{{ end }}{{ end }}<|assistant|>`;

let tmp: ReturnType<typeof tempDir>;
let models: string;

function modelfile(name: string, lines: string[]): string {
  const p = join(tmp.dir, `${name}.Modelfile`);
  writeFileSync(p, [`FROM ${tinyGguf}`, ...lines, ''].join('\n'));
  return p;
}

beforeAll(async () => {
  tmp = tempDir('mfc-export-');
  models = join(tmp.dir, 'models');
  // Its TEMPLATE is autodetected from the GGUF's Jinja (llama2).
  await buildModel({
    modelsDir: models,
    name: 'me/auto',
    modelfile: modelfile('auto', [
      'SYSTEM """Be kind."""',
      'PARAMETER temperature 0.4',
      'PARAMETER num_ctx 256',
      'PARAMETER repeat_last_n 32',
    ]),
    link: true,
  });
  await buildModel({
    modelsDir: models,
    name: 'custom:v2',
    modelfile: modelfile('custom', [
      `TEMPLATE """${customTemplate}"""`,
      'SYSTEM """You answer in French."""',
      'PARAMETER top_k 20',
      'PARAMETER stop </s>',
    ]),
    link: true,
  });
  await buildModel({
    modelsDir: models,
    name: 'nojson',
    modelfile: modelfile('nojson', ['TEMPLATE """{{ json .Messages }}"""']),
    link: true,
  });
});
afterAll(() => tmp.cleanup());

async function exportTo(names: string[], options: Record<string, string | boolean>) {
  const { ctx, printed } = commandContext(names, { models, ...options });
  const code = await runAppExport(ctx);
  return { code, ...printed };
}

async function dataSection(path: string): Promise<Buffer> {
  const g = await openGguf(path);
  return readFileSync(path).subarray(g.dataOffset);
}

describe('export to LM Studio', () => {
  it('keeps the GGUF as is (hard link) when its own Jinja is the template, writes model.yaml', async () => {
    const dir = join(tmp.dir, 'lmstudio');
    const r = await exportTo(['me/auto'], { to: 'lmstudio', dir, link: true });
    expect(r.code).toBe(0);
    const gguf = join(dir, 'me', 'auto', 'auto-F16.gguf');
    expect(r.out).toContain(`exported me/auto to ${gguf} (hard link)`);
    expect(r.out).toContain("chat template: the GGUF's own Jinja");
    expect(statSync(gguf).ino).toBe(statSync(tinyGguf).ino); // built with link, exported with link
    const yaml = readFileSync(join(dir, 'me', 'auto', 'model.yaml'), 'utf8');
    expect(yaml).toContain('model: "me/auto"\n');
    expect(yaml).toContain(
      '  load:\n    fields:\n        - key: llm.load.contextLength\n          value: 256\n',
    );
    expect(yaml).toContain('        - key: llm.prediction.temperature\n          value: 0.4\n');
    expect(yaml).toContain(
      '        - key: llm.prediction.systemPrompt\n          value: "Be kind."\n',
    );
    expect(r.out).toContain(
      'not taken: parameter repeat_last_n (32): LM Studio has no setting for it',
    );
  });
});

describe('export to Jan', () => {
  it('writes model.gguf with the translated Jinja, unchanged tensor data and a true model.yml', async () => {
    const dir = join(tmp.dir, 'jan');
    const r = await exportTo(['custom:v2'], { to: 'jan', dir, link: true });
    expect(r.code).toBe(0);
    const folder = join(dir, 'llamacpp', 'models', 'ollama', 'custom-v2');
    const gguf = join(folder, 'model.gguf');
    expect(r.out).toContain(
      'chat template: the TEMPLATE translated to Jinja (verified by rendering)',
    );
    expect(r.out).toContain(
      'not taken: --link: the GGUF header changes (chat template), so the file was copied',
    );
    expect(r.out).toContain('not taken: system prompt: Jan keeps it in an assistant');
    const g = await openGguf(gguf);
    const jinja = g.get('tokenizer.chat_template') as string;
    expect(jinja).not.toBe((await openGguf(tinyGguf)).get('tokenizer.chat_template'));
    for (const c of translationConversations) {
      const go = renderChat(customTemplate, c.values);
      expect({ c: c.name, out: renderJinja(jinja, c.values) }).toEqual({
        c: c.name,
        out: go.output,
      });
    }
    // Every other metadata entry and every tensor is the same.
    const src = await openGguf(tinyGguf);
    expect([...g.metadata.keys()].sort()).toEqual([...src.metadata.keys()].sort());
    expect(g.tensors.map((t) => [t.name, t.offset, t.byteSize])).toEqual(
      src.tensors.map((t) => [t.name, t.offset, t.byteSize]),
    );
    expect((await dataSection(gguf)).equals(await dataSection(tinyGguf))).toBe(true);
    // model.yml, field by field.
    const yml = readFileSync(join(folder, 'model.yml'), 'utf8').trimEnd().split('\n');
    const bytes = readFileSync(gguf);
    expect(yml).toEqual([
      'model_path: "llamacpp/models/ollama/custom-v2/model.gguf"',
      'name: "ollama/custom-v2"',
      `size_bytes: ${bytes.length}`,
      'embedding: false',
      `model_sha256: "${createHash('sha256').update(bytes).digest('hex')}"`,
    ]);
    expect(existsSync(join(dir, yml[0].split('"')[1]))).toBe(true);
  });
});

describe('export to GPT4All', () => {
  it('puts the GGUF flat in the folder and lists what GPT4All cannot take from a model file', async () => {
    const dir = join(tmp.dir, 'gpt4all');
    const r = await exportTo(['custom:v2'], { to: 'gpt4all', dir });
    expect(r.code).toBe(0);
    const gguf = join(dir, 'custom-v2-F16.gguf');
    expect(existsSync(gguf)).toBe(true);
    expect(r.out).toContain('not taken: system prompt: set it in GPT4All');
    expect(r.out).toContain('not taken: parameter top_k (20)');
  });

  it('refuses a template that cannot be translated, naming the construct, and writes nothing', async () => {
    const dir = join(tmp.dir, 'gpt4all-bad');
    await expect(exportTo(['nojson'], { to: 'gpt4all', dir })).rejects.toThrow(
      'the function "json"',
    );
    expect(existsSync(join(dir, 'nojson-F16.gguf'))).toBe(false);
  });

  it('rejects an unknown app and a missing name', async () => {
    await expect(exportTo(['me/auto'], { to: 'ollama' })).rejects.toThrow("unknown app 'ollama'");
    await expect(exportTo([], { to: 'jan' })).rejects.toThrow('missing model name');
  });
});
