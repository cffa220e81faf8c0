// Go template engine speed: parsing (cold and cached per text), Vars(), and
// rendering a 20-message conversation through Llama 3 style templates the way
// Ollama does (messages mode and the legacy per-exchange mode). Prints a Markdown table.
// Run: pnpm bench gotemplate
import { parseTemplate } from '../packages/gotemplate/src/index.js';
import {
  chatTemplate,
  renderChat,
  type ChatMessage,
} from '../packages/chat-templates/src/index.js';

function median(fn: () => void, runs: number): number {
  for (let i = 0; i < Math.min(200, runs); i++) fn(); // warm up the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const llama3 = chatTemplate('llama3')!.template;
const legacy =
  '{{ if .System }}<|start_header_id|>system<|end_header_id|>\n\n{{ .System }}<|eot_id|>{{ end }}' +
  '{{ if .Prompt }}<|start_header_id|>user<|end_header_id|>\n\n{{ .Prompt }}<|eot_id|>{{ end }}' +
  '<|start_header_id|>assistant<|end_header_id|>\n\n{{ .Response }}<|eot_id|>';

const messages: ChatMessage[] = [{ role: 'system', content: 'You are a helpful assistant.' }];
for (let i = 0; i < 19; i++) {
  messages.push(
    i % 2 === 0
      ? {
          role: 'user',
          content: `Question ${i}: what is ${i} times ${i + 1}? Please explain the steps.`,
        }
      : {
          role: 'assistant',
          content: `Answer ${i}: it is ${i * (i + 1)}. First multiply, then check the result.`,
        },
  );
}

let salt = 0;
const rows: [string, number][] = [
  [
    'parse llama3 template (cold, unique text each run)',
    median(() => parseTemplate(llama3 + `{{/* ${salt++} */}}`), 2000),
  ],
  ['parse llama3 template (cached)', median(() => parseTemplate(llama3), 20000)],
  ['Vars() of llama3 template', median(() => parseTemplate(llama3).vars(), 20000)],
  [
    'render 20 messages, llama3 (messages mode)',
    median(() => renderChat(llama3, { messages }), 5000),
  ],
  [
    'render 20 messages, legacy prompt/response (10 exchanges)',
    median(() => renderChat(legacy, { messages }), 5000),
  ],
];

const out = renderChat(llama3, { messages }).output;
console.log(`20-message prompt: ${out.length} characters\n`);
console.log('| Operation | Median |');
console.log('| --- | ---: |');
for (const [name, ms] of rows)
  console.log(`| ${name} | ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`} |`);
