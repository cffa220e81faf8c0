import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInputPathSync } from '@mfc/diagnostics';
import { convertError } from './error-codes.js';
import { GgufValueType, kv, type GgufKvInput } from '@mfc/gguf';
import { readJson, readJsonObject } from './json-file.js';
import { detectPreTokenizer } from './pretokenizer.js';
import { parseSentencePiece, TokenType } from './sentencepiece.js';

/** Which tokenizer files an architecture reads, in llama.cpp's order of preference. */
export type VocabPolicy =
  /** tokenizer.model, else tokenizer.json (Llama, Qwen2/3, Gemma 3). */
  | 'spm-then-bpe'
  /** tokenizer.model only (Gemma, Gemma 2; Phi-3 unless tokenizer_class is GPT2Tokenizer). */
  | 'spm';

export interface VocabOptions {
  /** config.json (merged with text_config). */
  config: Record<string, unknown>;
  policy: VocabPolicy;
  /** Write `tokenizer.ggml.add_space_prefix = false` (Gemma family). */
  noSpacePrefix?: boolean;
  /** Phi-3 also applies tokenizer.json's added tokens over the SentencePiece pieces. */
  applyTokenizerJsonAdded?: boolean;
}

export interface Vocab {
  kvs: GgufKvInput[];
  /** Number of tokens written (the embedding rows a model needs). */
  size: number;
  model: 'llama' | 'gpt2';
  warnings: string[];
}

interface AddedToken {
  id: number;
  content: string;
  special?: boolean;
}

/** Tokens Python's converter marks CONTROL even when not flagged special (`does_token_look_special`). */
export function looksSpecial(t: string): boolean {
  return (
    ['<pad>', '<mask>', '<2mass>', '[@BOS@]'].includes(t) ||
    (t.startsWith('<|') && t.endsWith('|>')) ||
    (t.startsWith('<｜') && t.endsWith('｜>')) ||
    (t.startsWith('<unused') && t.endsWith('>'))
  );
}

const SPECIAL_TYPES = ['bos', 'eos', 'unk', 'sep', 'pad', 'cls', 'mask'] as const;
const SPECIAL_KEY: Record<string, string> = {
  bos: 'bos',
  eos: 'eos',
  unk: 'unknown',
  sep: 'seperator', // sic: llama.cpp's key name
  pad: 'padding',
  cls: 'cls',
  mask: 'mask',
};

function tokenContent(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (
    entry &&
    typeof entry === 'object' &&
    typeof (entry as { content?: unknown }).content === 'string'
  ) {
    return (entry as { content: string }).content;
  }
  return undefined;
}

/**
 * Builds the `tokenizer.*` metadata from a Hugging Face folder, following
 * llama.cpp's `convert_hf_to_gguf.py` (SentencePiece `tokenizer.model`, or
 * byte-level BPE `tokenizer.json`) and gguf-py's `SpecialVocab`.
 */
