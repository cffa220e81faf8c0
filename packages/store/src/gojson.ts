/**
 * Go `encoding/json` (`json.NewEncoder(w).Encode(v)`, Go ≥ 1.22) byte for byte:
 * compact, HTML escaping on, trailing newline.
 *
 * Value model:
 * - plain objects are Go structs: fields in insertion order, `undefined` fields
 *   omitted (the caller decides `omitempty`);
 * - `Map` instances are Go maps: keys sorted by their UTF-8 bytes;
 * - numbers are float64 (Go's `strconv.FormatFloat(f, 'f'|'e', -1, 64)` rules);
 *   `bigint` is an integer printed as is;
 * - `null` is `null`, arrays are slices (a `null` slice must be passed as `null`).
 */
export type GoJsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | GoJsonValue[]
  | Map<string, GoJsonValue>
  | { [field: string]: GoJsonValue | undefined };

export class GoJsonError extends Error {}

/** Encodes like `json.NewEncoder(w).Encode(v)`: compact JSON plus `\n`. */
export function encodeGoJson(value: GoJsonValue): string {
  return encodeValue(value) + '\n';
}

/** Encodes like `json.Marshal(v)`: compact JSON, no trailing newline. */
export function marshalGoJson(value: GoJsonValue): string {
  return encodeValue(value);
}

function encodeValue(value: GoJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatGoFloat64(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return quoteGoString(value);
  }
  if (Array.isArray(value)) return '[' + value.map(encodeValue).join(',') + ']';
  if (value instanceof Map) {
    const keys = [...value.keys()].sort(compareUtf8);
    return (
      '{' + keys.map((k) => quoteGoString(k) + ':' + encodeValue(value.get(k)!)).join(',') + '}'
    );
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    parts.push(quoteGoString(k) + ':' + encodeValue(v));
  }
  return '{' + parts.join(',') + '}';
}

/** Go sorts map keys by byte order of their UTF-8 encoding. */
export function compareUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * float64 the way `encoding/json` prints it: shortest round-trip decimal,
 * exponent form only for |f| < 1e-6 or |f| >= 1e21, exponent without a
 * leading zero (`1e-7`, `1e+21`). JavaScript's `Number#toString` follows the
 * same shortest-digits rule and the same thresholds; only `-0` differs.
 */
export function formatGoFloat64(f: number): string {
  if (!Number.isFinite(f)) throw new GoJsonError(`json: unsupported value: ${f}`);
  if (Object.is(f, -0)) return '-0';
  return String(f);
}

/**
 * The float64 that Ollama ends up storing for a float32 parameter: the
 * shortest decimal that round-trips the float32 (`0.123456789` → 0.12345679).
 */
export function float32Shortest(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

const HEX = '0123456789abcdef';

/** A Go string in JSON with `encoding/json`'s HTML-safe escaping. */
export function quoteGoString(s: string): string {
  let out = '"';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | undefined;
    if (c < 0x20) {
      switch (c) {
        case 0x08:
          esc = '\\b';
          break;
        case 0x0c:
          esc = '\\f';
          break;
        case 0x0a:
          esc = '\\n';
          break;
        case 0x0d:
          esc = '\\r';
          break;
        case 0x09:
          esc = '\\t';
          break;
        default:
          esc = '\\u00' + HEX[c >> 4] + HEX[c & 0xf];
      }
    } else if (c === 0x22) esc = '\\"';
    else if (c === 0x5c) esc = '\\\\';
    else if (c === 0x3c) esc = '\\u003c';
    else if (c === 0x3e) esc = '\\u003e';
    else if (c === 0x26) esc = '\\u0026';
    else if (c === 0x2028) esc = '\\u2028';
    else if (c === 0x2029) esc = '\\u2029';
    else if (c >= 0xd800 && c <= 0xdfff) {
      // A valid surrogate pair is one code point; a lone surrogate is invalid
      // UTF-8 on the Go side and becomes U+FFFD.
      const next = s.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      esc = '\\ufffd';
    }
    if (esc !== undefined) {
      out += s.slice(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.slice(start) + '"';
}
