import { UsageError } from '@mfc/diagnostics';
import { cliError } from '../error-codes.js';
import { renderChat, type ChatMessage } from '@mfc/chat-templates';
import { generate } from '@mfc/llama-cpp';
import { requireModelLayer, resolveRunnable } from '@mfc/builder';
import { openStore } from '@mfc/store';
import { defineCommand, flag, printJson, stringOption } from '../command.js';
import { llamaCppOption, modelsDirOf, modelsOption } from '../shared-options.js';

/** Ollama's template when a model has none. */
const DEFAULT_TEMPLATE = '{{ .Prompt }}';

function numberOption(
  value: string | undefined,
  flagName: string,
  integer: boolean,
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `--${flagName} expects ${integer ? 'a whole number' : 'a number'}, got '${value}'`,
    );
  }
  return n;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

export default defineCommand({
  name: 'run',
  summary: 'Load a built model with llama.cpp and generate a few tokens (a smoke test)',
  usage: 'mfc run [options] <NAME> [PROMPT]',
  description: [
    'Loads a model from the store the way Ollama would run it: the model layer, its LoRA',
    'adapters, PARAMETERs (temperature, top_k, top_p, min_p, repeat_penalty, seed, stop,',
    'num_predict) and the prompt rendered through its TEMPLATE with its SYSTEM message and',
    'MESSAGEs. llama.cpp runs on the CPU. Use it in CI right after `mfc build` to prove the',
    'model loads and generates. Flags override the model’s parameters.',
  ].join('\n'),
  examples: [
    'mfc run mymodel "Why is the sky blue?"',
    'mfc run tiny "Hello" -n 8 --seed 1 --temperature 0 --json',
    'mfc run me/assistant:v1 "Hi" --show-prompt',
  ],
  options: {
    models: modelsOption,
    'num-predict': {
      type: 'string',
      short: 'n',
      valueName: 'N',
      description: 'Tokens to generate (default 32)',
    },
    seed: { type: 'string', valueName: 'N', description: 'Sampling seed' },
    temperature: { type: 'string', valueName: 'T', description: 'Temperature (0 = greedy)' },
    system: {
      type: 'string',
      valueName: 'TEXT',
      description: 'Replace the model’s SYSTEM message',
    },
    raw: { type: 'boolean', description: 'Send the prompt as it is, without the template' },
    'show-prompt': { type: 'boolean', description: 'Print the rendered prompt on stderr first' },
    'llama-cpp': llamaCppOption,
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    const [name, promptArg, ...extra] = ctx.positionals;
    if (!name) throw new UsageError('missing model name', 'for example: mfc run mymodel "Hello"');
    if (extra.length)
      throw new UsageError(
        `unexpected argument '${extra[0]}'`,
        'quote the prompt: mfc run NAME "a prompt with spaces"',
      );
    const prompt = promptArg ?? 'Hello';
    const store = await openStore(modelsDirOf(ctx));
    const r = await resolveRunnable(store, name);
    const { model } = r;
    const modelLayer = requireModelLayer(r);
    const params = r.parameters ?? {};
    const history: ChatMessage[] = r.messages ?? [];
    const template = r.template ?? DEFAULT_TEMPLATE;
    const system = stringOption(ctx, 'system') ?? r.system;

    let rendered = prompt;
    if (!flag(ctx, 'raw')) {
      // As Ollama's /api/generate: system, the model's MESSAGEs, then the prompt.
      const messages: ChatMessage[] = [];
      if (system) messages.push({ role: 'system', content: system });
      messages.push(...(Array.isArray(history) ? history : []), { role: 'user', content: prompt });
      const r = renderChat(template, { messages });
      if (r.error) {
        throw cliError('RUN_TEMPLATE_FAILED', `the model's template failed: ${r.error}`, {
          hint: 'check it with `mfc template`',
        });
      }
      rendered = r.output;
    }
    if (flag(ctx, 'show-prompt')) ctx.terminal.err(`${rendered}\n---\n`);

    const stop = Array.isArray(params.stop)
      ? params.stop.filter((s): s is string => typeof s === 'string')
      : [];
    const started = performance.now();
    const result = await generate({
      model: store.layout.blobPath(modelLayer.digest),
      adapters: r.adapters.map((l) => ({ path: store.layout.blobPath(l.digest) })),
      prompt: rendered,
      nPredict: numberOption(stringOption(ctx, 'num-predict'), 'num-predict', true) ?? 32,
      seed: numberOption(stringOption(ctx, 'seed'), 'seed', true) ?? num(params.seed),
      temperature:
        numberOption(stringOption(ctx, 'temperature'), 'temperature', false) ??
        num(params.temperature),
      topK: num(params.top_k),
      topP: num(params.top_p),
      minP: num(params.min_p),
      repeatPenalty: num(params.repeat_penalty),
      repeatLastN: num(params.repeat_last_n),
      stop,
      llamaCppDir: stringOption(ctx, 'llama-cpp'),
      env: ctx.env,
    });
    const seconds = (performance.now() - started) / 1000;
    if (flag(ctx, 'json')) {
      printJson(ctx, {
        model: model.shortName,
        prompt: rendered,
        text: result.text,
        tokens: result.tokens,
        promptTokens: result.promptTokens,
        stopReason: result.stopReason,
        adapters: r.adapters.length,
        seconds: Number(seconds.toFixed(3)),
      });
    } else {
      ctx.terminal.out(`${result.text}\n`);
      if (!flag(ctx, 'quiet')) {
        ctx.terminal.err(
          `${result.tokens.length} tokens (${result.stopReason}) in ${seconds.toFixed(2)} s\n`,
        );
      }
    }
    return 0;
  },
});
