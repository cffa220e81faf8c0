// `mfc template` through the real CLI bundle: a spawn smoke test (stdin), and
// GGUF chat templates from llama.cpp's vocab files. The other cases run in
// process in packages/cli/test/template.test.ts.
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
