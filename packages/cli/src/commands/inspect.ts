import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MfcError, UsageError, checkInputPath, type Style } from '@mfc/diagnostics';
import {
  GgufArray,
  fileGgufMagic,
  ggufJson,
  isUrl,
  kvJson,
  openGgufSet,
  parameterSizeLabel,
  parseShardName,
  valueToJson,
  type GgufSet,
} from '@mfc/gguf';
import { openSafetensorsModel, type SafetensorsModel } from '@mfc/safetensors';
import { defineCommand, flag, printJson, stringOption, type CommandContext } from '../command.js';
import { formatBytes } from '../ui/progress.js';

type Format = 'gguf' | 'safetensors';

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
    const format = await detectFormat(target);
    if (format === 'gguf') {
      const set = await openGgufSet(await ggufPath(target));
      return reportGguf(ctx, set);
    }
    const model = await openSafetensorsModel(target);
    return reportSafetensors(ctx, model, await readConfig(target));
  },
});

/** Decides the format from the magic bytes (local files) or the name (URLs, folders). */
async function detectFormat(target: string): Promise<Format> {
  if (isUrl(target)) {
    const path = target.replace(/[?#].*$/, '');
    return /\.safetensors$|\.index\.json$/.test(path) ? 'safetensors' : 'gguf';
  }
  const info = await checkInputPath(target, { directory: true });
  if (info.isDirectory()) {
    const names = await readdir(target);
    if (names.some((n) => n.endsWith('.safetensors') || n.endsWith('.safetensors.index.json')))
      return 'safetensors';
    if (names.some((n) => n.endsWith('.gguf'))) return 'gguf';
    throw new MfcError('INSPECT_NO_MODEL', 'no .gguf or .safetensors files in this folder', {
      location: { file: target },
    });
  }
  if (target.endsWith('.json')) return 'safetensors';
  if ((await fileGgufMagic(target)) === 'gguf') return 'gguf';
  if (target.endsWith('.safetensors')) return 'safetensors';
  if (target.endsWith('.gguf')) return 'gguf'; // let the GGUF reader explain what is wrong
  return 'safetensors';
}

/** For a folder: its single GGUF model (or the first shard of its one split set). */
async function ggufPath(target: string): Promise<string> {
  if (isUrl(target) || !(await stat(target)).isDirectory()) return target;
  const ggufs = (await readdir(target)).filter((n) => n.endsWith('.gguf')).sort();
  const models = new Set(ggufs.map((n) => parseShardName(n)?.prefix ?? n));
  if (models.size !== 1) {
    throw new UsageError(
      `the folder holds ${models.size} GGUF models: ${[...models].join(', ')}`,
      'name the file to inspect',
    );
  }
  return join(target, ggufs[0]);
}

async function readConfig(target: string): Promise<Record<string, unknown> | undefined> {
  if (isUrl(target)) return undefined;
  const dir = (await stat(target)).isDirectory() ? target : join(target, '..');
  try {
    return JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
  } catch {
    return undefined;
  }
}

function reportGguf(ctx: CommandContext, set: GgufSet): number {
  const json = flag(ctx, 'json');
  const full = flag(ctx, 'full');
  const key = stringOption(ctx, 'get');
  if (key !== undefined) {
    const kv = set.metadata.get(key);
    if (!kv) {
      throw new MfcError('INSPECT_NO_KEY', `no metadata key '${key}'`, {
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
  const name = get('general.name');
  if (typeof name === 'string') rows.push(['name', name]);
  rows.push(['parameters', `${set.parameterSize} (${set.parameterCount.toLocaleString('en-US')})`]);
  rows.push([
    'file type',
    set.fileType === undefined ? 'unknown' : `${set.fileTypeName} (${set.fileType})`,
  ]);
  const archKey = (k: string) => (arch ? get(`${arch}.${k}`) : undefined);
  const ctxLen = archKey('context_length');
  if (ctxLen !== undefined) rows.push(['context length', String(ctxLen)]);
  const embd = archKey('embedding_length');
  if (embd !== undefined) rows.push(['embedding length', String(embd)]);
  const layers = archKey('block_count');
  if (layers !== undefined) rows.push(['layers', String(layers)]);
  const heads = archKey('attention.head_count');
  if (heads !== undefined)
    rows.push([
      'attention heads',
      `${String(heads)} (${String(archKey('attention.head_count_kv') ?? heads)} KV)`,
    ]);
  const tokens = get('tokenizer.ggml.tokens');
  if (tokens instanceof GgufArray) {
    const model = get('tokenizer.ggml.model');
    const pre = get('tokenizer.ggml.pre');
    const merges = get('tokenizer.ggml.merges');
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
  const template = get('tokenizer.chat_template');
  if (typeof template === 'string')
    rows.push(['chat template', `${template.length.toLocaleString('en-US')} characters`]);
  rows.push([
    'tensors',
    `${set.tensors.length} (${histogram(set.tensors.map((t) => t.typeName))})`,
  ]);
  rows.push(['metadata', `${set.metadata.size} keys`]);
  rows.push(['size', humanBytes(data.size)]);
  printRows(ctx, basename(set.files[0]), rows, s);
  if (flag(ctx, 'tensors'))
    printTensors(
      ctx,
      data.tensors.map((t) => [
        t.name,
        t.type,
        `[${t.shape.join(', ')}]`,
        String(t.absoluteOffset),
      ]),
      s,
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
  const dtypes = histogram(model.tensors.map((t) => t.dtype));
  const matrixDtypes = model.tensors.filter((t) => t.shape.length >= 2).map((t) => t.dtype);
  const fileType =
    mostCommon(matrixDtypes.length > 0 ? matrixDtypes : model.tensors.map((t) => t.dtype)) ?? null;
  if (key !== undefined) {
    if (!(key in model.metadata)) {
      throw new MfcError('INSPECT_NO_KEY', `no metadata key '${key}'`, {
        location: { file: model.index ?? model.files[0] },
      });
    }
    if (json) printJson(ctx, model.metadata[key]);
    else ctx.terminal.out(model.metadata[key] + '\n');
    return 0;
  }
  const architecture = Array.isArray(config?.architectures)
    ? String(config.architectures[0])
    : null;
  if (json) {
    printJson(ctx, {
      format: 'safetensors',
      version: null,
      files: model.files,
      index: model.index ?? null,
      size: model.size,
      architecture,
      parameterCount: model.parameterCount,
      parameterSize: parameterSizeLabel(model.parameterCount),
      fileType,
      metadata: model.metadata,
      tensors: model.tensors.map((t) => ({
        name: t.name,
        type: t.dtype,
        shape: t.shape,
        offset: t.dataOffsets[0],
        absoluteOffset: t.absoluteOffset,
        size: t.byteSize,
        ...(model.files.length > 1 ? { file: basename(t.file) } : {}),
      })),
    });
    return 0;
  }
  const rows: [string, string][] = [
    ['format', `safetensors${model.files.length > 1 ? `, ${model.files.length} shards` : ''}`],
    ['architecture', architecture ?? 'unknown (no config.json)'],
    [
      'parameters',
      `${parameterSizeLabel(model.parameterCount)} (${model.parameterCount.toLocaleString('en-US')})`,
    ],
    ['dtype', fileType ?? 'none'],
  ];
  if (config && typeof config.max_position_embeddings === 'number')
    rows.push(['context length', String(config.max_position_embeddings)]);
  if (config && typeof config.vocab_size === 'number')
    rows.push(['vocabulary', `${config.vocab_size.toLocaleString('en-US')} tokens`]);
  rows.push(['tensors', `${model.tensors.length} (${dtypes})`]);
  rows.push(['size', humanBytes(model.size)]);
  printRows(ctx, basename(model.index ?? model.files[0]), rows, ctx.terminal.outStyle);
  if (flag(ctx, 'tensors')) {
    printTensors(
      ctx,
      model.tensors.map((t) => [
        t.name,
        t.dtype,
        `[${t.shape.join(', ')}]`,
        String(t.absoluteOffset),
      ]),
      ctx.terminal.outStyle,
    );
  }
  return 0;
}

const NEGATIVE_ZERO = '\u0000mfc-negative-zero\u0000';

/**
 * Pretty JSON that keeps float values exact: JSON.stringify prints -0 as 0,
 * but vocabulary scores can be -0.0 (gguf-py and llama.cpp keep the sign).
 */
function printExactJson(ctx: CommandContext, value: unknown): void {
  const text = JSON.stringify(value, (_key, v) => (Object.is(v, -0) ? NEGATIVE_ZERO : v), 2);
  ctx.terminal.out(text.replaceAll(JSON.stringify(NEGATIVE_ZERO), '-0') + '\n');
}

function plainValue(value: unknown): string {
  if (value instanceof GgufArray) return JSON.stringify(valueToJson(value));
  return String(value);
}

function printRows(ctx: CommandContext, title: string, rows: [string, string][], s: Style): void {
  const width = Math.max(...rows.map(([k]) => k.length));
  ctx.terminal.out(
    `${s.bold(title)}\n${rows.map(([k, v]) => `  ${s.dim(k.padEnd(width))}  ${v}`).join('\n')}\n`,
  );
}

function printTensors(ctx: CommandContext, rows: string[][], s: Style): void {
  const header = ['name', 'type', 'shape', 'offset'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  ctx.terminal.out(`\n${s.dim(line(header))}\n${rows.map(line).join('\n')}\n`);
}

function histogram(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

function mostCommon(items: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

function humanBytes(n: number): string {
  return `${formatBytes(n)} (${n.toLocaleString('en-US')} bytes)`;
}

function similarKeys(key: string, keys: string[]): string | undefined {
  const last = key.split('.').pop() ?? key;
  const near = keys.filter((k) => k.endsWith(last) || k.includes(last)).slice(0, 3);
  return near.length > 0 ? `did you mean ${near.map((k) => `'${k}'`).join(', ')}?` : undefined;
}
