/**
 * What `mfc init` and `mfc card` need to know about a model source: its chat
 * template (Jinja), special tokens, training context and license, read from a
 * GGUF header or from a Hugging Face folder's JSON files.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { appsError } from './error-codes.js';
import { GgufArray, openGguf, type GgufFile } from '@mfc/gguf';

export interface ModelFacts {
  kind: 'gguf' | 'hf-folder';
  /** The GGUF file or the folder read. */
  path: string;
  name?: string;
  architecture?: string;
  /** The Jinja chat template, if the model has one. */
  chatTemplate?: string;
  bos?: string;
  /** End-of-sequence and end-of-turn token texts (no duplicates). */
  endTokens: string[];
  /** Context length the model was trained with. */
  contextLength?: number;
  /** License text (a LICENSE file) or name (metadata). */
  license?: string;
  licenseName?: string;
  /** Whether a text is one token of the vocabulary (undefined: the vocabulary is unknown). */
  isToken?: (text: string) => boolean;
}

function tokenText(g: GgufFile, key: string): string | undefined {
  const id = g.get(key);
  const tokens = g.get('tokenizer.ggml.tokens');
  if (typeof id !== 'number' || !(tokens instanceof GgufArray)) return undefined;
  const t = tokens.get(id);
  return typeof t === 'string' ? t : undefined;
}

/** Facts from a GGUF header (tensor data is never read). */
export async function ggufFacts(path: string): Promise<ModelFacts> {
  const g = await openGguf(path);
  return factsOfGguf(g, path);
}

export function factsOfGguf(g: GgufFile, path: string): ModelFacts {
  const str = (k: string) => {
    const v = g.get(k);
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const ctx = g.get(`${g.architecture}.context_length`);
  const ends = [
    'tokenizer.ggml.eot_token_id',
    'tokenizer.ggml.eom_token_id',
    'tokenizer.ggml.eos_token_id',
  ]
    .map((k) => tokenText(g, k))
    .filter((t): t is string => t !== undefined);
  return {
    kind: 'gguf',
    path,
    name: str('general.name'),
    architecture: g.architecture,
    chatTemplate: str('tokenizer.chat_template'),
    bos: tokenText(g, 'tokenizer.ggml.bos_token_id'),
    endTokens: [...new Set(ends)],
    contextLength:
      typeof ctx === 'number' ? ctx : typeof ctx === 'bigint' ? Number(ctx) : undefined,
    licenseName: str('general.license'),
    isToken: (() => {
      const tokens = g.get('tokenizer.ggml.tokens');
      if (!(tokens instanceof GgufArray)) return undefined;
      let set: Set<unknown> | undefined;
      return (t: string) => (set ??= new Set(tokens.toArray())).has(t);
    })(),
  };
}

function readJson(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const v: unknown = JSON.parse(readFileSync(path, 'utf8'));
    return v !== null && typeof v === 'object' && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch (err) {
    throw appsError('INIT_BAD_JSON', `${path} is not valid JSON: ${(err as Error).message}`, {
      location: { file: path },
    });
  }
}

function tokenString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (
    v !== null &&
    typeof v === 'object' &&
    typeof (v as { content?: unknown }).content === 'string'
  )
    return (v as { content: string }).content;
  return undefined;
}

/** The chat template of a Hugging Face folder, as transformers finds it. */
function hfChatTemplate(dir: string, tc: Record<string, unknown> | undefined): string | undefined {
  const t = tc?.chat_template;
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) {
    const def = t.find((x) => (x as { name?: unknown }).name === 'default') as
      { template?: unknown } | undefined;
    if (typeof def?.template === 'string') return def.template;
  }
  const jinja = join(dir, 'chat_template.jinja');
  if (existsSync(jinja)) return readFileSync(jinja, 'utf8');
  const json = readJson(join(dir, 'chat_template.json'));
  return typeof json?.chat_template === 'string' ? json.chat_template : undefined;
}

