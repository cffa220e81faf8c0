// `mfc template render|check|compare` in process, through main().
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mfc } from './support/mfc.js';

const root = join(import.meta.dirname, '..', '..', '..');
const fx = join(root, 'fixtures', 'templates');

async function run(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = await mfc(['template', ...args], { cwd: fx, input, env });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe('mfc template', () => {
  it('renders a Modelfile template for a chat request', async () => {
    const r = await run(['render', '-f', 'llama3.Modelfile', '--messages', 'chat.json']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      '<|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nName a colour.<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\nBlue.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nAnother.<|eot_id|>' +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });

  it('renders the legacy prompt/response mode per exchange, with visible whitespace', async () => {
    const r = await run([
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

  it('checks a template: variables, mode, sample renders', async () => {
    const r = await run(['check', '-f', 'llama3.Modelfile', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ ok: true, mode: 'messages', tools: false, insert: false });
    expect(j.vars).toEqual(['$', '$i', '$last', 'content', 'messages', 'role', 'system']);
    expect(j.renders).toHaveLength(5);
  });

  it("positions Go's parse error in the Modelfile", async () => {
    const r = await run(['check', '-f', 'broken.Modelfile']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('broken.Modelfile:5:10');
    expect(r.err).toContain('template: :3: unexpected {{end}}');
    const j = JSON.parse((await run(['check', '-f', 'broken.Modelfile', '--json'])).out);
    expect(j.error).toEqual({
      message: 'template: :3: unexpected {{end}}',
      line: 5,
      column: 10,
      templateLine: 3,
      templateColumn: 10,
    });
  });

  it('compares a Go template with a Jinja template', async () => {
    const same = await run([
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
    const differ = await run([
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

  it("speaks the oracle's batch protocol, honouring ORACLE_DATE", async () => {
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
    const r = await run(['render', '--batch'], JSON.stringify(cases), {
      ORACLE_DATE: '2025-03-01',
    });
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

  it('rejects usage errors with exit code 2', async () => {
    expect((await run(['frobnicate'])).code).toBe(2);
    expect((await run(['compare', '-f', 'llama3.Modelfile'])).code).toBe(2);
  });

  it('reads the template from stdin', async () => {
    const { readFile } = await import('node:fs/promises');
    const template = (await readFile(join(fx, 'legacy.Modelfile'), 'utf8')).split('"""')[1];
    const r = await run(['render', '--messages', 'chat.json'], template);
    expect(r.code).toBe(0);
    expect(r.out).toContain('<|im_start|>user\nAnother.<|im_end|>\n<|im_start|>assistant\n');
  });

  it('asks for a template when nothing is piped', async () => {
    const r = await mfc(['template', 'render'], { cwd: fx, stdinIsTTY: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no template given');
  });
});
