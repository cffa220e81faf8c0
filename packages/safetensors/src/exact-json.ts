/**
 * JSON with integers beyond 2^53 kept exact. `JSON.parse` rounds them
 * (2^61 becomes 2305843009213694000), and Node 20 has no access to a number's
 * source text in a reviver, so the literals are found by a scan that skips
 * strings. Used where a header's numbers are shown back to the user (error
 * messages); the fast path still uses plain `JSON.parse`.
 */

/** Marks an integer literal that was turned into a string for the parse. */
const MARK = '\u0000';

/** Parses `text`; integer literals that are not safe integers become bigints. */
export function parseJsonExact(text: string): unknown {
  let out = '';
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      // Skip the string, honouring backslash escapes.
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (c !== '-' && (c < '0' || c > '9')) continue;
    let j = i + 1;
    while (j < text.length && /[0-9eE+.-]/.test(text[j])) j++;
    const literal = text.slice(i, j);
    if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
      out += text.slice(last, i) + `"\\u0000${literal}"`;
      last = j;
    }
    i = j - 1;
  }
  out += text.slice(last);
  return JSON.parse(out, (_key, value: unknown) =>
    typeof value === 'string' && value.startsWith(MARK) && /^-?\d+$/.test(value.slice(1))
      ? BigInt(value.slice(1))
      : value,
  );
}

/** `JSON.stringify` that prints bigints as exact integer literals (`undefined` for a missing value). */
export function stringifyExact(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'bigint' ? `${MARK}${v}` : v,
  ) as string | undefined;
  return json === undefined ? 'undefined' : json.replace(/"\\u0000(-?\d+)"/g, '$1');
}
