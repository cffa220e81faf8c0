/**
 * Go's `fmt` printing of template values: Sprint, Sprintln, Sprintf with Go's
 * verbs, flags, widths and its error forms (`%!d(string=a)`, `%!(EXTRA …)`).
 */
import { goQuoteString, isPrintRune } from './lex.js';
import {
  Complex,
  Typed,
  Uint8,
  isPlainObject,
  type Value,
  typeOf,
  sliceItems,
  mapEntries,
} from './value.js';
import { compareGoStrings } from './vars.js';

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

/** strconv.FormatFloat(x, fmt, prec, 64) for fmt in e, E, f, g, G, x, X (prec -1 = shortest). */
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

// ---- fmt state ----

interface Flags {
  plus: boolean;
  minus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  prec: number | undefined;
  plusV: boolean;
  sharpV: boolean;
}

export const noFlags = (): Flags => ({
  plus: false,
  minus: false,
  sharp: false,
  space: false,
  zero: false,
  width: undefined,
  prec: undefined,
  plusV: false,
  sharpV: false,
});

function pad(s: string, f: Flags, zeroOK = true): string {
  if (f.width === undefined) return s;
  const n = [...s].length;
  if (n >= f.width) return s;
  const fill = f.width - n;
  if (f.minus) return s + ' '.repeat(fill);
  if (f.zero && zeroOK) {
    // zeros go after a sign
    if (s[0] === '-' || s[0] === '+' || s[0] === ' ') return s[0] + '0'.repeat(fill) + s.slice(1);
    return '0'.repeat(fill) + s;
  }
  return ' '.repeat(fill) + s;
}

function fmtInteger(n: bigint, verb: string, f: Flags, typeName: string, arg: Value): string {
  const neg = n < 0n;
  const a = neg ? -n : n;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'v':
    case 'd':
      digits = a.toString(10);
      break;
    case 'b':
      digits = a.toString(2);
      if (f.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = a.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (f.sharp && digits !== '0') prefix = '0';
      break;
    case 'x':
      digits = a.toString(16);
      if (f.sharp) prefix = '0x';
      break;
    case 'X':
      digits = a.toString(16).toUpperCase();
      if (f.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(validRune(n)), f);
    case 'q': {
      const r = validRune(n);
      return pad(quoteRune(r), f);
    }
    case 'U': {
      const r = Number(n);
      let s =
        'U+' +
        r
          .toString(16)
          .toUpperCase()
          .padStart(Math.max(4, f.prec ?? 0), '0');
      if (f.sharp && r >= 0 && r <= 0x10ffff && isPrintRune(r))
        s += " '" + String.fromCodePoint(r) + "'";
      return pad(s, f);
    }
    default:
      return badVerb(verb, typeName, arg);
  }
  if (f.prec !== undefined) {
    if (f.prec === 0 && a === 0n) digits = '';
    digits = digits.padStart(f.prec, '0');
  }
  const sign = neg ? '-' : f.plus ? '+' : f.space ? ' ' : '';
  const s = sign + prefix + digits;
  if (f.width !== undefined && f.zero && !f.minus && f.prec === undefined) {
    const fill = f.width - s.length;
    if (fill > 0) return sign + prefix + '0'.repeat(fill) + digits;
    return s;
  }
  return pad(s, f, false);
}

