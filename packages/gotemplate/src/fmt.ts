/**
 * Go's `fmt` printing of template values: Sprint, Sprintln, Sprintf with Go's
 * verbs, flags, widths and its error forms (`%!d(string=a)`, `%!(EXTRA …)`).
 */
import { formatFloat, goQuoteString, isPrint } from '@mfc/gocompat';
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
      if (f.sharp && r >= 0 && r <= 0x10ffff && isPrint(r))
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
        [...s].every((c) => c === '\t' || isPrint(c.codePointAt(0)!))
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
