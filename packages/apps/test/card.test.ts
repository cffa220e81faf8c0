// `mfc card` on a model built from the tiny llama fixture: front matter, GGUF
// facts, system prompt, parameters, the rendered example prompt, run commands.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '@mfc/builder';
import { renderChat } from '@mfc/chat-templates';
import { generated, mfc, tempDir } from './helpers.js';

let tmp: ReturnType<typeof tempDir>;
let models: string;
beforeAll(async () => {
  tmp = tempDir('mfc-card-');
  models = join(tmp.dir, 'models');
  const mf = join(tmp.dir, 'Modelfile');
  writeFileSync(
    mf,
    [
      `FROM ${join(generated, 'tiny-llama-f16.gguf')}`,
      'SYSTEM """You are a terse pirate."""',
      'PARAMETER temperature 0.3',
      'PARAMETER stop </s>',
      'PARAMETER num_ctx 512',
      'LICENSE """MIT License, for the tests."""',
      '',
    ].join('\n'),
  );
  await buildModel({ modelsDir: models, name: 'me/pirate', modelfile: mf, link: true });
});
afterAll(() => tmp.cleanup());

describe('mfc card', () => {
  it('writes front matter, GGUF facts, system, parameters, the example prompt and run commands', async () => {
    const out = join(tmp.dir, 'README.md');
    const r = await mfc(['card', 'me/pirate', '--models', models, '-o', out]);
    expect(r.code).toBe(0);
    const card = readFileSync(out, 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n/.exec(card)![1];
    expect(front.split('\n')).toEqual([
      'license: other',
      'tags:',
      '  - gguf',
      '  - ollama',
      '  - mfc',
      '  - llama',
      '  - f16',
      'library_name: gguf',
      'pipeline_tag: text-generation',
    ]);
    expect(card).toContain('# Tiny Llama\n');
    expect(card).toContain('| Architecture | llama |');
    expect(card).toContain('| Quantization | F16 |');
    expect(card).toContain('| Context length | 512 |');
    expect(card).toContain("| Chat template | mfc's `llama2` |");
    expect(card).toContain('```text\nYou are a terse pirate.\n```');
    expect(card).toContain('| `temperature` | `0.3` |');
    expect(card).toContain('| `stop` | `"</s>"` |');
    // The example prompt is exactly what the stored template renders, system prompt included.
    const show = await mfc(['show', 'me/pirate', '--models', models, '--template']);
    const prompt = renderChat(show.out.replace(/\n$/, ''), {
      messages: [
        { role: 'system', content: 'You are a terse pirate.' },
        { role: 'user', content: 'Hello, how are you?' },
        { role: 'assistant', content: "I'm doing great. How can I help you today?" },
        { role: 'user', content: "I'd like to show off how chat templating works!" },
      ],
    }).output;
    expect(prompt).toContain('<<SYS>>\nYou are a terse pirate.\n<</SYS>>');
    expect(card).toContain('```text\n' + prompt + '\n```');
    expect(card).toContain('ollama run me/pirate:latest');
    expect(card).toContain('llama-cli -m Tiny-Llama-F16.gguf -cnv -c 512');
    expect(card).toContain('## License\n\nMIT License, for the tests.');
  });

  it('prints to stdout without -o and fails on an unknown model', async () => {
    const r = await mfc(['card', 'me/pirate', '--models', models]);
    expect(r.out.startsWith('---\nlicense: other\n')).toBe(true);
    const missing = await mfc(['card', 'nobody', '--models', models]);
    expect(missing.code).toBe(1);
  });
});
