import { hfError } from './error-codes.js';

/** A parsed `hf.co/ORG/REPO[:QUANT][@REVISION]` reference. */
export interface HfReference {
  /** `org/repo` as the Hub spells it. */
  repo: string;
  /** A quantization tag such as `Q4_K_M` (GGUF repos only), or a `….gguf` file name; upper-cased. */
  quant?: string;
  /** The quantization as written (`q4_k_m`): the tag of the model Ollama stores for it. */
  tag?: string;
  /** A branch, tag or commit; `main` when absent. */
  revision: string;
  /** The text it was parsed from. */
  source: string;
}

const PREFIXES = [
  'https://huggingface.co/',
  'http://huggingface.co/',
  'https://hf.co/',
  'huggingface.co/',
  'hf.co/',
  'hf://',
];
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** True when the text names a Hugging Face repository (`hf.co/…`, `huggingface.co/…`). */
export function isHfReference(text: string): boolean {
  const t = text.trim();
  return PREFIXES.some((p) => t.toLowerCase().startsWith(p));
}

/**
 * Parses `hf.co/ORG/REPO[:QUANT][@REVISION]` (also `huggingface.co/…`, a full
 * `https://` URL, and the `@REVISION:QUANT` order). Throws `HF_BAD_REFERENCE`.
 */
export function parseHfReference(text: string): HfReference {
  const source = text.trim();
  const prefix = PREFIXES.find((p) => source.toLowerCase().startsWith(p));
  const bad = (why: string) =>
    hfError('HF_BAD_REFERENCE', `invalid Hugging Face reference "${text}": ${why}`, {
      hint: 'write it as hf.co/ORG/REPO, optionally followed by :QUANT and @REVISION',
      kind: 'usage',
    });
  if (!prefix) throw bad('it must start with hf.co/ or huggingface.co/');
  let rest = source.slice(prefix.length).replace(/\/+$/, '');
  let revision: string | undefined;
  let quant: string | undefined;
  // Take `@rev` and `:quant` off the end, in either order.
  for (let i = 0; i < 2; i++) {
    const at = rest.lastIndexOf('@');
    const colon = rest.lastIndexOf(':');
    if (at > colon && at >= 0 && revision === undefined) {
      revision = rest.slice(at + 1);
      rest = rest.slice(0, at);
    } else if (colon > at && colon >= 0 && quant === undefined) {
      quant = rest.slice(colon + 1);
      rest = rest.slice(0, colon);
    }
  }
  const parts = rest.split('/');
  if (parts.length !== 2) throw bad('expected exactly ORG/REPO after the host');
  for (const p of parts)
    if (!NAME.test(p)) throw bad(`"${p}" is not a valid organisation or repository name`);
  if (revision !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(revision))
    throw bad(`"${revision}" is not a valid revision`);
  // `:Q4_K_M`, or as Ollama also takes it, `:<file name>.gguf`.
  if (
    quant !== undefined &&
    !/^[A-Za-z0-9_]+$/.test(quant) &&
    !/^[A-Za-z0-9][A-Za-z0-9._-]*\.gguf$/i.test(quant)
  )
    throw bad(`"${quant}" is not a valid quantization tag or GGUF file name`);
  return {
    repo: parts.join('/'),
    quant: quant ? quant.toUpperCase() : undefined,
    ...(quant ? { tag: quant } : {}),
    revision: revision || 'main',
    source,
  };
}

/** The canonical text of a reference. */
export function formatHfReference(ref: Omit<HfReference, 'source' | 'tag'>): string {
  return `hf.co/${ref.repo}${ref.quant ? `:${ref.quant}` : ''}${ref.revision !== 'main' ? `@${ref.revision}` : ''}`;
}
