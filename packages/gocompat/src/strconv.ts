/**
 * Go's `strconv`: Quote, Unquote, UnquoteChar, ParseInt/ParseUint (base 0),
 * ParseFloat and FormatFloat, as the template port and the JSON encoder need
 * them.
 */
import { isPrint } from './unicode.js';

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

/** strconv.Quote: Go's double-quoted string with Go escapes. */
export function goQuoteString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    if (r === 0x22) out += '\\"';
    else if (r === 0x5c) out += '\\\\';
    else if (isPrint(r)) out += ch;
    else if (r === 7) out += '\\a';
    else if (r === 8) out += '\\b';
    else if (r === 12) out += '\\f';
    else if (r === 10) out += '\\n';
    else if (r === 13) out += '\\r';
    else if (r === 9) out += '\\t';
    else if (r === 11) out += '\\v';
    else if (r < 0x20 || r === 0x7f) out += '\\x' + r.toString(16).padStart(2, '0');
    else if (r >= 0xd800 && r <= 0xdfff) out += '\\ufffd';
    else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += '\\U' + r.toString(16).padStart(8, '0');
  }
  return out + '"';
}

// ---- float formatting (strconv.FormatFloat) ----

interface Digits {
  d: string;
  dp: number;
}

function shortestDigits(x: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  const [m, e] = Math.abs(x).toExponential().split('e');
  const d = m.replace('.', '').replace(/0+$/, '');
  return { d, dp: parseInt(e, 10) + 1 };
}

/** The exact decimal expansion of a finite double (digits without leading zeros, decimal point position). */
function exactDigits(x: number): Digits {
  const a = Math.abs(x);
  if (a === 0) return { d: '', dp: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const bexp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = bexp - 1075;
  }
  let digits: string;
  let dp: number;
  if (e >= 0) {
    digits = (mant << BigInt(e)).toString();
    dp = digits.length;
  } else {
    digits = (mant * 5n ** BigInt(-e)).toString();
    dp = digits.length + e;
  }
  const stripped = digits.replace(/0+$/, '');
  return { d: stripped, dp };
}

/** Rounds decimal digits to nd digits, half to even on exact ties (Go's decimal.Round). */
function roundDigits(dg: Digits, nd: number): Digits {
  if (nd < 0) return { d: '', dp: 0 };
  if (nd >= dg.d.length) return dg;
  let up: boolean;
  if (dg.d[nd] === '5' && nd + 1 === dg.d.length)
    up = nd > 0 && (dg.d.charCodeAt(nd - 1) - 48) % 2 === 1;
  else up = dg.d[nd] >= '5';
  if (!up)
    return {
      d: dg.d.slice(0, nd).replace(/0+$/, ''),
      dp: dg.d.slice(0, nd).length === 0 ? 0 : dg.dp,
    };
  const chars = dg.d.slice(0, nd).split('');
  let i = nd - 1;
  while (i >= 0 && chars[i] === '9') i--;
  if (i < 0) return { d: '1', dp: dg.dp + 1 };
  chars[i] = String.fromCharCode(chars[i].charCodeAt(0) + 1);
  return { d: chars.slice(0, i + 1).join(''), dp: dg.dp };
}

function roundedDigits(x: number, n: number): Digits {
  if (x === 0) return { d: '', dp: 0 };
  return roundDigits(exactDigits(x), n);
}

function fmtE(dg: Digits, prec: number, ch: string): string {
  let s = dg.d.length > 0 ? dg.d[0] : '0';
  if (prec > 0) {
    s += '.';
    let i = 1;
    const m = Math.min(dg.d.length, prec + 1);
    if (i < m) {
      s += dg.d.slice(i, m);
      i = m;
    }
    for (; i <= prec; i++) s += '0';
  }
  s += ch;
  let exp = dg.dp - 1;
  if (dg.d.length === 0) exp = 0;
  s += exp < 0 ? '-' : '+';
  exp = Math.abs(exp);
  s += exp < 10 ? '0' + exp : String(exp);
  return s;
}

