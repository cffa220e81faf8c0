/**
 * Go's `encoding/json`, the one copy: string quoting, float64 numbers and
 * Marshal/Encode of plain values. The template port marshals its own typed
 * values with these primitives.
 *
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

/** A value `encoding/json` refuses: `json: unsupported value: +Inf`. */
export class JsonError extends Error {}

/** Encodes like `json.NewEncoder(w).Encode(v)`: compact JSON plus `\n`. */
export function encodeGoJson(value: GoJsonValue): string {
  return encodeValue(value) + '\n';
}

/** Encodes like `json.Marshal(v)`: compact JSON, no trailing newline. */
export function marshalGoJson(value: GoJsonValue): string {
  return encodeValue(value);
}

// Go ≥ 1.22 writes \b and \f short; the encoder always targets that.
const quote = (s: string): string => quoteJsonString(s, true);

function encodeValue(value: GoJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return formatJsonFloat(value);
    case 'bigint':
      return value.toString();
    case 'string':
      return quote(value);
  }
  if (Array.isArray(value)) return '[' + value.map(encodeValue).join(',') + ']';
  if (value instanceof Map) {
    const keys = [...value.keys()].sort(compareUtf8);
    return '{' + keys.map((k) => quote(k) + ':' + encodeValue(value.get(k)!)).join(',') + '}';
  }
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    parts.push(quote(k) + ':' + encodeValue(v));
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
 * NaN and ±Inf fail with Go's message, which formats the value with
 * `strconv.FormatFloat(f, 'g', -1, 64)`: `NaN`, `+Inf`, `-Inf`.
 */
export function formatJsonFloat(f: number): string {
  if (!Number.isFinite(f))
    throw new JsonError(
      `json: unsupported value: ${Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf'}`,
    );
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

/**
 * A string in JSON with `encoding/json`'s escaping: HTML characters as
 * `\u003c` unless `escapeHTML` is off (`SetEscapeHTML(false)`), U+2028/9
 * escaped, invalid UTF-16 (a lone surrogate) as U+FFFD. `shortBF` writes
 * `\b` and `\f` as Go ≥ 1.22 does; older Go (and so older Ollama) wrote
 * `\u0008` and `\u000c`.
 */
export function quoteJsonString(s: string, shortBF = false, escapeHTML = true): string {
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
