// `mfc template render|check|compare`, run through the real CLI bundle.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const mfc = join(root, 'packages', 'cli', 'bin', 'mfc.js');
const fx = join(root, 'fixtures', 'templates');

function run(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [mfc, 'template', ...args], {
    cwd: fx,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('mfc template', () => {
  it('renders a Modelfile template for a chat request', () => {
    const r = run(['render', '-f', 'llama3.Modelfile', '--messages', 'chat.json']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nName a colour.<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\nBlue.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nAnother.<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });

  it('renders the legacy prompt/response mode per exchange, with visible whitespace', () => {
    const r = run([
      'render',
      '-f',
      'legacy.Modelfile',
      '--messages',
      'chat.json',
      '--show-whitespace',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      '<|im_start|>assistant↵\nBlue.<|im_start|>user↵\nAnother.<|im_end|>↵\n<|im_start|>assistant↵\n',
    );
    expect(r.out).toContain('(prompt-response)');
  });

  it('checks a template: variables, mode, sample renders', () => {
    const r = run(['check', '-f', 'llama3.Modelfile', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ ok: true, mode: 'messages', tools: false, insert: false });
    expect(j.vars).toEqual(['$', '$i', '$last', 'content', 'messages', 'role', 'system']);
    expect(j.renders).toHaveLength(5);
  });

  it("positions Go's parse error in the Modelfile", () => {
    const r = run(['check', '-f', 'broken.Modelfile']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.Modelfile:5:10');
    expect(r.err).toContain('template: :3: unexpected {{end}}');
    const j = JSON.parse(run(['check', '-f', 'broken.Modelfile', '--json']).out);
    expect(j.error).toEqual({
      message: 'template: :3: unexpected {{end}}',
      line: 5,
      column: 10,
      templateLine: 3,
      templateColumn: 10,
    });
  });

  it('compares a Go template with a Jinja template', () => {
    const same = run([
      'compare',
      '-f',
      'llama3.Modelfile',
      '--jinja',
      'llama-3-instruct.jinja',
      '--bos',
      '<|begin_of_text|>',
    ]);
    expect(same.code).toBe(0);
    expect(same.out).toContain('✓ system-user-assistant-user: identical');
    const differ = run([
      'compare',
      '--name',
      'chatml',
      '--jinja',
      'llama-3-instruct.jinja',
      '--json',
    ]);
    expect(differ.code).toBe(1);
    const j = JSON.parse(differ.out);
    expect(j.same).toBe(false);
    expect(j.conversations[0].go).toBe(
      '<|im_start|>user\nHello, how are you?<|im_end|>\n<|im_start|>assistant\n',
    );
  });

  it("speaks the oracle's batch protocol, honouring ORACLE_DATE", () => {
    const cases = [
      { name: 'date', template: '{{ currentDate }} {{ yesterdayDate }}', mode: 'raw' },
      { name: 'err', template: '{{ index .xs 5 }}', mode: 'raw', data: { xs: [1] } },
      {
        name: 'chat',
        template: '{{ .Prompt }}|{{ .Response }}',
        mode: 'ollama',
        data: { messages: [{ role: 'user', content: 'hi' }] },
      },
    ];
    const r = run(['render', '--batch'], JSON.stringify(cases), { ORACLE_DATE: '2025-03-01' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { name: 'date', output: '2025-03-01 2025-02-28' },
      {
        name: 'err',
        output: '',
        error:
          'template: :1:3: executing "" at <index .xs 5>: error calling index: index out of range: 5',
        vars: ['xs'],
      },
      { name: 'chat', output: 'hi|', vars: ['prompt', 'response'] },
    ]);
  });

  it('rejects usage errors with exit code 2', () => {
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['compare', '-f', 'llama3.Modelfile']).code).toBe(2);
  });

  it('reads the template from stdin', () => {
    const out = execFileSync(
      process.execPath,
      [mfc, 'template', 'render', '--messages', join(fx, 'chat.json')],
      {
        input: readFileSync(join(fx, 'legacy.Modelfile'), 'utf8').split('"""')[1],
        encoding: 'utf8',
      },
    );
    expect(out).toContain('<|im_start|>user\nAnother.<|im_end|>\n<|im_start|>assistant\n');
  });
});

describe('mfc template compare on GGUF chat templates', () => {
  it("reads tokenizer.chat_template and the BOS/EOS tokens from llama.cpp's vocab GGUFs", async () => {
    const { llamaCppSource } = await import('@mfc/llama-cpp');
    const { dir } = await llamaCppSource();
    const gguf = (name: string) => join(dir, 'models', `ggml-vocab-${name}.gguf`);
    for (const [name, template] of [
      ['qwen2', 'qwen2'],
      ['phi-3', 'phi3-mini'],
    ]) {
      const r = run(['compare', '--name', template, '--jinja', gguf(name), '--json']);
      expect({ name, code: r.code }).toEqual({ name, code: 0 });
      expect(JSON.parse(r.out).same).toBe(true);
    }
    const none = run(['compare', '--name', 'llama3', '--jinja', gguf('llama-spm')]);
    expect(none.code).toBe(1);
    expect(none.err).toContain('has no tokenizer.chat_template');
  });
});
