import { basename } from 'node:path';
import { UsageError } from '@mfc/diagnostics';
import { cliError } from '../error-codes.js';
import {
  GgufArchKey,
  GgufArray,
  GgufKey,
  archKey as ggufArchKey,
  stringKv,
  type GgufArchKeyName,
  exactJsonText,
  ggufJson,
  ggufModelPath,
  kvJson,
  openGgufSet,
  valueToJson,
  type GgufSet,
} from '@mfc/gguf';
import {
  detectModelFormat,
  openSafetensorsModel,
  readModelConfig,
  safetensorsJson,
  type SafetensorsModel,
} from '@mfc/safetensors';
import { defineCommand, flag, printJson, stringOption, type CommandContext } from '../command.js';
import { formatRows, formatTensorTable, histogram, humanBytes } from '../ui/table.js';

export default defineCommand({
  name: 'inspect',
  summary: 'Describe a GGUF or safetensors model: architecture, parameters, metadata, tensors',
  usage: 'mfc inspect [options] <file | dir | url>',
  description: [
    'Reads only the header of a model file, never its weights. Accepts a GGUF file (any shard of a',
    'split set: `-00001-of-00003.gguf` reads the whole set), a .safetensors file, a',
    'model.safetensors.index.json, a Hugging Face folder, or an http(s) URL (read with range requests).',
  ].join('\n'),
  examples: [
    'mfc inspect model.gguf',
    'mfc inspect --json model.gguf | jq .metadata',
    'mfc inspect --get tokenizer.chat_template model.gguf',
    'mfc inspect --tensors ./Llama-3.2-1B/',
    'mfc inspect https://huggingface.co/org/repo/resolve/main/model-Q4_K_M.gguf',
  ],
  options: {
    json: {
      type: 'boolean',
      description: 'Print JSON: format, version, metadata, tensors, parameterCount, fileType',
    },
    tensors: {
      type: 'boolean',
      short: 't',
      description: 'List every tensor (name, type, shape, offset)',
    },
    get: {
      type: 'string',
      valueName: 'KEY',
      description: 'Print one metadata value (raw text; JSON with --json)',
    },
    full: { type: 'boolean', description: 'Show long arrays (vocabularies, merges) in full' },
  },
  async run(ctx) {
    if (ctx.positionals.length !== 1) {
      throw new UsageError(
        ctx.positionals.length === 0 ? 'missing the model to inspect' : 'inspect takes one model',
        "see 'mfc inspect --help'",
      );
    }
    const target = ctx.positionals[0];
    if ((await detectModelFormat(target)) === 'gguf')
      return reportGguf(ctx, await openGgufSet(await ggufModelPath(target)));
    const model = await openSafetensorsModel(target);
    return reportSafetensors(ctx, model, await readModelConfig(target));
  },
});