function validRune(n: bigint): number {
  const r = Number(n);
  if (r < 0 || r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return 0xfffd;
  return r;
}

function quoteRune(r: number): string {
  if (r === 0x27) return "'\\''";
  if (r === 0x22) return "'\"'";
  const q = goQuoteString(String.fromCodePoint(r));
  return "'" + q.slice(1, -1) + "'";
}

function fmtFloatVerb(x: number, verb: string, f: Flags, typeName: string, arg: Value): string {
  let fmtc: string;
  let prec: number;
  switch (verb) {
    case 'v':
      fmtc = 'g';
      prec = -1;
      break;
    case 'g':
    case 'G':
    case 'e':
    case 'E':
      fmtc = verb;
      prec = verb === 'e' || verb === 'E' ? 6 : -1;
      break;
    case 'f':
    case 'F':
      fmtc = 'f';
      prec = 6;
      break;
    case 'x':
    case 'X':
      fmtc = verb;
      prec = -1;
      break;
    default:
      return badVerb(verb, typeName, arg);
  }
  if (f.prec !== undefined) prec = f.prec;
  let num = formatFloat(x, fmtc, prec);
  if (f.sharp) {
    // keep a decimal point (and, for %g, trailing zeros up to the precision)
    if (!num.includes('.') && !num.includes('Inf') && !num.includes('NaN')) {
      const ei = num.search(/[eE]/);
      num = ei >= 0 ? num.slice(0, ei) + '.' + num.slice(ei) : num + '.';
    }
  }
  if (num[1] === 'I' || num[1] === 'N') {
    // infinities and NaN: no zero padding
    let s = num;
    if (num[1] === 'N' && !f.space && !f.plus) s = 'NaN';
    else if (f.space && s[0] === '+') s = ' ' + s.slice(1);
    else if (!f.plus && s[0] === '+' && num[1] === 'N') s = s.slice(1);
    return pad(s, f, false);
  }
  if (f.plus) return pad(num, f);
  if (f.space && num[0] === '+') return pad(' ' + num.slice(1), f);
  if (num[0] === '+') num = num.slice(1);
  return pad(num, f);
}

function fmtString(s: string, verb: string, f: Flags, typeName: string, arg: Value): string {
  switch (verb) {
    case 'v':
      if (f.sharpV) return pad(goQuoteString(s), f);
      return pad(truncate(s, f), f);
    case 's':
      return pad(truncate(s, f), f);
    case 'q':
      if (
        f.sharp &&
        !s.includes('`') &&
        [...s].every((c) => c === '\t' || isPrintRune(c.codePointAt(0)!))
      ) {
        return pad('`' + truncate(s, f) + '`', f);
      }
      return pad(f.plus ? goQuoteASCII(truncate(s, f)) : goQuoteString(truncate(s, f)), f);
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(truncateBytes(s, f), 'utf8')].map((b) =>
        b.toString(16).padStart(2, '0'),
      );
      if (verb === 'X') bytes = bytes.map((b) => b.toUpperCase());
      const px = f.sharp ? (verb === 'x' ? '0x' : '0X') : '';
      const sep = f.space ? ' ' : '';
      return pad(bytes.map((b, i) => (f.space || i === 0 ? px : '') + b).join(sep), f);
    }
    default:
      return badVerb(verb, typeName, arg);
  }
}

/** strconv.QuoteToASCII */
function goQuoteASCII(s: string): string {
  const q = goQuoteString(s);
  let out = '';
  for (const ch of q) {
    const r = ch.codePointAt(0)!;
    if (r < 0x80) out += ch;
    else if (r < 0x10000) out += '\\u' + r.toString(16).padStart(4, '0');
    else out += '\\U' + r.toString(16).padStart(8, '0');
  }
  return out;
}

function truncate(s: string, f: Flags): string {
  if (f.prec === undefined) return s;
  return [...s].slice(0, f.prec).join('');
}

function truncateBytes(s: string, f: Flags): string {
  if (f.prec === undefined) return s;
  return Buffer.from(s, 'utf8').subarray(0, f.prec).toString('latin1');
}

function badVerb(verb: string, typeName: string | undefined, arg: Value): string {
  if (typeName === undefined) return `%!${verb}(<nil>)`;
  return `%!${verb}(${typeName}=${printValue(arg, 'v', noFlags(), 0)})`;
}

/** A Stringer's text, or undefined. */
function stringerOf(v: Value): string | undefined {
  if (v instanceof Typed) {
    if (v.type.stringer) return v.type.stringer(v.v);
    if (v.type.kind === 'ptr' && v.v instanceof Typed && v.v.type.stringer)
      return v.v.type.stringer(v.v.v);
  }
  return undefined;
}

