import { UsageError } from '@mfc/diagnostics';
import { BuildLintError, buildModel, buildQuantizations, type BuildResult } from '@mfc/builder';

import { defineCommand, flag, stringOption } from '../command.js';
import {
  llamaCppOption,
  modelsDirOf,
  modelsOption,
  quantizeTuningOf,
  quantizeTuningOptions,
} from '../shared-options.js';
import { buildEventPrinter, lintReport } from '../ui/build-events.js';

/** The `--json` result of one built tag. */
function resultJson(result: BuildResult) {
  return {
    name: result.name,
    fullName: result.fullName,
    manifestDigest: result.manifestDigest,
    manifestPath: result.manifestPath,
    config: result.config,
    layers: result.layers,
    template: result.template,
    warnings: result.warnings,
    lint: result.lint,
    bytesCopied: result.bytesCopied,
    bytesLinked: result.bytesLinked,
  };
}

export default defineCommand({
  name: 'build',
  summary: 'Compile a Modelfile into a model in Ollama’s store (like `ollama create`)',
  usage: 'mfc build [-f Modelfile] -t NAME[:TAG] [options]',
  description: [
    'Reads the Modelfile (default ./Modelfile), lints it, and writes the model into the',
    'models folder exactly as `ollama create` lays it out: blobs/sha256-<hex> and',
    'manifests/<host>/<namespace>/<model>/<tag>. GGUF files are stored verbatim (the model',
    'layer’s digest is the file’s SHA-256); with --link they are hard-linked, not copied',
    '(the blob is then your file: replace it, never edit it in place). A file already in',
    'the store is neither copied nor re-read.',
    'Paths in FROM/ADAPTER/DRAFT are relative to the Modelfile’s folder; ~ is expanded.',
    'The models folder is --models, else $OLLAMA_MODELS, else ~/.ollama/models.',
  ].join('\n'),
  examples: [
    'mfc build -t mymodel',
    'mfc build -f ./Modelfile -t me/assistant:v1 --link',
    'mfc build -f fixtures/build/tiny/Modelfile -t tiny --models /tmp/models --json',
    'mfc build -t mymodel -q q4_K_M            (or MFC_QUANTIZE=q4_K_M mfc build -t mymodel)',
    'mfc build -t tuned --merge-adapters -q Q5_K_M',
    'mfc build -t me/tiny:1b -q Q4_K_M,Q8_0    (me/tiny:1b-q4_K_M and me/tiny:1b-q8_0)',
  ],
  options: {
    file: {
      type: 'string',
      short: 'f',
      valueName: 'FILE',
      description: 'The Modelfile (default ./Modelfile)',
    },
    tag: {
      type: 'string',
      short: 't',
      valueName: 'NAME',
      description: 'Model name, [host/][namespace/]model[:tag]',
    },
    models: modelsOption,
    link: {
      type: 'boolean',
      description: 'Hard-link GGUF files into the store instead of copying them',
    },
    quantize: {
      type: 'string',
      short: 'q',
      valueName: 'TYPE',
      description:
        'Quantize the model layer with llama.cpp (any llama-quantize type, e.g. Q4_K_M; default $MFC_QUANTIZE). Several types, comma-separated, build one tag each from one conversion: NAME:TAG-q4_K_M, or NAME:q4_K_M without a TAG',
    },
    ...quantizeTuningOptions,
    'merge-adapters': {
      type: 'boolean',
      description:
        'Merge the ADAPTER into the model weights (llama-export-lora) instead of storing it',
    },
    'llama-cpp': llamaCppOption,
    json: {
      type: 'boolean',
      description: 'Progress as JSON events on stderr, the result as JSON on stdout',
    },
  },
  async run(ctx) {
    const json = flag(ctx, 'json');
    const positional = ctx.positionals;
    if (positional.length > 1)
      throw new UsageError(`unexpected argument '${positional[1]}'`, "see 'mfc build --help'");
    const name = stringOption(ctx, 'tag') ?? positional[0];
    if (!name) throw new UsageError('missing model name', 'give one with -t NAME[:TAG]');
    if (stringOption(ctx, 'tag') && positional[0])
      throw new UsageError('give the model name once: either -t NAME or NAME');
    const modelsDir = modelsDirOf(ctx);
    const quiet = flag(ctx, 'quiet');

    const { onEvent, say, finish } = buildEventPrinter(ctx, { json, quiet });

    const quantize = stringOption(ctx, 'quantize') ?? (ctx.env.MFC_QUANTIZE || undefined);
    // `-q Q4_K_M,Q8_0`: one tag per type. A single type builds NAME itself, as before.
    const types = quantize
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (quantize !== undefined && types?.length === 0)
      throw new UsageError('--quantize needs a type', 'for example -q Q4_K_M or -q Q4_K_M,Q8_0');
    try {
      const options = {
        modelsDir,
        name,
        modelfile: stringOption(ctx, 'file') ?? 'Modelfile',
        link: flag(ctx, 'link'),
        quantize: types?.length === 1 ? types[0] : undefined,
        ...quantizeTuningOf(ctx),
        mergeAdapters: flag(ctx, 'merge-adapters'),
        llamaCppDir: stringOption(ctx, 'llama-cpp'),
        env: ctx.env,
        noPrune: Boolean(ctx.env.OLLAMA_NOPRUNE),
        onEvent,
      };
      const multi = types !== undefined && types.length > 1;
      const results = multi
        ? await buildQuantizations(options, types)
        : [await buildModel(options)];
      finish();
      if (json) {
        // One result object; with several types, an array of them (one per tag, in order).
        const out = multi ? results.map(resultJson) : resultJson(results[0]);
        ctx.terminal.out(JSON.stringify(out, null, 2) + '\n');
      } else {
        const t = results[0].template;
        if (t.source === 'autodetected')
          say(`template: ${t.name} (chosen for the GGUF's chat template)`);
        for (const result of results)
          ctx.terminal.out(
            `built ${result.name} ${result.manifestDigest.slice(7, 19)} in ${modelsDir}\n`,
          );
      }
      return 0;
    } catch (err) {
      finish();
      if (err instanceof BuildLintError && !json) ctx.terminal.err(lintReport(ctx, err.lint));
      throw err;
    }
  },
});
