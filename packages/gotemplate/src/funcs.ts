/**
 * text/template's builtin functions (`funcs.go`) and Ollama's additions,
 * each with the Go signature that decides how arguments are checked.
 */
import { noFlags, printValue, sprint, sprintf, sprintln } from './fmt.js';
import { isPrint } from '@mfc/gocompat';
import { marshal } from './json.js';
import {
  Complex,
  Typed,
  Uint8,
  indirect,
  isTrue,
  kindOf,
  lengthOf,
  mapEntries,
  sliceCap,
  sliceItems,
  typeOf,
  zeroElem,
  type Value,
} from './value.js';
import { compareGoStrings } from './vars.js';

/** A function's error result: execution stops with "error calling NAME: message". */
export class CallError extends Error {}

/** Parameter types: reflect.Value (builtins), interface{} or string. */
export type Param = 'value' | 'any' | 'string';

export const paramTypeName: Record<Param, string> = {
  value: 'reflect.Value',
  any: 'interface {}',
  string: 'string',
};

export interface FuncDef {
  params: Param[];
  /** The last parameter is variadic. */
  variadic: boolean;
  builtin: boolean;
  fn: (args: Value[]) => Value;
}

/** indirectInterface: a nil interface becomes the invalid value. */
function ii(v: Value): Value {
  return v === null ? undefined : v;
}

function truth(v: Value): boolean {
  return isTrue(ii(v))[0];
}

type BasicKind = 'bool' | 'int' | 'uint' | 'float' | 'complex' | 'string' | 'invalid';

function basicKind(v: Value): BasicKind {
  switch (kindOf(v)) {
    case 'bool':
      return 'bool';
    case 'int':
      return 'int';
    case 'uint8':
      return 'uint';
    case 'float64':
      return 'float';
    case 'complex128':
      return 'complex';
    case 'string':
      return 'string';
    default:
      return 'invalid';
  }
}

function intOf(v: Value): bigint {
  if (typeof v === 'bigint') return v;
  if (v instanceof Uint8) return BigInt(v.n);
  return 0n;
}

function isNilValue(v: Value): boolean {
  if (v === undefined || v === null) return true;
  if (
    v instanceof Typed &&
    (v.type.kind === 'slice' || v.type.kind === 'map' || v.type.kind === 'ptr')
  )
    return v.v === null;
  return false;
}

function typeName(v: Value): string {
  return v === undefined ? '<invalid reflect.Value>' : v === null ? 'interface {}' : typeOf(v).name;
}

function basicEq(a: Value, b: Value, k: BasicKind): boolean {
  switch (k) {
    case 'complex':
      return (a as Complex).re === (b as Complex).re && (a as Complex).im === (b as Complex).im;
    case 'int':
    case 'uint':
      return intOf(a) === intOf(b);
    default:
      return a === b;
  }
}

export function eq(arg1: Value, rest: Value[]): boolean {
  arg1 = ii(arg1);
  if (rest.length === 0) throw new CallError('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (let arg of rest) {
    arg = ii(arg);
    const k2 = basicKind(arg);
    let t = false;
    if (k1 !== k2) {
      if (k1 === 'int' && k2 === 'uint') t = intOf(arg1) >= 0n && intOf(arg1) === intOf(arg);
      else if (k1 === 'uint' && k2 === 'int') t = intOf(arg) >= 0n && intOf(arg1) === intOf(arg);
      else if (arg1 !== undefined && arg !== undefined)
        throw new CallError('incompatible types for comparison');
    } else if (k1 !== 'invalid') {
      t = basicEq(arg1, arg, k1);
    } else {
      const c1 = kindOf(arg1);
      const c2 = kindOf(arg);
      if (c1 !== c2 && c1 !== 'invalid' && c2 !== 'invalid') {
        throw new CallError(
          `non-comparable types ${printValue(arg1, 's', noFlags(), 0)}: ${typeName(arg1)}, ${typeName(arg)}: ${printValue(arg, 'v', noFlags(), 0)}`,
        );
      }
      if (isNilValue(arg1) || isNilValue(arg)) t = isNilValue(arg) === isNilValue(arg1);
      else {
        const ck = kindOf(arg);
        if (ck === 'slice' || ck === 'map') {
          throw new CallError(
            `non-comparable type ${printValue(arg, 's', noFlags(), 0)}: ${typeName(arg)}`,
          );
        }
        t = arg1 === arg;
      }
    }
    if (t) return true;
  }
  return false;
}

