/**
 * Go values as the template engine sees them (a small stand-in for `reflect`).
 *
 * Plain JS values carry their Go type implicitly:
 *   undefined → an invalid reflect.Value ("<no value>")
 *   null      → a nil interface{}
 *   string → string, boolean → bool, number → float64, bigint → int
 *   Array → []interface {}, plain object → map[string]interface {}
 * Anything else is a `Typed` value with an explicit Go type (structs,
 * pointers, typed slices and maps, Stringers such as Ollama's tool types).
 */

export type Kind =
  | 'bool'
  | 'int'
  | 'uint8'
  | 'float64'
  | 'complex128'
  | 'string'
  | 'slice'
  | 'map'
  | 'struct'
  | 'ptr'
  | 'interface';

export interface FieldDef {
  name: string;
  type: GoType;
  /** encoding/json name; "-" to skip. */
  json?: string;
  omitempty?: boolean;
}

export interface GoType {
  kind: Kind;
  /** Go's name for it, as in error messages: `*main.message`, `[]string`. */
  name: string;
  elem?: GoType;
  fields?: FieldDef[];
  /** A `String() string` method (fmt uses it). */
  stringer?: (v: unknown) => string;
  /** A `MarshalJSON` method: returns the value to encode instead. */
  marshalJSON?: (v: unknown) => unknown;
}

export class Typed {
  constructor(
    readonly type: GoType,
    /** slice: array | null; map: Record | null; struct: Record; ptr: Typed | null; basic: the JS value. */
    readonly v: unknown,
  ) {}
}

/** A complex128 value. */
export class Complex {
  constructor(
    readonly re: number,
    readonly im: number,
  ) {}
}

/** A uint8 (a byte from indexing a string). */
export class Uint8 {
  constructor(readonly n: number) {}
}

export type Value =
  | undefined
  | null
  | string
  | boolean
  | number
  | bigint
  | unknown[]
  | Record<string, unknown>
  | Typed
  | Complex
  | Uint8;

export const ifaceType: GoType = { kind: 'interface', name: 'interface {}' };
export const stringType: GoType = { kind: 'string', name: 'string' };
export const intType: GoType = { kind: 'int', name: 'int' };
export const float64Type: GoType = { kind: 'float64', name: 'float64' };
export const boolType: GoType = { kind: 'bool', name: 'bool' };
export const sliceOfIface: GoType = { kind: 'slice', name: '[]interface {}', elem: ifaceType };
export const mapOfIface: GoType = { kind: 'map', name: 'map[string]interface {}', elem: ifaceType };

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const p = Object.getPrototypeOf(v);
  return p === Object.prototype || p === null;
}

/** The Go type of a (valid, non-nil-interface) value. */
export function typeOf(v: Value): GoType {
  switch (typeof v) {
    case 'string':
      return stringType;
    case 'boolean':
      return boolType;
    case 'number':
      return float64Type;
    case 'bigint':
      return intType;
  }
  if (Array.isArray(v)) return sliceOfIface;
  if (v instanceof Typed) return v.type;
  if (v instanceof Complex) return { kind: 'complex128', name: 'complex128' };
  if (v instanceof Uint8) return { kind: 'uint8', name: 'uint8' };
  if (isPlainObject(v)) return mapOfIface;
  return ifaceType;
}

export function kindOf(v: Value): Kind | 'invalid' | 'nil' {
  if (v === undefined) return 'invalid';
  if (v === null) return 'nil';
  return typeOf(v).kind;
}

/** Elements of a slice-like value, or null for a nil slice. */
export function sliceItems(v: Value): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (v instanceof Typed && v.type.kind === 'slice') return v.v as unknown[] | null;
  return null;
}

/** Entries of a map value, or null for a nil map. */
export function mapEntries(v: Value): Record<string, unknown> | null {
  if (isPlainObject(v)) return v;
  if (v instanceof Typed && v.type.kind === 'map') return v.v as Record<string, unknown> | null;
  return null;
}

/** The element type of a container value. */
export function elemType(v: Value): GoType {
  if (v instanceof Typed && v.type.elem) return v.type.elem;
  return ifaceType;
}

/** Follows pointers; `isNil` when a nil pointer is met (Go's `indirect`). */
export function indirect(v: Value): { v: Value; isNil: boolean } {
  while (v instanceof Typed && v.type.kind === 'ptr') {
    if (v.v === null) return { v, isNil: true };
    v = v.v as Value;
  }
  return { v, isNil: v === null };
}

/** cap() of a slice: JSON-decoded slices grow by appending, so cap is the next power of two. */
export function sliceCap(v: Value): number {
  const items = sliceItems(v) ?? [];
  if (!Array.isArray(v)) return items.length;
  let c = 0;
  while (c < items.length) c = c === 0 ? 1 : c * 2;
  return c;
}

/** Length of a value that has one, else undefined. */
export function lengthOf(v: Value): number | undefined {
  if (typeof v === 'string') return Buffer.byteLength(v, 'utf8');
  const s = sliceItems(v);
  if (s !== null || (v instanceof Typed && v.type.kind === 'slice')) return s ? s.length : 0;
  if (isPlainObject(v)) return Object.keys(v).length;
  if (v instanceof Typed && v.type.kind === 'map')
    return v.v ? Object.keys(v.v as object).length : 0;
  return undefined;
}

/** text/template's isTrue: [truth, ok]. */
export function isTrue(v: Value): [boolean, boolean] {
  if (v === undefined || v === null) return [false, true];
  switch (typeof v) {
    case 'string':
      return [v.length > 0, true];
    case 'boolean':
      return [v, true];
    case 'number':
      return [v !== 0, true];
    case 'bigint':
      return [v !== 0n, true];
  }
  if (v instanceof Complex) return [v.re !== 0 || v.im !== 0, true];
  if (v instanceof Uint8) return [v.n !== 0, true];
  if (v instanceof Typed) {
    switch (v.type.kind) {
      case 'slice':
      case 'map':
        return [(lengthOf(v) ?? 0) > 0, true];
      case 'ptr':
      case 'interface':
        return [v.v !== null, true];
      case 'struct':
        return [true, true];
      case 'string':
        return [(v.v as string).length > 0, true];
      default:
        return isTrue(v.v as Value);
    }
  }
  if (Array.isArray(v)) return [v.length > 0, true];
  if (isPlainObject(v)) return [Object.keys(v).length > 0, true];
  return [false, false];
}

/** The zero value of a Go type (nil for interfaces; typed nils for slices, maps and pointers). */
export function zeroValue(t: GoType): Value {
  switch (t.kind) {
    case 'string':
      return '';
    case 'int':
      return 0n;
    case 'bool':
      return false;
    case 'float64':
      return 0;
    case 'uint8':
      return new Uint8(0);
    case 'complex128':
      return new Complex(0, 0);
    case 'slice':
    case 'map':
    case 'ptr':
      return new Typed(t, null);
    case 'struct': {
      const rec: Record<string, unknown> = {};
      for (const f of t.fields ?? []) rec[f.name] = zeroValue(f.type);
      return new Typed(t, rec);
    }
    default:
      return null;
  }
}

/** The zero value of a container's element type (what a missing map key yields with missingkey=zero). */
export function zeroElem(container: Value): Value {
  return container instanceof Typed && container.type.elem ? zeroValue(container.type.elem) : null;
}
