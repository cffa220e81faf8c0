/**
 * Go's `encoding/json` Marshal for template values: map keys sorted, HTML
 * characters escaped (`\u003c`), struct fields by their json tags.
 */
import { Complex, Typed, Uint8, isPlainObject, type Value } from './value.js';
import { compareGoStrings } from './vars.js';

export class JsonError extends Error {}

export function goJsonString(s: string, shortBF = false, escapeHTML = true): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0x22:
        out += '\\"';
        continue;
      case 0x5c:
        out += '\\\\';
        continue;
      case 0x0a:
        out += '\\n';
        continue;
      case 0x0d:
        out += '\\r';
        continue;
      case 0x09:
        out += '\\t';
        continue;
      case 0x3c:
        out += escapeHTML ? '\\u003c' : s[i];
        continue;
      case 0x3e:
        out += escapeHTML ? '\\u003e' : s[i];
        continue;
      case 0x26:
        out += escapeHTML ? '\\u0026' : s[i];
        continue;
      case 0x2028:
        out += '\\u2028';
        continue;
      case 0x2029:
        out += '\\u2029';
        continue;
    }
    if (shortBF && (c === 8 || c === 12)) {
      out += c === 8 ? '\\b' : '\\f'; // Go 1.22+
      continue;
    }
    if (c < 0x20) {
      out += '\\u00' + c.toString(16).padStart(2, '0');
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += s[i] + s[i + 1];
        i++;
      } else out += '\\ufffd';
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    out += s[i];
  }
  return out + '"';
}

function jsonNumber(x: number): string {
  if (!Number.isFinite(x))
    throw new JsonError(
      `json: unsupported value: ${Number.isNaN(x) ? 'NaN' : x > 0 ? '+Inf' : '-Inf'}`,
    );
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

function isEmptyValue(v: Value): boolean {
  if (v === null || v === undefined) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
  }
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.keys(v).length === 0;
  if (v instanceof Typed) {
    switch (v.type.kind) {
      case 'slice':
        return v.v === null || (v.v as unknown[]).length === 0;
      case 'map':
        return v.v === null || Object.keys(v.v as object).length === 0;
      case 'ptr':
      case 'interface':
        return v.v === null;
      default:
        return false;
    }
  }
  return false;
}

/** json.Marshal(v) as a string; throws JsonError for unsupported values. */
export function marshal(v: Value, shortBF = false): string {
  const m = (x: Value): string => marshal(x, shortBF);
  const str = (x: string): string => goJsonString(x, shortBF);
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return jsonNumber(v);
    case 'bigint':
      return v.toString();
  }
  if (v instanceof Uint8) return String(v.n);
  if (v instanceof Complex) throw new JsonError('json: unsupported type: complex128');
  if (Array.isArray(v)) return '[' + v.map((x) => m(x as Value)).join(',') + ']';
  if (isPlainObject(v)) return marshalMap(v, shortBF);
  if (v instanceof Typed) {
    if (v.type.marshalJSON) return m(v.type.marshalJSON(v.v) as Value);
    switch (v.type.kind) {
      case 'slice':
        return v.v === null
          ? 'null'
          : '[' + (v.v as unknown[]).map((x) => m(x as Value)).join(',') + ']';
      case 'map':
        return v.v === null ? 'null' : marshalMap(v.v as Record<string, unknown>, shortBF);
      case 'ptr':
        return v.v === null ? 'null' : m(v.v as Value);
      case 'struct': {
        const rec = v.v as Record<string, unknown>;
        const parts: string[] = [];
        for (const fd of v.type.fields ?? []) {
          const val = rec[fd.name] as Value;
          if (fd.json === '-') continue;
          if (fd.omitempty && isEmptyValue(val)) continue;
          parts.push(str(fd.json ?? fd.name) + ':' + m(val));
        }
        return '{' + parts.join(',') + '}';
      }
      default:
        return m(v.v as Value);
    }
  }
  return 'null';
}

function marshalMap(m: Record<string, unknown>, shortBF: boolean): string {
  const keys = Object.keys(m).sort(compareGoStrings);
  return (
    '{' +
    keys.map((k) => goJsonString(k, shortBF) + ':' + marshal(m[k] as Value, shortBF)).join(',') +
    '}'
  );
}

/**
 * JSON as Go's `json.Encoder` with SetEscapeHTML(false) and SetIndent("", "  ")
 * writes it (for plain JSON data: strings, numbers, booleans, arrays, objects),
 * so `mfc template render --batch` prints byte for byte what the oracle prints.
 */
export function goJsonIndent(v: unknown, indent = ''): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goJsonString(v, false, false);
  if (typeof v === 'number') return jsonNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[\n' + v.map((x) => inner + goJsonIndent(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return '{}';
  return (
    '{\n' +
    entries
      .map(([k, x]) => inner + goJsonString(k, false, false) + ': ' + goJsonIndent(x, inner))
      .join(',\n') +
    '\n' +
    indent +
    '}'
  );
}