export function lt(a: Value, b: Value): boolean {
  a = ii(a);
  const k1 = basicKind(a);
  if (k1 === 'invalid') throw new CallError('invalid type for comparison');
  b = ii(b);
  const k2 = basicKind(b);
  if (k2 === 'invalid') throw new CallError('invalid type for comparison');
  if (k1 !== k2) {
    if (k1 === 'int' && k2 === 'uint') return intOf(a) < 0n || intOf(a) < intOf(b);
    if (k1 === 'uint' && k2 === 'int') return intOf(b) >= 0n && intOf(a) < intOf(b);
    throw new CallError('incompatible types for comparison');
  }
  switch (k1) {
    case 'bool':
    case 'complex':
      throw new CallError('invalid type for comparison');
    case 'float':
      return (a as number) < (b as number);
    case 'int':
    case 'uint':
      return intOf(a) < intOf(b);
    default:
      return compareGoStrings(a as string, b as string) < 0;
  }
}

function le(a: Value, b: Value): boolean {
  return lt(a, b) || eq(a, [b]);
}

function indexArg(index: Value, cap: number): number {
  let x: bigint;
  const k = kindOf(index);
  if (k === 'int') x = index as bigint;
  else if (k === 'uint8') x = BigInt((index as Uint8).n);
  else if (k === 'invalid' || k === 'nil') throw new CallError('cannot index slice/array with nil');
  else throw new CallError(`cannot index slice/array with type ${typeOf(index).name}`);
  if (x < 0n || x > BigInt(cap)) throw new CallError(`index out of range: ${x}`);
  return Number(x);
}

function indexFn(item: Value, indexes: Value[]): Value {
  item = ii(item);
  if (item === undefined) throw new CallError('index of untyped nil');
  for (let index of indexes) {
    index = ii(index);
    const ind = indirect(item);
    if (ind.isNil) throw new CallError('index of nil pointer');
    item = ind.v;
    const k = kindOf(item);
    if (k === 'slice' || k === 'string') {
      const len = lengthOf(item)!;
      const x = indexArg(index, len);
      if (x === len)
        throw new CallError(
          `reflect: ${typeof item === 'string' ? 'string' : 'slice'} index out of range`,
        );
      if (typeof item === 'string') item = new Uint8(Buffer.from(item, 'utf8')[x]);
      else {
        const el = (sliceItems(item) ?? [])[x] as Value;
        item = el === undefined ? null : el;
      }
    } else if (k === 'map') {
      if (index === undefined) throw new CallError('value is nil; should be of type string');
      if (typeof index !== 'string')
        throw new CallError(`value has type ${typeOf(index).name}; should be string`);
      const m = mapEntries(item);
      if (m && Object.prototype.hasOwnProperty.call(m, index)) item = m[index] as Value;
      else item = zeroElem(item);
    } else {
      throw new CallError(`can't index item of type ${typeOf(item).name}`);
    }
  }
  return item;
}

function sliceFn(item: Value, indexes: Value[]): Value {
  item = ii(item);
  if (item === undefined) throw new CallError('slice of untyped nil');
  if (indexes.length > 3) throw new CallError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  const k = kindOf(item);
  if (k === 'string') {
    if (indexes.length === 3) throw new CallError('cannot 3-index slice a string');
    cap = lengthOf(item)!;
  } else if (k === 'slice') cap = sliceCap(item);
  else throw new CallError(`can't slice item of type ${typeOf(item).name}`);
  const idx = [0, lengthOf(item)!, 0];
  indexes.forEach((index, i) => {
    idx[i] = indexArg(ii(index), cap);
  });
  if (idx[0] > idx[1]) throw new CallError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2])
    throw new CallError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  if (typeof item === 'string')
    return Buffer.from(item, 'utf8').subarray(idx[0], idx[1]).toString('utf8');
  const items = sliceItems(item) ?? [];
  const out: unknown[] = [];
  for (let i = idx[0]; i < idx[1]; i++) out.push(i < items.length ? items[i] : null);
  return item instanceof Typed ? new Typed(item.type, out) : out;
}

function lengthFn(item: Value): Value {
  const ind = indirect(item);
  if (ind.isNil) throw new CallError('len of nil pointer');
  if (ind.v === undefined) throw new CallError('reflect: call of reflect.Value.Type on zero Value');
  const n = lengthOf(ind.v);
  if (n === undefined) throw new CallError(`len of type ${typeOf(ind.v).name}`);
  return BigInt(n);
}

/** evalArgs: the text of html/js/urlquery arguments. */
function evalArgs(args: Value[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  // printableValue turns nil into the string "<no value>" before fmt sees it
  return sprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)));
}

export function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) =>
    c === '\0'
      ? '\uFFFD'
      : c === '"'
        ? '&#34;'
        : c === "'"
          ? '&#39;'
          : c === '&'
            ? '&amp;'
            : c === '<'
              ? '&lt;'
              : '&gt;',
  );
}

