/** The parts of Go's `strconv` the template parser needs: Unquote, UnquoteChar, ParseInt/ParseFloat. */

export class SyntaxError_ extends Error {}

const simpleEscapes: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 0x5c,
};

/** strconv.UnquoteChar: decodes one (possibly escaped) character; throws "invalid syntax". */
export function unquoteChar(s: string, at: number, quote: string): { rune: number; next: number } {
  const c = s.codePointAt(at);
  if (c === undefined) throw new SyntaxError_('invalid syntax');
  if (String.fromCodePoint(c) === quote && (quote === "'" || quote === '"'))
    throw new SyntaxError_('invalid syntax');
  if (c !== 0x5c) return { rune: c, next: at + (c > 0xffff ? 2 : 1) };
  const e = s[at + 1];
  if (e === undefined) throw new SyntaxError_('invalid syntax');
  if (e in simpleEscapes) return { rune: simpleEscapes[e], next: at + 2 };
  if (e === "'" || e === '"') {
    if (e !== quote) throw new SyntaxError_('invalid syntax');
    return { rune: e.charCodeAt(0), next: at + 2 };
  }
  let n = 0;
  if (e === 'x') n = 2;
  else if (e === 'u') n = 4;
  else if (e === 'U') n = 8;
  if (n > 0) {
    const hex = s.slice(at + 2, at + 2 + n);
    if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) throw new SyntaxError_('invalid syntax');
    const v = parseInt(hex, 16);
    if (e !== 'x' && (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)))
      throw new SyntaxError_('invalid syntax');
    return { rune: v, next: at + 2 + n };
  }
  if (e >= '0' && e <= '7') {
    const oct = s.slice(at + 1, at + 4);
    if (!/^[0-7]{3}$/.test(oct)) throw new SyntaxError_('invalid syntax');
    const v = parseInt(oct, 8);
    if (v > 255) throw new SyntaxError_('invalid syntax');
    return { rune: v, next: at + 4 };
  }
  throw new SyntaxError_('invalid syntax');
}

/**
 * strconv.Unquote for "..." and `...` literals. `\x` escapes above 0x7f make
 * raw bytes in Go; here they become the code point (such strings are rare).
 */
export function unquote(q: string): string {
  if (q.length < 2) throw new SyntaxError_('invalid syntax');
  const quote = q[0];
  if (quote !== q[q.length - 1]) throw new SyntaxError_('invalid syntax');
  const body = q.slice(1, -1);
  if (quote === '`') {
    if (body.includes('`')) throw new SyntaxError_('invalid syntax');
    return body.replace(/\r/g, '');
  }
  if (quote !== '"' && quote !== "'") throw new SyntaxError_('invalid syntax');
  if (body.includes('\n')) throw new SyntaxError_('invalid syntax');
  let out = '';
  let i = 0;
  while (i < body.length) {
    const { rune, next } = unquoteChar(body, i, quote);
    out += String.fromCodePoint(rune);
    i = next;
  }
  return out;
}

/** Underscores are allowed only between digits / after a base prefix (Go's underscoreOK). */
function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0' && /[bBoOxX]/.test(s[1])) {
    i = 2;
    saw = '0';
    hex = s[1] === 'x' || s[1] === 'X';
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** strconv.ParseInt(s, 0, 64) / ParseUint: null when it fails. */
export function parseGoInt(text: string, unsigned: boolean): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    if (unsigned) return null;
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let base = 10;
  let digits = s;
  if (s[0] === '0' && s.length > 1) {
    const p = s[1].toLowerCase();
    base = p === 'x' ? 16 : p === 'o' ? 8 : p === 'b' ? 2 : 8;
    digits = p === 'x' || p === 'o' || p === 'b' ? s.slice(2) : s.slice(1);
  }
  if (digits.includes('_')) {
    if (!underscoreOK(text)) return null; // base 0: Go syntax allows underscores between digits
    digits = digits.replace(/_/g, '');
  }
  if (digits.length === 0) return null;
  const valid = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ }[base]!;
  if (!valid.test(digits)) return null;
  const prefix = base === 16 ? '0x' : base === 8 ? '0o' : base === 2 ? '0b' : '';
  let v = BigInt(prefix + digits);
  if (neg) v = -v;
  if (unsigned) return v > 0xffffffffffffffffn ? null : v;
  return v > 0x7fffffffffffffffn || v < -0x8000000000000000n ? null : v;
}

/** strconv.ParseFloat(s, 64): null when it fails (syntax or range). */
export function parseGoFloat(text: string): number | null {
  let s = text;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.replace(/_/g, '');
  }
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (m) {
    const intPart = m[2] || '';
    const frac = m[3] || '';
    if (intPart + frac === '') return null;
    const mant = parseInt(intPart + frac || '0', 16);
    const v = mant * Math.pow(2, parseInt(m[4], 10) - 4 * frac.length);
    return m[1] === '-' ? -v : v;
  }
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s[0] === '-' ? -Infinity : Infinity;
  if (/^nan$/i.test(s)) return NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return null;
  const v = Number(s);
  if (!Number.isFinite(v)) return null;
  return v;
}
