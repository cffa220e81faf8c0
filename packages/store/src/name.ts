import { storeError } from './error-codes.js';

/**
 * A model name as Ollama parses it (`types/model/name.go`):
 * `[host/][namespace/]model[:tag]`, defaults `registry.ollama.ai`, `library`, `latest`.
 */
export interface ModelName {
  host: string;
  namespace: string;
  model: string;
  tag: string;
}

export const DEFAULT_HOST = 'registry.ollama.ai';
export const DEFAULT_NAMESPACE = 'library';
export const DEFAULT_TAG = 'latest';
/** Ollama marks an empty piece next to a separator with this, which makes the name invalid. */
const MISSING = '!MISSING!';

function cutLast(s: string, sep: string): [string, string, boolean] {
  const i = s.lastIndexOf(sep);
  if (i < 0) return [s, '', false];
  return [s.slice(0, i), s.slice(i + sep.length), true];
}

function cutPromised(s: string, sep: string): [string, string, boolean] {
  const [before, after, ok] = cutLast(s, sep);
  if (!ok) return [before, after, false];
  return [before || MISSING, after || MISSING, true];
}

/** `ParseNameBare`: splits without applying defaults; absent parts are `''`. */
export function parseNameBare(text: string): ModelName {
  const n: ModelName = { host: '', namespace: '', model: '', tag: '' };
  let s = text;
  if (s.lastIndexOf(':') > s.lastIndexOf('/')) {
    [s, n.tag] = cutPromised(s, ':');
  }
  let promised: boolean;
  [s, n.model, promised] = cutPromised(s, '/');
  if (!promised) {
    n.model = s;
    return n;
  }
  [s, n.namespace, promised] = cutPromised(s, '/');
  if (!promised) {
    n.namespace = s;
    return n;
  }
  const schemeAt = s.indexOf('://');
  n.host = schemeAt >= 0 ? s.slice(schemeAt + 3) : s;
  return n;
}

/** `ParseName`: parses and fills absent parts with the defaults. Does not validate. */
export function parseName(text: string): ModelName {
  const n = parseNameBare(text);
  return {
    host: n.host || DEFAULT_HOST,
    namespace: n.namespace || DEFAULT_NAMESPACE,
    model: n.model,
    tag: n.tag || DEFAULT_TAG,
  };
}

type PartKind = 'host' | 'namespace' | 'model' | 'tag';

function isAlnumUnderscore(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f
  );
}

/** Why a part is invalid, or undefined. Lengths are in UTF-8 bytes, like Go's `len`. */
function partProblem(kind: PartKind, s: string): string | undefined {
  const bytes = Buffer.from(s, 'utf8');
  const max = kind === 'host' ? 350 : 80;
  if (bytes.length < 1 || s === MISSING) return `the ${kind} is empty`;
  if (bytes.length > max) return `the ${kind} is longer than ${max} bytes`;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (i === 0) {
      if (!isAlnumUnderscore(c)) return `the ${kind} must start with a letter, digit or '_'`;
      continue;
    }
    if (c === 0x5f || c === 0x2d) continue;
    if (c === 0x2e) {
      if (kind === 'namespace') return `'.' is not allowed in the namespace`;
      continue;
    }
    if (c === 0x3a) {
      if (kind !== 'host') return `':' is not allowed in the ${kind}`;
      continue;
    }
    if (!isAlnumUnderscore(c)) {
      if (c >= 0x80) return `non-ASCII characters are not allowed in the ${kind}`;
      return `'${String.fromCharCode(c)}' is not allowed in the ${kind}`;
    }
  }
  return undefined;
}

/** The first reason the (defaulted) name is invalid, or undefined when it is valid. */
export function nameProblem(name: ModelName): string | undefined {
  return (
    partProblem('host', name.host) ??
    partProblem('namespace', name.namespace) ??
    partProblem('model', name.model) ??
    partProblem('tag', name.tag)
  );
}

export function isValidName(name: ModelName): boolean {
  return nameProblem(name) === undefined;
}

/** Parses, defaults and validates; throws `STORE_BAD_NAME` (`invalid model name: <text>`). */
export function parseModelName(text: string): ModelName {
  const name = parseName(text);
  const problem = nameProblem(name);
  if (problem !== undefined) {
    throw storeError('STORE_BAD_NAME', `invalid model name: ${text}`, {
      hint: `${problem}; names look like [host/][namespace/]model[:tag] with letters, digits, '_', '-' and '.'`,
    });
  }
  return name;
}

/** `DisplayShortest`: `model:tag`, `namespace/model:tag` or `host/namespace/model:tag`. */
export function displayShortest(n: ModelName): string {
  let prefix = '';
  if (n.host.toLowerCase() !== DEFAULT_HOST) prefix = `${n.host}/${n.namespace}/`;
  else if (n.namespace.toLowerCase() !== DEFAULT_NAMESPACE) prefix = `${n.namespace}/`;
  return `${prefix}${n.model}:${n.tag}`;
}

/** The full name `host/namespace/model:tag`. */
export function displayFull(n: ModelName): string {
  return `${n.host}/${n.namespace}/${n.model}:${n.tag}`;
}

export function sameNameIgnoringCase(a: ModelName, b: ModelName): boolean {
  return (
    a.host.toLowerCase() === b.host.toLowerCase() &&
    a.namespace.toLowerCase() === b.namespace.toLowerCase() &&
    a.model.toLowerCase() === b.model.toLowerCase() &&
    a.tag.toLowerCase() === b.tag.toLowerCase()
  );
}

/**
 * Ollama's `getExistingName`: each part adopts the spelling of an existing
 * manifest's same part when they match case-insensitively, so `Foo` and `foo`
 * end up in one folder. Go iterates a map (random order); we take the first
 * match in sorted order, so the result is deterministic.
 */
export function adoptExistingSpelling(name: ModelName, existing: readonly ModelName[]): ModelName {
  const out = { ...name };
  const parts: PartKind[] = ['host', 'namespace', 'model', 'tag'];
  for (const part of parts) {
    const want = name[part].toLowerCase();
    const match = existing
      .map((e) => e[part])
      .filter((p) => p.toLowerCase() === want)
      .sort()[0];
    if (match !== undefined) out[part] = match;
  }
  return out;
}