export function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrint(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

export function queryEscape(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Anything but nil interfaces passes through printable (printableValue). */
function printableArgs(args: Value[]): Value[] {
  return args.map((a) => (a === undefined ? null : a));
}

export interface DateSource {
  today(): Date;
}

function ymd(d: Date): string {
  // Go's time.Now().Format("2006-01-02"): the local calendar date
  const p = (n: number) => String(n).padStart(2, '0');
  return `${String(d.getFullYear()).padStart(4, '0')}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The local calendar day before d (Go's AddDate(0, 0, -1)). */
function dayBefore(d: Date): Date {
  const y = new Date(d.getTime());
  y.setDate(y.getDate() - 1);
  return y;
}

/** The property types Ollama's toTypeScriptType understands. */
export function toTypeScriptType(v: Value): string {
  if (!(v instanceof Typed)) return 'any';
  let p: Typed | null = v;
  if (p.type.kind === 'ptr') p = p.v as Typed | null;
  if (!p || p.type.name !== 'main.toolProperty') return 'any';
  return tsType(p.v as Record<string, unknown>);
}

function tsType(p: Record<string, unknown>): string {
  const anyOf = (p.AnyOf as Typed | null)?.v as Typed[] | null;
  if (anyOf && anyOf.length > 0)
    return anyOf.map((a) => tsType(a.v as Record<string, unknown>)).join(' | ');
  const types = ((p.Type as Typed | null)?.v as string[] | null) ?? [];
  if (types.length === 0) return 'any';
  return types
    .map((t) =>
      t === 'string'
        ? 'string'
        : t === 'number' || t === 'integer'
          ? 'number'
          : t === 'boolean'
            ? 'boolean'
            : t === 'array'
              ? 'any[]'
              : t === 'object'
                ? 'Record<string, any>'
                : t === 'null'
                  ? 'null'
                  : 'any',
    )
    .join(' | ');
}

export function makeFuncs(dates: DateSource, modernJson = false): Map<string, FuncDef> {
  const m = new Map<string, FuncDef>();
  const b = (name: string, params: Param[], variadic: boolean, fn: (a: Value[]) => Value): void => {
    m.set(name, { params, variadic, builtin: true, fn });
  };
  // and/or are evaluated specially (short-circuit); fn is their non-short-circuit form.
  b('and', ['value', 'value'], true, (a) => a.find((x) => !truth(x)) ?? a[a.length - 1]);
  b('or', ['value', 'value'], true, (a) => a.find((x) => truth(x)) ?? a[a.length - 1]);
  b('not', ['value'], false, (a) => !truth(a[0]));
  b('len', ['value'], false, (a) => lengthFn(a[0]));
  b('index', ['value', 'value'], true, (a) => indexFn(a[0], a.slice(1)));
  b('slice', ['value', 'value'], true, (a) => sliceFn(a[0], a.slice(1)));
  b('print', ['any'], true, (a) => sprint(printableArgs(a)));
  b('printf', ['string', 'any'], true, (a) => sprintf(a[0] as string, printableArgs(a.slice(1))));
  b('println', ['any'], true, (a) => sprintln(printableArgs(a)));
  b('eq', ['value', 'value'], true, (a) => eq(a[0], a.slice(1)));
  b('ne', ['value', 'value'], false, (a) => !eq(a[0], [a[1]]));
  b('lt', ['value', 'value'], false, (a) => lt(a[0], a[1]));
  b('le', ['value', 'value'], false, (a) => le(a[0], a[1]));
  b('gt', ['value', 'value'], false, (a) => !le(a[0], a[1]));
  b('ge', ['value', 'value'], false, (a) => !lt(a[0], a[1]));
  b('html', ['any'], true, (a) => htmlEscape(evalArgs(a)));
  b('js', ['any'], true, (a) => jsEscape(evalArgs(a)));
  b('urlquery', ['any'], true, (a) => queryEscape(evalArgs(a)));
  b('call', ['value', 'value'], true, (a) => {
    const fn = ii(a[0]);
    if (fn === undefined) throw new CallError('call of nil');
    throw new CallError(`non-function of type ${typeOf(fn).name}`);
  });
  const o = (name: string, params: Param[], variadic: boolean, fn: (a: Value[]) => Value): void => {
    m.set(name, { params, variadic, builtin: false, fn });
  };
  o('json', ['any'], false, (a) => {
    try {
      return marshal(a[0], modernJson);
    } catch {
      return ''; // Ollama ignores json.Marshal's error
    }
  });
  o('currentDate', ['string'], true, () => ymd(dates.today()));
  o('yesterdayDate', ['string'], true, () => ymd(dayBefore(dates.today())));
  o('toTypeScriptType', ['any'], false, (a) => toTypeScriptType(a[0]));
  return m;
}

export { truth as templateTruth, Complex };