export function buildVocab(dir: string, options: VocabOptions): Vocab {
  const spmPath = join(dir, 'tokenizer.model');
  const jsonPath = join(dir, 'tokenizer.json');
  const tokenizerConfig = readJsonObject(dir, 'tokenizer_config.json');
  const tokenizerJson = existsSync(jsonPath)
    ? (readJson(jsonPath) as Record<string, unknown>)
    : undefined;
  const warnings: string[] = [];
  const kvs = new Map<string, GgufKvInput>();
  const put = (e: GgufKvInput) => kvs.set(e.key, e);
  const wantsGpt2 =
    tokenizerConfig?.tokenizer_class === 'GPT2Tokenizer' && options.applyTokenizerJsonAdded;

  let size: number;
  let model: 'llama' | 'gpt2';
  if (existsSync(spmPath) && !wantsGpt2) {
    model = 'llama';
    const v = sentencePieceVocab(spmPath, options, tokenizerConfig, dir, tokenizerJson);
    size = v.tokens.length;
    put(kv.string('tokenizer.ggml.model', 'llama'));
    put(kv.string('tokenizer.ggml.pre', 'default'));
    put(kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, v.tokens));
    put(kv.array('tokenizer.ggml.scores', GgufValueType.FLOAT32, v.scores));
    put(kv.array('tokenizer.ggml.token_type', GgufValueType.INT32, v.types));
  } else if (tokenizerJson && (options.policy === 'spm-then-bpe' || wantsGpt2)) {
    model = 'gpt2';
    const v = bpeVocab(jsonPath, tokenizerJson, options.config);
    size = v.tokens.length;
    const pre = detectPreTokenizer(tokenizerJson as never);
    if (pre.warning) warnings.push(pre.warning);
    put(kv.string('tokenizer.ggml.model', 'gpt2'));
    put(kv.string('tokenizer.ggml.pre', pre.name));
    put(kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, v.tokens));
    put(kv.array('tokenizer.ggml.token_type', GgufValueType.INT32, v.types));
    if (v.merges.length > 0) put(kv.array('tokenizer.ggml.merges', GgufValueType.STRING, v.merges));
    else warnings.push('tokenizer.json has no merges; the model may not tokenize correctly');
  } else {
    throw convertError(
      'CONVERT_NO_TOKENIZER',
      options.policy === 'spm'
        ? `${dir} has no tokenizer.model (SentencePiece), which this architecture needs`
        : `${dir} has neither tokenizer.model nor tokenizer.json`,
      { location: { file: dir } },
    );
  }

  for (const e of specialTokenKvs(dir, tokenizerJson, tokenizerConfig, options.config, size))
    put(e);
  if (options.noSpacePrefix) put(kv.bool('tokenizer.ggml.add_space_prefix', false));
  else if (typeof tokenizerConfig?.add_prefix_space === 'boolean' && model === 'llama') {
    put(kv.bool('tokenizer.ggml.add_space_prefix', tokenizerConfig.add_prefix_space));
  }
  return { kvs: [...kvs.values()], size, model, warnings };
}

function sentencePieceVocab(
  path: string,
  options: VocabOptions,
  tokenizerConfig: Record<string, unknown> | undefined,
  dir: string,
  tokenizerJson: Record<string, unknown> | undefined,
): { tokens: string[]; scores: number[]; types: number[] } {
  checkInputPathSync(path);
  const spm = parseSentencePiece(readFileSync(path), path);
  const configured = typeof options.config.vocab_size === 'number' ? options.config.vocab_size : 0;
  const n = configured || spm.pieces.length;
  const tokens = Array.from({ length: n }, (_, i) => `[PAD${i}]`);
  const scores = new Array<number>(n).fill(-10000);
  const types = new Array<number>(n).fill(TokenType.UNUSED);
  for (let i = 0; i < Math.min(n, spm.pieces.length); i++) {
    tokens[i] = spm.pieces[i];
    scores[i] = spm.scores[i];
    // sentencepiece's IsUnknown/IsControl/IsUnused/IsByte; everything else (user-defined too) is NORMAL.
    const t = spm.types[i];
    types[i] =
      t === TokenType.UNKNOWN ||
      t === TokenType.CONTROL ||
      t === TokenType.UNUSED ||
      t === TokenType.BYTE
        ? t
        : TokenType.NORMAL;
  }
  const added = readJsonObject(dir, 'added_tokens.json');
  for (const [content, id] of Object.entries(added ?? {})) {
    if (typeof id !== 'number' || id >= n) continue;
    tokens[id] = content;
    scores[id] = -1000;
    types[id] = TokenType.USER_DEFINED;
  }
  const decoder = tokenizerConfig?.added_tokens_decoder;
  const apply = (id: number, data: { content?: unknown; special?: unknown }) => {
    if (!Number.isInteger(id) || id < 0 || id >= n || typeof data.content !== 'string') return;
    let content = data.content;
    if (data.special === true || looksSpecial(content)) types[id] = TokenType.CONTROL;
    else {
      content = content.replaceAll('\u2581', ' '); // pre-normalise user-defined spaces, as llama.cpp does
      types[id] = TokenType.USER_DEFINED;
    }
    scores[id] = -1000;
    tokens[id] = content;
  };
  if (decoder && typeof decoder === 'object') {
    for (const [id, data] of Object.entries(
      decoder as Record<string, { content?: unknown; special?: unknown }>,
    ))
      apply(Number(id), data);
  }
  if (options.applyTokenizerJsonAdded && Array.isArray(tokenizerJson?.added_tokens)) {
    for (const t of tokenizerJson.added_tokens as AddedToken[]) {
      if (typeof t.id !== 'number' || t.id >= n || typeof t.content !== 'string') continue;
      tokens[t.id] = t.content;
      scores[t.id] = -1000;
      types[t.id] = t.special ? TokenType.CONTROL : TokenType.USER_DEFINED;
    }
  }
  return { tokens, scores, types };
}

