/**
 * Go's `encoding/json` Marshal for template values: map keys sorted, HTML
 * characters escaped (`\u003c`), struct fields by their json tags.
 */
import { JsonError, formatJsonFloat, quoteJsonString } from '@mfc/gocompat';
import { Complex, Typed, Uint8, isPlainObject, type Value } from './value.js';
import { compareGoStrings } from './vars.js';

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
  const str = (x: string): string => quoteJsonString(x, shortBF);
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return formatJsonFloat(v);
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
    keys.map((k) => quoteJsonString(k, shortBF) + ':' + marshal(m[k] as Value, shortBF)).join(',') +
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
  if (typeof v === 'string') return quoteJsonString(v, false, false);
  if (typeof v === 'number') return formatJsonFloat(v);
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
      .map(([k, x]) => inner + quoteJsonString(k, false, false) + ': ' + goJsonIndent(x, inner))
      .join(',\n') +
    '\n' +
    indent +
    '}'
  );
}
