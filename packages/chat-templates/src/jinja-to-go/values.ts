/** Translated values: their Go operand, their kind, and what is known of them at translation time. */

export type Ty =
  | 'string'
  | 'int'
  | 'bool'
  | 'none'
  | 'undefined'
  | 'messages'
  | 'message'
  | 'namespace'
  | 'unknown';

export type Const = string | number | boolean | null | undefined;

export interface V {
  /** A Go operand: `$x`, `$x.Role`, `"text"`, `(eq $a "b")`. */
  go: string;
  ty: Ty;
  /** Known at translation time. */
  konst?: boolean;
  value?: Const;
  /** A Go variable's flag telling whether Jinja has set it (for `is defined`). */
  defFlag?: string;
  /** `(not X)`: X, so a double negation cancels out. */
  negated?: V;
  /** `(print A B …)`: its operands, so concatenations print flat. */
  printArgs?: string[];
  maybeNone?: boolean;
}

export const konst = (value: Const): V => ({
  go: goLiteral(value),
  ty:
    value === undefined
      ? 'undefined'
      : value === null
        ? 'none'
        : typeof value === 'string'
          ? 'string'
          : typeof value === 'number'
            ? 'int'
            : 'bool',
  konst: true,
  value,
});

export function goLiteral(value: Const): string {
  if (value === undefined || value === null) return '""';
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

export function truthy(value: Const): boolean {
  return !(value === undefined || value === null || value === '' || value === 0 || value === false);
}

/** Jinja's str() of a constant. */
export function jinjaString(value: Const): string {
  if (value === undefined) return '';
  if (value === null) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** `a + b` where Jinja can only be joining strings (one side is one, neither a number or bool). */
export function concatenable(l: Ty, r: Ty): boolean {
  const ok = (t: Ty) => t === 'string' || t === 'unknown';
  return (l === 'string' || r === 'string') && ok(l) && ok(r);
}

/** The kind of a variable assigned values of kinds a and b; none/undefined print and compare as "" in Go. */
export function union(a: Ty, b: Ty): Ty {
  const nil = (t: Ty) => t === 'undefined' || t === 'none';
  if (a === b) return a;
  if (nil(a)) return nil(b) ? 'none' : b;
  if (nil(b)) return a;
  return 'unknown';
}

export function caseChange(s: string, how: string): string {
  if (how === 'upper') return s.toUpperCase();
  if (how === 'lower') return s.toLowerCase();
  if (how === 'capitalize') return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  return s.replace(/\w\S*/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase());
}

/** Jinja's `not`; a double negation cancels out. */
export function not(v: V): V {
  if (v.konst) return konst(!truthy(v.value));
  if (v.negated && v.negated.ty === 'bool') return v.negated;
  return { go: `(not ${v.go})`, ty: 'bool', negated: v };
}
