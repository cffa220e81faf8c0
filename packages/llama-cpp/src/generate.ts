import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llamaCppError } from './error-codes.js';
import { findLlamaTool, type FindToolOptions } from './find-tool.js';
import { lastErrorLine, runLlamaTool } from './run-tool.js';

export interface AdapterRef {
  /** A GGUF LoRA adapter file. */
  path: string;
  /** User scale (default 1); llama.cpp multiplies it by alpha / rank. */
  scale?: number;
}

export interface GenerateOptions extends FindToolOptions {
  /** The model GGUF. */
  model: string;
  adapters?: AdapterRef[];
  /** The exact text to feed the model (already rendered through its template). */
  prompt: string;
  /** Tokens to generate at most (default 16). */
  nPredict?: number;
  seed?: number;
  /** 0 = greedy (default 0.8). */
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  repeatPenalty?: number;
  repeatLastN?: number;
  /** Context size (default: prompt + nPredict). */
  contextSize?: number;
  threads?: number;
  /** Add the model's BOS token in front of the prompt (default true). */
  addBos?: boolean;
  /** Stop at the first of these strings (cut from the text). */
  stop?: string[];
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  /** Generated token ids (without the prompt). */
  tokens: number[];
  promptTokens: number;
  /** `eog`: the model ended the text; `length`: nPredict reached; `stop`: a stop string. */
  stopReason: 'eog' | 'length' | 'stop';
}

interface GeneratorOutput {
  prompt_tokens: number;
  stop: 'eog' | 'length';
  tokens: number[];
  pieces: string[];
}

/**
 * Loads a GGUF model (plus LoRA adapters) with llama.cpp on the CPU and
 * generates tokens. Runs mfc's own small generator (`mfc-generate`, built
 * like the llama.cpp tools) in a child process: a broken model cannot crash
 * the caller, and it reports the exact token ids.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  if (!existsSync(options.model)) {
    throw llamaCppError('MODEL_NOT_FOUND', `no such model file: ${options.model}`, {
      location: { file: options.model },
    });
  }
  for (const a of options.adapters ?? []) {
    if (!existsSync(a.path)) {
      throw llamaCppError('ADAPTER_NOT_FOUND', `no such adapter file: ${a.path}`, {
        location: { file: a.path },
      });
    }
  }
  const tool = await findLlamaTool('mfc-generate', options);
  const dir = await mkdtemp(join(tmpdir(), 'mfc-generate-'));
  try {
    const promptFile = join(dir, 'prompt.txt');
    await writeFile(promptFile, options.prompt);
    const args = ['-m', options.model, '--prompt-file', promptFile];
    for (const a of options.adapters ?? []) args.push('--lora', a.path, String(a.scale ?? 1));
    const num = (flag: string, v: number | undefined) => {
      if (v !== undefined) args.push(flag, String(v));
    };
    num('-n', options.nPredict ?? 16);
    num('--seed', options.seed);
    num('--temp', options.temperature);
    num('--top-k', options.topK);
    num('--top-p', options.topP);
    num('--min-p', options.minP);
    num('--repeat-penalty', options.repeatPenalty);
    num('--repeat-last-n', options.repeatLastN);
    num('-c', options.contextSize);
    num('-t', options.threads ?? (await defaultThreads(options.model)));
    if (options.addBos === false) args.push('--no-bos');
    const out = await runLlamaTool(tool.path, args, {
      env: options.env,
      signal: options.signal,
      errorCode: 'GENERATE_FAILED',
      explainFailure: ({ stderr }) => explainLoadFailure(stderr),
    });
    return parseGeneratorOutput(out.stdout, options.stop);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Threads for a model: one for small models (thread start-up and spinning
 * cost more than they save, badly so on a busy machine), else up to 4.
 */
export async function defaultThreads(model: string): Promise<number> {
  const size = (await stat(model)).size;
  return size < 256 << 20 ? 1 : Math.max(1, Math.min(4, availableParallelism()));
}

/** The most telling line of a failed load: llama.cpp's own reason before our summary. */
function explainLoadFailure(stderr: string): string | undefined {
  const lines = stderr.split('\n').map((l) => l.trim());
  const reason = lines.find((l) =>
    /error loading model:|failed to apply lora|lora|tensor .* (has|not)/i.test(l),
  );
  const summary = lastErrorLine(stderr);
  return reason && summary && reason !== summary ? `${summary} (${reason})` : summary;
}

function parseGeneratorOutput(stdout: string, stop: string[] | undefined): GenerateResult {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  let parsed: GeneratorOutput;
  try {
    parsed = JSON.parse(line) as GeneratorOutput;
  } catch {
    throw llamaCppError('GENERATE_FAILED', `mfc-generate printed no result: ${line.slice(0, 200)}`);
  }
  const bytes = Buffer.concat(parsed.pieces.map((h) => Buffer.from(h, 'hex')));
  let text = bytes.toString('utf8');
  let stopReason: GenerateResult['stopReason'] = parsed.stop;
  for (const s of stop ?? []) {
    const at = s ? text.indexOf(s) : -1;
    if (at >= 0) {
      text = text.slice(0, at);
      stopReason = 'stop';
    }
  }
  return { text, tokens: parsed.tokens, promptTokens: parsed.prompt_tokens, stopReason };
}
