/**
 * The `tokenizer.ggml.pre` name llama.cpp needs for a BPE tokenizer.
 *
 * llama.cpp's converter finds it by tokenizing a fixed text with the Python
 * `tokenizers` library and hashing the ids (`get_vocab_base_pre`). We have no
 * Python tokenizer, so we read tokenizer.json's `pre_tokenizer` instead: the
 * regular expressions of its `Split` steps (the part that differs between
 * model families) identify the pre-tokenizer, as in Ollama's converter. The
 * regexes below are the originals llama.cpp quotes in `src/llama-vocab.cpp`
 * for each name.
 */
const KNOWN_SPLITS: Record<string, string> = {
  // Llama 3, 3.1, 3.2, 3.3
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+":
    'llama-bpe',
  // Qwen2, Qwen2.5, Qwen3
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+":
    'qwen2',
  // Qwen3.5
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?[\\p{L}\\p{M}]+|\\p{N}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+":
    'qwen35',
};

/** The regex llama.cpp's `llama-bpe` pre-tokenizer implements (as tokenizer.json spells it). */
export const LLAMA3_SPLIT_REGEX = Object.keys(KNOWN_SPLITS)[0];
/** The regex of llama.cpp's `qwen2` pre-tokenizer. */
export const QWEN2_SPLIT_REGEX = Object.keys(KNOWN_SPLITS)[1];

export interface PreTokenizerGuess {
  name: string;
  /** Set when the structure was not recognised and `default` was chosen. */
  warning?: string;
}

interface Step {
  type?: string;
  pattern?: { Regex?: string; String?: string };
  pretokenizers?: Step[];
  use_regex?: boolean;
  individual_digits?: boolean;
}

function steps(pre: Step | null | undefined): Step[] {
  if (!pre) return [];
  if (pre.type === 'Sequence') return (pre.pretokenizers ?? []).flatMap(steps);
  return [pre];
}

/** Names the pre-tokenizer of a tokenizer.json (see the comment at the top of this file). */
export function detectPreTokenizer(tokenizerJson: {
  pre_tokenizer?: Step | null;
}): PreTokenizerGuess {
  const all = steps(tokenizerJson.pre_tokenizer);
  const regexes = all
    .filter((s) => s.type === 'Split' && s.pattern?.Regex !== undefined)
    .map((s) => s.pattern!.Regex!);
  if (regexes.length > 0) {
    const name = KNOWN_SPLITS[regexes.join('')];
    if (name) return { name };
    return {
      name: 'default',
      warning: `the tokenizer's pre-tokenizer regex is not one mfc knows (${regexes.join(' ').slice(0, 120)}…); wrote "default", which may tokenize some text differently`,
    };
  }
  const byteLevel = all.find((s) => s.type === 'ByteLevel');
  const digits = all.find((s) => s.type === 'Digits');
  // StarCoder, Refact and SmolLM share one llama.cpp pre-tokenizer: single digits, then GPT-2's regex.
  if (digits?.individual_digits && byteLevel?.use_regex !== false) return { name: 'starcoder' };
  if (byteLevel && byteLevel.use_regex !== false && all.length === 1) return { name: 'gpt-2' };
  if (all.length === 0) return { name: 'default' };
  return {
    name: 'default',
    warning: `the tokenizer's pre-tokenizer (${all.map((s) => s.type).join(', ')}) is not one mfc knows; wrote "default"`,
  };
}