function fmtF(dg: Digits, prec: number): string {
  let s = '';
  if (dg.dp > 0) {
    const m = Math.min(dg.d.length, dg.dp);
    s += dg.d.slice(0, m);
    for (let i = m; i < dg.dp; i++) s += '0';
  } else s += '0';
  if (prec > 0) {
    s += '.';
    for (let i = 1; i <= prec; i++) {
      const j = dg.dp + i - 1;
      s += j >= 0 && j < dg.d.length ? dg.d[j] : '0';
    }
  }
  return s;
}

/** strconv's %x for floats: -0x1.8p+01 (shortest mantissa, or prec hex digits). */
function formatHexFloat(x: number, prec: number, upper: boolean): string {
  const a = Math.abs(x);
  let mant = 0n;
  let exp = 0;
  if (a !== 0) {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, a);
    const hi = view.getUint32(0);
    const bexp = (hi >>> 20) & 0x7ff;
    mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
    if (bexp === 0) {
      exp = -1022;
      while ((mant & (1n << 52n)) === 0n) {
        mant <<= 1n;
        exp--;
      }
      mant &= (1n << 52n) - 1n;
    } else exp = bexp - 1023;
  }
  let frac = mant.toString(16).padStart(13, '0');
  if (prec < 0) frac = frac.replace(/0+$/, '');
  else if (prec < 13) {
    // round half to even on the hex digits
    const full = (1n << 52n) | mant;
    const shift = BigInt(4 * (13 - prec));
    let q = full >> shift;
    const rem = full & ((1n << shift) - 1n);
    const half = 1n << (shift - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q++;
    if (q >> BigInt(4 * prec) >= 2n) {
      q >>= 1n;
      exp++;
    }
    frac = prec === 0 ? '' : (q & ((1n << BigInt(4 * prec)) - 1n)).toString(16).padStart(prec, '0');
  } else frac = frac.padEnd(prec, '0');
  const lead = a === 0 ? '0' : '1';
  const e = Math.abs(exp);
  let s = `0x${lead}${frac ? '.' + frac : ''}p${exp < 0 ? '-' : '+'}${e < 10 ? '0' + e : e}`;
  if (upper) s = s.toUpperCase();
  return s;
}

/**
 * strconv.FormatFloat(x, fmt, prec, 64) for fmt in e, E, f, g, G, x, X (prec -1 =
 * shortest), always with a sign (`+1.5e+00`) so fmt can apply its `+` and space
 * flags; NaN has none. Drop a leading `+` for Go's plain result.
 */
export function formatFloat(x: number, fmt: string, prec: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : '-Inf';
  const neg = x < 0 || Object.is(x, -0);
  if (fmt === 'x' || fmt === 'X') return (neg ? '-' : '+') + formatHexFloat(x, prec, fmt === 'X');
  const shortest = prec < 0;
  let dg: Digits;
  let body: string;
  switch (fmt) {
    case 'e':
    case 'E':
      dg = shortest ? shortestDigits(x) : roundedDigits(x, prec + 1);
      body = fmtE(dg, shortest ? Math.max(dg.d.length - 1, 0) : prec, fmt);
      break;
    case 'f': {
      if (shortest) {
        dg = shortestDigits(x);
        body = fmtF(dg, Math.max(dg.d.length - dg.dp, 0));
      } else {
        const ex = exactDigits(x);
        body = fmtF(roundDigits(ex, ex.dp + prec), prec);
      }
      break;
    }
    default: {
      // g / G
      let p = prec;
      if (p === 0) p = 1;
      dg = shortest ? shortestDigits(x) : roundedDigits(x, p);
      if (shortest) p = dg.d.length;
      let eprec = p;
      if (eprec > dg.d.length && dg.d.length >= dg.dp) eprec = dg.d.length;
      if (shortest) eprec = 6;
      const exp = dg.dp - 1;
      if (exp < -4 || exp >= eprec) {
        if (p > dg.d.length) p = dg.d.length;
        body = fmtE(dg, Math.max(p - 1, 0), fmt === 'G' ? 'E' : 'e');
      } else {
        if (p > dg.dp) p = dg.d.length;
        body = fmtF(dg, Math.max(p - dg.dp, 0));
      }
    }
  }
  return (neg ? '-' : '+') + body;
}