/** printArg / printValue: a value with a verb at a depth. */
export function printValue(v: Value, verb: string, f: Flags, depth: number): string {
  if (v === undefined) return depth === 0 ? '<invalid reflect.Value>' : '<invalid reflect.Value>';
  if (v === null) {
    if (verb === 'v' || verb === 'T' || depth > 0) return pad('<nil>', f);
    return badVerb(verb, undefined, v);
  }
  const t = typeOf(v);
  if (verb === 'T') return pad(t.name, f);
  if (verb === 'v' || verb === 's' || verb === 'x' || verb === 'X' || verb === 'q') {
    if (!f.sharpV) {
      const s = stringerOf(v);
      if (s !== undefined) return fmtString(s, verb, f, 'string', s);
    }
  }
  switch (typeof v) {
    case 'boolean':
      if (verb === 't' || verb === 'v') return pad(v ? 'true' : 'false', f);
      return badVerb(verb, t.name, v);
    case 'number':
      return fmtFloatVerb(v, verb, f, t.name, v);
    case 'bigint':
      return fmtInteger(v, verb, f, t.name, v);
    case 'string':
      return fmtString(v, verb, f, t.name, v);
  }
  if (v instanceof Uint8) return fmtInteger(BigInt(v.n), verb, f, 'uint8', v);
  if (v instanceof Complex) {
    const re = fmtFloatVerb(v.re, verb, { ...f, width: undefined, plus: false }, 'complex128', v);
    const im = fmtFloatVerb(v.im, verb, { ...f, width: undefined, plus: true }, 'complex128', v);
    return pad(`(${re}${im}i)`, f);
  }
  if (v instanceof Typed) {
    switch (v.type.kind) {
      case 'ptr':
        if (v.v === null) return pad('<nil>', f);
        if (depth === 0 && v.v instanceof Typed)
          return '&' + printValue(v.v as Value, verb, f, depth + 1);
        return pad('0xc000010000', f);
      case 'struct': {
        const rec = v.v as Record<string, unknown>;
        const parts = (v.type.fields ?? []).map(
          (fd) =>
            (f.plusV ? fd.name + ':' : '') +
            printElem(rec[fd.name] as Value, fd.type.kind, verb, f, depth + 1),
        );
        return '{' + parts.join(' ') + '}';
      }
      case 'slice': {
        const items = sliceItems(v);
        if (items === null && f.sharpV) return v.type.name + '(nil)';
        const ek = v.type.elem?.kind ?? 'interface';
        return (
          '[' +
          (items ?? []).map((x) => printElem(x as Value, ek, verb, f, depth + 1)).join(' ') +
          ']'
        );
      }
      case 'map': {
        const entries = mapEntries(v);
        const ek = v.type.elem?.kind ?? 'interface';
        return printMap(entries, ek, verb, f, depth);
      }
      default:
        return printValue(v.v as Value, verb, f, depth);
    }
  }
  if (Array.isArray(v))
    return (
      '[' + v.map((x) => printElem(x as Value, 'interface', verb, f, depth + 1)).join(' ') + ']'
    );
  if (isPlainObject(v)) return printMap(v, 'interface', verb, f, depth);
  return '?';
}

function printMap(
  entries: Record<string, unknown> | null,
  ek: string,
  verb: string,
  f: Flags,
  depth: number,
): string {
  const keys = Object.keys(entries ?? {}).sort(compareGoStrings);
  const parts = keys.map(
    (k) =>
      printValue(k, verb, f, depth + 1) +
      ':' +
      printElem(entries![k] as Value, ek, verb, f, depth + 1),
  );
  return 'map[' + parts.join(' ') + ']';
}

/** An element inside a container: nil interfaces print as <nil>. */
function printElem(x: Value, _elemKind: string, verb: string, f: Flags, depth: number): string {
  if (x === null || x === undefined) return '<nil>';
  return printValue(x, verb, f, depth);
}

