import { resolve } from 'node:path';
import { UsageError } from '@mfc/diagnostics';
import { convertHfToGguf, SUPPORTED_HF_ARCHITECTURES, type OutType } from '@mfc/convert';
import { defineCommand, flag, printJson, stringOption } from '../command.js';

const OUT_TYPES = ['f32', 'f16', 'bf16'];

export default defineCommand({
  name: 'convert',
  summary: 'Convert a Hugging Face safetensors folder to a GGUF file llama.cpp and Ollama run',
  usage: 'mfc convert [options] <hf-folder> <out.gguf>',
  description: [
    'Streams the weights (a few MB of memory whatever the model size) into a GGUF file',
    'with llama.cpp’s tensor names and metadata, the tokenizer (tokenizer.model or',
    'tokenizer.json) and the chat template. Matrices keep the weights’ own type unless',
    '--outtype says otherwise; norms and biases are F32.',
    '',
    `Architectures: ${SUPPORTED_HF_ARCHITECTURES.join(', ')}`,
  ].join('\n'),
  examples: [
    'mfc convert ./Qwen2.5-0.5B-Instruct qwen2.5-0.5b-f16.gguf --outtype f16',
    'mfc convert ~/.cache/huggingface/hub/models--org--repo/snapshots/<sha> model.gguf --json',
  ],
  options: {
    outtype: {
      type: 'string',
      valueName: 'TYPE',
      description: 'f32, f16 or bf16 (default: as the weights)',
    },
    name: {
      type: 'string',
      valueName: 'NAME',
      description: 'general.name (default: the folder name)',
    },
    'vocab-only': { type: 'boolean', description: 'Write only the tokenizer and metadata' },
    json: {
      type: 'boolean',
      description: 'Progress as JSON events on stderr, the result as JSON on stdout',
    },
  },
  async run(ctx) {
    const [dir, out, ...extra] = ctx.positionals;
    if (extra.length)
      throw new UsageError(`unexpected argument '${extra[0]}'`, "see 'mfc convert --help'");
    if (!dir || !out)
      throw new UsageError(
        'expected <hf-folder> <out.gguf>',
        'for example: mfc convert ./my-model model.gguf',
      );
    const outType = stringOption(ctx, 'outtype')?.toLowerCase();
    if (outType !== undefined && !OUT_TYPES.includes(outType)) {
      throw new UsageError(`--outtype must be one of ${OUT_TYPES.join(', ')}, not '${outType}'`);
    }
    let bar: ReturnType<typeof ctx.progress> | undefined;
    const result = await convertHfToGguf(resolve(ctx.cwd, dir), resolve(ctx.cwd, out), {
      outType: outType as OutType | undefined,
      name: stringOption(ctx, 'name'),
      vocabOnly: flag(ctx, 'vocab-only'),
      onProgress: (written, total) => {
        bar ??= ctx.progress({ label: 'converting', total, unit: 'bytes' });
        bar.update(written);
      },
    });
    bar?.finish();
    for (const w of result.warnings) ctx.terminal.err(`warning: ${w}\n`);
    if (flag(ctx, 'json')) printJson(ctx, result);
    else
      ctx.terminal.out(
        `${result.path}: ${result.architecture} (${result.hfArchitecture}), ${result.tensorCount} tensors, ${result.outType.toUpperCase()}\n`,
      );
    return 0;
  },
});