function bpeVocab(
  path: string,
  tokenizerJson: Record<string, unknown>,
  config: Record<string, unknown>,
): { tokens: string[]; types: number[]; merges: string[] } {
  const bpe = tokenizerJson.model as
    { type?: string; vocab?: Record<string, number>; merges?: unknown[] } | undefined;
  if (!bpe || bpe.type !== 'BPE' || !bpe.vocab || typeof bpe.vocab !== 'object') {
    throw convertError(
      'CONVERT_UNSUPPORTED_TOKENIZER',
      `${path}: only BPE tokenizers are supported here (model.type is ${JSON.stringify(bpe?.type)})`,
      {
        location: { file: path },
      },
    );
  }
  // Token text by id (a sparse array: faster than a Map for a 10⁵-token vocabulary).
  const byId: string[] = [];
  let known = 0;
  const setToken = (id: unknown, text: string) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0) {
      throw convertError(
        'CONVERT_BAD_VOCAB',
        `${path}: token ${JSON.stringify(text)} has id ${JSON.stringify(id)}`,
        {
          location: { file: path },
        },
      );
    }
    if (byId[id] === undefined) known++;
    byId[id] = text;
  };
  for (const token in bpe.vocab) setToken(bpe.vocab[token], token);
  const added = new Map<number, AddedToken>();
  for (const t of (tokenizerJson.added_tokens ?? []) as AddedToken[]) {
    if (typeof t.id === 'number' && typeof t.content === 'string') {
      added.set(t.id, t);
      setToken(t.id, t.content);
    }
  }
  const maxId = byId.length - 1;
  const n =
    typeof config.vocab_size === 'number' && config.vocab_size > 0 ? config.vocab_size : known;
  if (maxId >= n) {
    throw convertError(
      'CONVERT_BAD_VOCAB',
      `${path} has token id ${maxId}, but config.json's vocab_size is ${n}`,
      { location: { file: path } },
    );
  }
  const tokens = new Array<string>(n);
  const types = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const text = byId[i];
    const a = added.get(i);
    if (text === undefined) {
      tokens[i] = `[PAD${i}]`;
      types[i] = TokenType.UNUSED;
    } else if (a) {
      if (a.special || looksSpecial(text)) {
        tokens[i] = text;
        types[i] = TokenType.CONTROL;
      } else {
        tokens[i] = text.replaceAll('\u2581', ' ');
        types[i] = TokenType.USER_DEFINED;
      }
    } else {
      tokens[i] = text;
      types[i] = TokenType.NORMAL;
    }
  }
  const merges: string[] = [];
  for (const m of bpe.merges ?? []) {
    if (typeof m === 'string') merges.push(m);
    else if (Array.isArray(m) && m.length === 2) {
      // Since transformers 4.45 merges may be pairs; spaces inside a part are written as U+0120, like llama.cpp.
      merges.push(m.map((p: string) => p.replaceAll(' ', '\u0120')).join(' '));
    } else {
      throw convertError('CONVERT_BAD_VOCAB', `${path}: unknown merges format`, {
        location: { file: path },
      });
    }
  }
  return { tokens, types, merges };
}