function isStringArg(v: Value): boolean {
  return typeof v === 'string';
}

/** fmt.Sprint */
export function sprint(args: Value[]): string {
  let out = '';
  args.forEach((a, i) => {
    if (i > 0 && !isStringArg(a) && !isStringArg(args[i - 1])) out += ' ';
    out += printTop(a);
  });
  return out;
}

/** fmt.Sprintln */
export function sprintln(args: Value[]): string {
  return args.map(printTop).join(' ') + '\n';
}

function printTop(a: Value): string {
  if (a === null || a === undefined) return '<nil>';
  return printValue(a, 'v', noFlags(), 0);
}

/** fmt.Sprintf */
export function sprintf(format: string, args: Value[]): string {
  let out = '';
  let argNum = 0;
  let reordered = false;
  let goodArgNum = true;
  const end = format.length;
  let i = 0;
  while (i < end) {
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    if (i > lasti) out += format.slice(lasti, i);
    if (i >= end) break;
    i++; // skip %
    const f = noFlags();
    // flags
    flags: for (; i < end; i++) {
      switch (format[i]) {
        case '#':
          f.sharp = true;
          break;
        case '0':
          f.zero = !f.minus;
          break;
        case '+':
          f.plus = true;
          break;
        case '-':
          f.minus = true;
          f.zero = false;
          break;
        case ' ':
          f.space = true;
          break;
        default:
          break flags;
      }
    }
    // argument index
    const argIndex = (): void => {
      if (i < end && format[i] === '[') {
        reordered = true;
        const close = format.indexOf(']', i);
        const n = close > 0 ? Number(format.slice(i + 1, close)) : NaN;
        if (close < 0 || !Number.isInteger(n) || n < 1 || n > args.length) {
          goodArgNum = false;
          i = close < 0 ? end : close + 1;
          return;
        }
        argNum = n - 1;
        i = close + 1;
      }
    };
    argIndex();
    // width
    if (i < end && format[i] === '*') {
      i++;
      const a = args[argNum++];
      if (typeof a === 'bigint') {
        f.width = Number(a);
        if (f.width < 0) {
          f.minus = true;
          f.zero = false;
          f.width = -f.width;
        }
      } else out += '%!(BADWIDTH)';
      argIndex();
    } else {
      const m = /^\d+/.exec(format.slice(i));
      if (m) {
        f.width = Number(m[0]);
        i += m[0].length;
      }
    }
    // precision
    if (i < end && format[i] === '.') {
      i++;
      argIndex();
      if (i < end && format[i] === '*') {
        i++;
        const a = args[argNum++];
        if (typeof a === 'bigint') {
          f.prec = Number(a);
          if (f.prec < 0) {
            f.prec = undefined;
            out += '%!(BADPREC)';
          }
        } else out += '%!(BADPREC)';
        argIndex();
      } else {
        const m = /^\d+/.exec(format.slice(i));
        f.prec = m ? Number(m[0]) : 0;
        if (m) i += m[0].length;
      }
    }
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodArgNum) {
      out += `%!${verb}(BADINDEX)`;
      goodArgNum = true;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    const arg = args[argNum++];
    if (verb === 'w') {
      out += badVerb(verb, arg === null ? undefined : typeOf(arg).name, arg);
      continue;
    }
    if (verb === 'v') {
      if (f.sharp) {
        f.sharp = false;
        f.sharpV = true;
      }
      if (f.plus) {
        f.plus = false;
        f.plusV = true;
      }
    }
    out += printValue(arg, verb, f, 0);
  }
  if (!reordered && argNum < args.length) {
    out += '%!(EXTRA ';
    out += args
      .slice(argNum)
      .map((a) =>
        a === null || a === undefined
          ? '<nil>'
          : typeOf(a).name + '=' + printValue(a, 'v', noFlags(), 0),
      )
      .join(', ');
    out += ')';
  }
  return out;
}
