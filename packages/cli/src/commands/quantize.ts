import { resolve } from 'node:path';
import { UsageError, formatBytes } from '@mfc/diagnostics';
import { QUANT_TYPES, quantizeGguf, type QuantizeEvent } from '@mfc/llama-cpp';
import { defineCommand, flag, printJson, stringOption } from '../command.js';
import { llamaCppOption, quantizeTuningOf, quantizeTuningOptions } from '../shared-options.js';
import type { Progress } from '../ui/progress.js';

export default defineCommand({
  name: 'quantize',
  summary: 'Quantize a GGUF model with llama.cpp (every type llama-quantize has)',
  usage: 'mfc quantize [options] <in.gguf> <out.gguf> <TYPE>',
  description: [
    'Runs llama.cpp’s llama-quantize (found with --llama-cpp DIR, $MFC_LLAMA_CPP or PATH,',
    'else built by mfc from the llama.cpp source node-llama-cpp ships). TYPE is any type',
    'llama-quantize accepts, in any case; IQ1_*, IQ2_*, IQ3_XXS, IQ3_XS and Q2_K_S need',
    '--imatrix. The input is an F32, F16 or BF16 GGUF; a quantized one needs',
    '--allow-requantize. The output is written under a temporary name and renamed, and',
    'results are cached (by input digest, type and options) in the mfc cache folder.',
    '',
    `Types: ${QUANT_TYPES.map((t) => t.name).join(' ')}`,
  ].join('\n'),
  examples: [
    'mfc quantize model-f16.gguf model-Q4_K_M.gguf q4_k_m',
    'mfc quantize model-f16.gguf model-IQ2_XS.gguf IQ2_XS --imatrix imatrix.gguf',
    'mfc quantize model-f16.gguf out.gguf Q4_K_M --output-tensor-type q8_0 --tensor-type attn_v=q8_0',
  ],
  options: {
    ...quantizeTuningOptions,
    pure: {
      type: 'boolean',
      description: 'No k-quant mixture: one type for every quantized tensor',
    },
    threads: { type: 'string', valueName: 'N', description: 'Threads for llama-quantize' },
    'no-cache': { type: 'boolean', description: 'Neither use nor fill the result cache' },
    'llama-cpp': llamaCppOption,
    json: {
      type: 'boolean',
      description: 'Progress as JSON events on stderr, the result as JSON on stdout',
    },
  },
  async run(ctx) {
    const [input, output, type, ...extra] = ctx.positionals;
    if (extra.length)
      throw new UsageError(`unexpected argument '${extra[0]}'`, "see 'mfc quantize --help'");
    if (!input || !output || !type) {
      throw new UsageError(
        'expected <in.gguf> <out.gguf> <TYPE>',
        'for example: mfc quantize model-f16.gguf model-q4.gguf Q4_K_M',
      );
    }
    const threadsText = stringOption(ctx, 'threads');
    const threads = threadsText === undefined ? undefined : Number(threadsText);
    if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) {
      throw new UsageError(`--threads expects a positive whole number, got '${threadsText}'`);
    }
    const json = flag(ctx, 'json');
    let bar: Progress | undefined;
    const warn = (message: string) => {
      if (flag(ctx, 'quiet')) return;
      if (json) ctx.terminal.err(JSON.stringify({ event: 'warning', message }) + '\n');
      else ctx.terminal.err(`${ctx.terminal.errStyle.yellow('warning')}: ${message}\n`);
    };
    const onProgress = (e: QuantizeEvent) => {
      if (e.kind === 'start')
        bar = ctx.progress({
          label: `quantizing to ${type.toUpperCase()}`,
          total: e.tensors,
          unit: 'items',
        });
      else if (e.kind === 'tensor') bar?.update(e.index, e.name);
      else if (e.kind === 'warning') warn(e.message);
    };
    const started = performance.now();
    const result = await quantizeGguf(
      {
        input: resolve(ctx.cwd, input),
        output: resolve(ctx.cwd, output),
        type,
        ...quantizeTuningOf(ctx),
        pure: flag(ctx, 'pure'),
        threads,
        cache: !flag(ctx, 'no-cache'),
        llamaCppDir: stringOption(ctx, 'llama-cpp'),
        env: ctx.env,
      },
      onProgress,
    );
    bar?.finish();
    const seconds = (performance.now() - started) / 1000;
    if (json) {
      printJson(ctx, {
        output: result.output,
        type: result.type.name,
        fileType: result.type.fileType ?? null,
        cached: result.cached,
        sizeBytes: result.sizeBytes,
        tensors: result.tensors,
        converted: result.converted,
        warnings: result.warnings,
        seconds: Number(seconds.toFixed(3)),
      });
    } else {
      const how = result.cached
        ? 'from cache'
        : `${result.converted} of ${result.tensors} tensors converted`;
      ctx.terminal.out(
        `${output}: ${result.type.name}, ${formatBytes(result.sizeBytes)} (${how}, ${seconds.toFixed(1)} s)\n`,
      );
    }
    return 0;
  },
});