function reportGguf(ctx: CommandContext, set: GgufSet): number {
  const json = flag(ctx, 'json');
  const full = flag(ctx, 'full');
  const key = stringOption(ctx, 'get');
  if (key !== undefined) {
    const kv = set.metadata.get(key);
    if (!kv) {
      throw cliError('INSPECT_NO_KEY', `no metadata key '${key}'`, {
        location: { file: set.files[0] },
        hint: similarKeys(key, [...set.metadata.keys()]),
      });
    }
    if (json) printExactJson(ctx, kvJson(kv.type, kv.value, true).value);
    else ctx.terminal.out(plainValue(kv.value) + '\n');
    return 0;
  }
  const data = ggufJson(set, { full });
  if (json) {
    printExactJson(ctx, data);
    return 0;
  }
  const s = ctx.terminal.outStyle;
  const rows: [string, string][] = [];
  const get = (k: string) => set.get(k);
  const arch = set.architecture;
  rows.push([
    'format',
    `GGUF v${data.version}${data.littleEndian ? '' : ' (big-endian)'}${set.files.length > 1 ? `, ${set.files.length} shards` : ''}`,
  ]);
  rows.push(['architecture', arch ?? 'unknown']);
  const name = stringKv(set, GgufKey.name);
  if (name !== undefined) rows.push(['name', name]);
  rows.push(['parameters', `${set.parameterSize} (${set.parameterCount.toLocaleString('en-US')})`]);
  rows.push([
    'file type',
    set.fileType === undefined ? 'unknown' : `${set.fileTypeName} (${set.fileType})`,
  ]);
  const archKey = (k: GgufArchKeyName) => (arch ? get(ggufArchKey(arch, k)) : undefined);
  const ctxLen = archKey(GgufArchKey.contextLength);
  if (ctxLen !== undefined) rows.push(['context length', String(ctxLen)]);
  const embd = archKey(GgufArchKey.embeddingLength);
  if (embd !== undefined) rows.push(['embedding length', String(embd)]);
  const layers = archKey(GgufArchKey.blockCount);
  if (layers !== undefined) rows.push(['layers', String(layers)]);
  const heads = archKey(GgufArchKey.headCount);
  if (heads !== undefined)
    rows.push([
      'attention heads',
      `${String(heads)} (${String(archKey(GgufArchKey.headCountKv) ?? heads)} KV)`,
    ]);
  const tokens = get(GgufKey.tokens);
  if (tokens instanceof GgufArray) {
    const model = get(GgufKey.tokenizerModel);
    const pre = get(GgufKey.tokenizerPre);
    const merges = get(GgufKey.merges);
    const extra = [
      typeof model === 'string' ? model : undefined,
      typeof pre === 'string' ? `pre ${pre}` : undefined,
      merges instanceof GgufArray ? `${merges.length.toLocaleString('en-US')} merges` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    rows.push([
      'vocabulary',
      `${tokens.length.toLocaleString('en-US')} tokens${extra ? ` (${extra})` : ''}`,
    ]);
  }
  const template = get(GgufKey.chatTemplate);
  if (typeof template === 'string')
    rows.push(['chat template', `${template.length.toLocaleString('en-US')} characters`]);
  rows.push([
    'tensors',
    `${set.tensors.length} (${histogram(set.tensors.map((t) => t.typeName))})`,
  ]);
  rows.push(['metadata', `${set.metadata.size} keys`]);
  rows.push(['size', humanBytes(data.size)]);
  ctx.terminal.out(formatRows(basename(set.files[0]), rows, s));
  if (flag(ctx, 'tensors'))
    ctx.terminal.out(
      formatTensorTable(
        data.tensors.map((t) => [
          t.name,
          t.type,
          `[${t.shape.join(', ')}]`,
          String(t.absoluteOffset),
        ]),
        s,
      ),
    );
  return 0;
}

function reportSafetensors(
  ctx: CommandContext,
  model: SafetensorsModel,
  config: Record<string, unknown> | undefined,
): number {
  const json = flag(ctx, 'json');
  const key = stringOption(ctx, 'get');
  if (key !== undefined) {
    if (!(key in model.metadata)) {
      throw cliError('INSPECT_NO_KEY', `no metadata key '${key}'`, {
        location: { file: model.index ?? model.files[0] },
      });
    }
    if (json) printJson(ctx, model.metadata[key]);
    else ctx.terminal.out(model.metadata[key] + '\n');
    return 0;
  }
  const data = safetensorsJson(model, config);
  if (json) {
    printJson(ctx, data);
    return 0;
  }
  const { architecture, fileType } = data;
  const rows: [string, string][] = [
    ['format', `safetensors${model.files.length > 1 ? `, ${model.files.length} shards` : ''}`],
    ['architecture', architecture ?? 'unknown (no config.json)'],
    ['parameters', `${data.parameterSize} (${model.parameterCount.toLocaleString('en-US')})`],
    ['dtype', fileType ?? 'none'],
  ];
  if (config && typeof config.max_position_embeddings === 'number')
    rows.push(['context length', String(config.max_position_embeddings)]);
  if (config && typeof config.vocab_size === 'number')
    rows.push(['vocabulary', `${config.vocab_size.toLocaleString('en-US')} tokens`]);
  rows.push([
    'tensors',
    `${model.tensors.length} (${histogram(model.tensors.map((t) => t.dtype))})`,
  ]);
  rows.push(['size', humanBytes(model.size)]);
  ctx.terminal.out(
    formatRows(basename(model.index ?? model.files[0]), rows, ctx.terminal.outStyle),
  );
  if (flag(ctx, 'tensors')) {
    ctx.terminal.out(
      formatTensorTable(
        model.tensors.map((t) => [
          t.name,
          t.dtype,
          `[${t.shape.join(', ')}]`,
          String(t.absoluteOffset),
        ]),
        ctx.terminal.outStyle,
      ),
    );
  }
  return 0;
}

function printExactJson(ctx: CommandContext, value: unknown): void {
  ctx.terminal.out(exactJsonText(value) + '\n');
}

function plainValue(value: unknown): string {
  if (value instanceof GgufArray) return JSON.stringify(valueToJson(value));
  return String(value);
}

function similarKeys(key: string, keys: string[]): string | undefined {
  const last = key.split('.').pop() ?? key;
  const near = keys.filter((k) => k.endsWith(last) || k.includes(last)).slice(0, 3);
  return near.length > 0 ? `did you mean ${near.map((k) => `'${k}'`).join(', ')}?` : undefined;
}
