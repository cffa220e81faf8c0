import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { llamaCppSource } from '@mfc/llama-cpp';
import { describe, expect, it } from 'vitest';
import {
  chatTemplates,
  compareTemplates,
  renderChat,
  sampleConversations,
  selectChatTemplate,
} from '../src/index.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'fixtures', 'templates');

describe("mfc's chat templates", () => {
  it('parse and render every sample conversation', () => {
    for (const def of chatTemplates) {
      for (const c of sampleConversations) {
        const r = renderChat(def.template, c.values);
        expect(r.error, `${def.name} / ${c.name}`).toBeUndefined();
        expect(r.mode).toBe('messages');
        expect(r.output.length).toBeGreaterThan(0);
      }
    }
  });

  it('render Llama 3 exactly', () => {
    const llama3 = chatTemplates.find((t) => t.name === 'llama3')!;
    const r = renderChat(llama3.template, sampleConversations[2].values);
    expect(r.output).toBe(
      '<|start_header_id|>system<|end_header_id|>\n\nYou are a helpful assistant.<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nHello, how are you?<|eot_id|>' +
        "<|start_header_id|>assistant<|end_header_id|>\n\nI'm doing great. How can I help you today?<|eot_id|>" +
        "<|start_header_id|>user<|end_header_id|>\n\nI'd like to show off how chat templating works!<|eot_id|>" +
        '<|start_header_id|>assistant<|end_header_id|>\n\n',
    );
  });
});

describe('selectChatTemplate (by rendering with @huggingface/jinja)', () => {
  it("picks the family of llama.cpp's real Jinja templates", async () => {
    const { dir } = await llamaCppSource();
    const templates = join(dir, 'models', 'templates');
    const expected: Record<string, [string, { bos?: string; eos?: string }]> = {
      'meta-llama-Llama-3.1-8B-Instruct.jinja': [
        'llama3.1',
        { bos: '<|begin_of_text|>', eos: '<|eot_id|>' },
      ],
      'meta-llama-Llama-3.2-3B-Instruct.jinja': [
        'llama3.1',
        { bos: '<|begin_of_text|>', eos: '<|eot_id|>' },
      ],
      'meta-llama-Llama-3.3-70B-Instruct.jinja': [
        'llama3.1',
        { bos: '<|begin_of_text|>', eos: '<|eot_id|>' },
      ],
      'Qwen-Qwen2.5-7B-Instruct.jinja': ['qwen2.5', {}],
      'Qwen-Qwen3-0.6B.jinja': ['chatml', {}],
      'google-gemma-2-2b-it.jinja': ['gemma', { bos: '<bos>', eos: '<eos>' }],
      'microsoft-Phi-3.5-mini-instruct.jinja': ['phi3', { bos: '<s>', eos: '<|endoftext|>' }],
      'mistralai-Mistral-Nemo-Instruct-2407.jinja': ['mistral-nemo', { bos: '<s>', eos: '</s>' }],
    };
    const available = new Set(readdirSync(templates));
    for (const [file, [name, tokens]] of Object.entries(expected)) {
      expect(available.has(file), file).toBe(true);
      const r = selectChatTemplate(readFileSync(join(templates, file), 'utf8'), tokens);
      expect({ file, name: r.name, matched: r.matched }).toEqual({ file, name, matched: true });
      expect(r.template).toBe(chatTemplates.find((t) => t.name === name)!.template);
    }
  });

  it('picks the family of classic Hugging Face templates', () => {
    const expected: [string, string, { bos?: string; eos?: string }][] = [
      ['llama-2-chat.jinja', 'llama2', { bos: '<s>', eos: '</s>' }],
      ['llama-3-instruct.jinja', 'llama3', { bos: '<|begin_of_text|>', eos: '<|eot_id|>' }],
      ['mistral-7b-instruct-v0.1.jinja', 'mistral-legacy', { bos: '<s>', eos: '</s>' }],
      ['chatml.jinja', 'chatml', {}],
      ['command-r.jinja', 'command-r', { bos: '<BOS_TOKEN>' }],
      ['zephyr.jinja', 'zephyr', { eos: '</s>' }],
      ['gemma-3-it.jinja', 'gemma', { bos: '<bos>' }],
    ];
    for (const [file, name, tokens] of expected) {
      const r = selectChatTemplate(readFileSync(join(fixtures, file), 'utf8'), tokens);
      expect({ file, name: r.name }).toEqual({ file, name });
    }
  });

  it('reports no match for an unknown format and for broken Jinja', () => {
    expect(selectChatTemplate('{% for m in messages %}### {{ m.content }}\n{% endfor %}')).toEqual({
      name: null,
      template: null,
      matched: false,
    });
    expect(selectChatTemplate('{% for %}').matched).toBe(false);
  });

  it('shows where a Jinja template and a Go template differ', () => {
    const jinja = readFileSync(join(fixtures, 'chatml.jinja'), 'utf8');
    const llama3 = chatTemplates.find((t) => t.name === 'llama3')!.template;
    const rows = compareTemplates(jinja, llama3);
    expect(rows.map((r) => r.equal)).toEqual(rows.map(() => false));
    expect(rows[0].jinja).toBe(
      '<|im_start|>user\nHello, how are you?<|im_end|>\n<|im_start|>assistant\n',
    );
  });
});