/** Token texts by id: tokenizer.json's vocabulary and added tokens, tokenizer_config.json's added_tokens_decoder. */
function addedTokens(dir: string, tc: Record<string, unknown> | undefined): Map<number, string> {
  const out = new Map<number, string>();
  const dec = tc?.added_tokens_decoder;
  if (dec && typeof dec === 'object') {
    for (const [id, t] of Object.entries(dec as Record<string, unknown>)) {
      const s = tokenString(t);
      if (s !== undefined) out.set(Number(id), s);
    }
  }
  const tj = readJson(join(dir, 'tokenizer.json'));
  const vocab = (tj?.model as { vocab?: unknown } | undefined)?.vocab;
  if (vocab && typeof vocab === 'object' && !Array.isArray(vocab)) {
    for (const [t, id] of Object.entries(vocab as Record<string, unknown>))
      if (typeof id === 'number') out.set(id, t);
  }
  if (Array.isArray(tj?.added_tokens)) {
    for (const t of tj.added_tokens as { id?: unknown; content?: unknown }[])
      if (typeof t.id === 'number' && typeof t.content === 'string') out.set(t.id, t.content);
  }
  return out;
}

const licenseFiles = ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'LICENCE', 'license', 'license.md'];

/** The `license:` of a README's YAML front matter. */
function readmeLicense(dir: string): string | undefined {
  const p = join(dir, 'README.md');
  if (!existsSync(p)) return undefined;
  const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(p, 'utf8'));
  const l = m && /^license:\s*["']?([^"'\r\n]+?)["']?\s*$/m.exec(m[1]);
  return l ? l[1] : undefined;
}

/** Facts from a Hugging Face folder (config.json, tokenizer_config.json, generation_config.json). */
export function hfFolderFacts(dir: string): ModelFacts {
  const config = readJson(join(dir, 'config.json'));
  if (!config)
    throw appsError('INIT_NOT_A_MODEL', `${dir} has no config.json`, {
      hint: 'give a GGUF file or a Hugging Face model folder',
    });
  const text = (config.text_config as Record<string, unknown> | undefined) ?? config;
  const tc = readJson(join(dir, 'tokenizer_config.json'));
  const gen = readJson(join(dir, 'generation_config.json'));
  const added = addedTokens(dir, tc);
  const ends: string[] = [];
  const eos = tokenString(tc?.eos_token);
  if (eos) ends.push(eos);
  const ids = gen?.eos_token_id ?? config.eos_token_id;
  for (const id of Array.isArray(ids) ? ids : [ids]) {
    const t = typeof id === 'number' ? added.get(id) : undefined;
    if (t) ends.push(t);
  }
  const ctx = text.max_position_embeddings ?? config.max_position_embeddings;
  const licensePath = licenseFiles.map((f) => join(dir, f)).find((p) => existsSync(p));
  const archs = config.architectures;
  const texts = new Set(added.values());
  // A SentencePiece vocabulary (tokenizer.model) is not read here: only tokenizer.json's is known.
  const knowsVocab = existsSync(join(dir, 'tokenizer.json'));
  return {
    kind: 'hf-folder',
    path: dir,
    name: basename(dir),
    architecture: Array.isArray(archs) && typeof archs[0] === 'string' ? archs[0] : undefined,
    chatTemplate: hfChatTemplate(dir, tc),
    bos: tokenString(tc?.bos_token),
    endTokens: [...new Set(ends)],
    contextLength: typeof ctx === 'number' ? ctx : undefined,
    license: licensePath ? readFileSync(licensePath, 'utf8') : undefined,
    licenseName: readmeLicense(dir),
    isToken: knowsVocab ? (t) => texts.has(t) : undefined,
  };
}

/** A GGUF file or Hugging Face folder in `dir` (for `mfc init` with no SOURCE). */
export function findSourceIn(dir: string): string | undefined {
  if (existsSync(join(dir, 'config.json'))) return dir;
  const ggufs = readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.gguf') && !/mmproj/i.test(f))
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
  // A split set: its first part.
  const first = ggufs.find((f) => /-00001-of-\d{5}\.gguf$/i.test(f));
  return first ? join(dir, first) : ggufs[0] ? join(dir, ggufs[0]) : undefined;
}

/** Facts of a GGUF file or a Hugging Face folder. */
export async function modelFacts(path: string): Promise<ModelFacts> {
  if (!existsSync(path))
    throw appsError('INIT_NO_SOURCE', `${path} does not exist`, { location: { file: path } });
  if (statSync(path).isDirectory()) return hfFolderFacts(path);
  return ggufFacts(path);
}
