/**
 * A model's Jinja chat template, from where Hugging Face and llama.cpp keep
 * it: a `.jinja` file, `tokenizer_config.json` (`chat_template`, a string or
 * a list of named templates) or a GGUF's `tokenizer.chat_template`, with the
 * BOS/EOS tokens the template prints.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { MfcError } from '@mfc/diagnostics';
import type { SpecialTokens } from './select.js';

export interface JinjaSource {
  template: string;
  tokens: SpecialTokens;
}

export interface LoadJinjaOptions {
  /** Folder relative paths are read from (default: the process's). */
  cwd?: string;
  /** Reads a text file (`.jinja`, `.json`); default: UTF-8 from disk. */
  readText?: (path: string) => Promise<string>;
}

/** Loads the Jinja template at `path`; the kind of file follows from its name. */
export async function loadJinjaTemplate(
  path: string,
  options: LoadJinjaOptions = {},
): Promise<JinjaSource> {
  const cwd = options.cwd ?? process.cwd();
  if (/\.gguf$/i.test(path)) return jinjaFromGguf(resolve(cwd, path), path);
  const text = options.readText
    ? await options.readText(path)
    : await readFile(resolve(cwd, path), 'utf8');
  if (/\.json$/i.test(path)) return jinjaFromTokenizerConfig(text, path);
  return { template: text, tokens: {} };
}

/** `tokenizer.chat_template` and the BOS/EOS token texts of a GGUF. */
export async function jinjaFromGguf(file: string, name = file): Promise<JinjaSource> {
  // Loaded on demand: only GGUF sources need the reader.
  const { openGguf } = await import('@mfc/gguf');
  const g = await openGguf(file);
  const tpl = g.get('tokenizer.chat_template');
  if (typeof tpl !== 'string')
    throw new MfcError('TEMPLATE_MISSING', `${name} has no tokenizer.chat_template`, {
      location: { file: name },
    });
  const tokens = g.get('tokenizer.ggml.tokens');
  const tokenAt = (key: string): string | undefined => {
    const id = g.get(key);
    if (
      tokens === undefined ||
      typeof tokens !== 'object' ||
      (typeof id !== 'number' && typeof id !== 'bigint')
    )
      return undefined;
    const t = tokens.get(Number(id));
    return typeof t === 'string' ? t : undefined;
  };
  return {
    template: tpl,
    tokens: {
      bos: tokenAt('tokenizer.ggml.bos_token_id'),
      eos: tokenAt('tokenizer.ggml.eos_token_id'),
    },
  };
}

/** The default chat template and BOS/EOS tokens of a `tokenizer_config.json` text. */
export function jinjaFromTokenizerConfig(text: string, file: string): JinjaSource {
  let cfg: Record<string, unknown>;
  try {
    cfg = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new MfcError('JINJA_INVALID', `${file}: not JSON: ${(err as Error).message}`, {
      location: { file },
    });
  }
  let tpl = cfg.chat_template;
  if (Array.isArray(tpl))
    tpl = (
      tpl.find((t: { name?: string }) => t.name === 'default') as { template?: string } | undefined
    )?.template;
  if (typeof tpl !== 'string')
    throw new MfcError('TEMPLATE_MISSING', `${file} has no chat_template`, {
      location: { file },
    });
  const tok = (v: unknown): string | undefined =>
    typeof v === 'string'
      ? v
      : v && typeof v === 'object' && typeof (v as { content?: unknown }).content === 'string'
        ? (v as { content: string }).content
        : undefined;
  return { template: tpl, tokens: { bos: tok(cfg.bos_token), eos: tok(cfg.eos_token) } };
}