/** BOS/EOS/… ids, `add_*_token` flags, the chat template and generation_config EOS lists (gguf-py's `SpecialVocab`). */
function specialTokenKvs(
  dir: string,
  tokenizerJson: Record<string, unknown> | undefined,
  tokenizerConfig: Record<string, unknown> | undefined,
  config: Record<string, unknown>,
  nVocab: number,
): GgufKvInput[] {
  const ids = new Map<string, number>();
  const add = new Map<string, boolean>();
  const setId = (typ: string, id: unknown) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= nVocab || ids.has(typ))
      return;
    ids.set(typ, id);
  };
  const addedTokens = (
    Array.isArray(tokenizerJson?.added_tokens) ? tokenizerJson.added_tokens : []
  ) as AddedToken[];
  const tc = tokenizerConfig ? { ...tokenizerConfig } : undefined;
  if (tokenizerJson && tc) {
    // TemplateProcessing tells whether BOS/EOS are added around a single sequence.
    const post = tokenizerJson.post_processor as
      { type?: string; processors?: unknown[]; single?: unknown[] } | null | undefined;
    const procs = (post ? (post.processors ?? [post]) : []) as {
      type?: string;
      single?: { SpecialToken?: { id?: string } }[];
    }[];
    for (const p of procs) {
      if (p.type !== 'TemplateProcessing' || !p.single || p.single.length <= 1) continue;
      const first = p.single[0]?.SpecialToken?.id;
      const last = p.single[p.single.length - 1]?.SpecialToken?.id;
      const bos = tokenContent(tc.bos_token);
      const eos = tokenContent(tc.eos_token);
      if (first) add.set('bos', first === bos || first === tokenContent(tc.cls_token));
      if (last) add.set('eos', last === eos);
    }
  }
  if (tc) {
    for (const typ of SPECIAL_TYPES) {
      const flag = tc[`add_${typ}_token`];
      if (typeof flag === 'boolean') add.set(typ, flag);
      const content = tokenContent(tc[`${typ}_token`]);
      if (content === undefined) continue;
      setId(typ, addedTokens.find((t) => t.content === content)?.id);
    }
  }
  const textConfig = (config.text_config ?? {}) as Record<string, unknown>;
  for (const typ of SPECIAL_TYPES)
    setId(typ, config[`${typ}_token_id`] ?? textConfig[`${typ}_token_id`]);

  const out: GgufKvInput[] = [];
  for (const [typ, id] of ids) out.push(kv.u32(`tokenizer.ggml.${SPECIAL_KEY[typ]}_token_id`, id));
  for (const [typ, value] of add)
    if (['bos', 'eos', 'sep'].includes(typ))
      out.push(kv.bool(`tokenizer.ggml.add_${typ}_token`, value));

  const template = chatTemplate(dir, tc);
  if (typeof template === 'string') out.push(kv.string('tokenizer.chat_template', template));
  else if (Array.isArray(template)) {
    for (const t of template) {
      if (typeof t?.template !== 'string' || typeof t?.name !== 'string') continue;
      out.push(
        kv.string(
          t.name === 'default' ? 'tokenizer.chat_template' : `tokenizer.chat_template.${t.name}`,
          t.template,
        ),
      );
    }
  }

  // generation_config.json may list several EOS ids (Llama 3.x: <|end_of_text|>, <|eom_id|>, <|eot_id|>), as Ollama records.
  const gen = readJsonObject(dir, 'generation_config.json');
  const eos = gen?.eos_token_id;
  if (Array.isArray(eos) && eos.every((e) => Number.isInteger(e))) {
    out.push(kv.array('tokenizer.ggml.eos_token_ids', GgufValueType.INT32, eos as number[]));
  }
  return out;
}

function chatTemplate(
  dir: string,
  tc: Record<string, unknown> | undefined,
): string | { name: string; template: string }[] | undefined {
  if (!tc) return undefined;
  if (typeof tc.chat_template === 'string' || Array.isArray(tc.chat_template))
    return tc.chat_template as string;
  const jinja = join(dir, 'chat_template.jinja');
  if (existsSync(jinja)) return readFileSync(jinja, 'utf8');
  const json = readJsonObject(dir, 'chat_template.json');
  if (typeof json?.chat_template === 'string') return json.chat_template;
  return undefined;
}
