/**
 * Typed conversion of PARAMETER values, as Ollama's `api.FormatParams` does
 * it when `ollama create` builds its request (one PARAMETER line at a time).
 */
import { PARAMETERS, type ParameterType } from './reference.js';

export type { ParameterType };

/** The Go type of each parameter Ollama accepts (derived from the reference table). */
export const PARAMETER_TYPES: Readonly<Record<string, ParameterType>> = Object.freeze(
  Object.fromEntries(Object.entries(PARAMETERS).map(([name, info]) => [name, info.type])),
);

/** Parameters Ollama ignores with `warning: parameter <name> is deprecated`. */
export const DEPRECATED_PARAMETERS: readonly string[] = Object.freeze([
  'penalize_newline',
  'low_vram',
  'f16_kv',
  'logits_all',
  'vocab_only',
  'use_mlock',
  'mirostat',
  'mirostat_tau',
  'mirostat_eta',
]);

/** The type of a known parameter, or undefined. */
export function parameterType(name: string): ParameterType | undefined {
  return Object.hasOwn(PARAMETER_TYPES, name) ? PARAMETER_TYPES[name] : undefined;
}

/** The result of converting one PARAMETER line. */
export type ParameterConversion =
  /** A valid value: a number for int/float (float rounded to float32), a boolean, or the stop string. */
  | { ok: true; name: string; type: ParameterType; value: number | boolean | string }
  /** A deprecated parameter: Ollama prints `message` and ignores the line. */
  | { ok: true; name: string; deprecated: true; message: string }
  /** Rejected: `unknown parameter '<name>'` or `invalid <type> value [<value>]`. */
  | {
      ok: false;
      name: string;
      code: 'MODELFILE_UNKNOWN_PARAMETER' | 'MODELFILE_INVALID_PARAMETER_VALUE';
      message: string;
    };

/**
 * Converts a PARAMETER value like Ollama's `FormatParams` (`strconv.ParseInt(v, 10, 64)`,
 * `strconv.ParseFloat(v, 32)`, `strconv.ParseBool`), with Ollama's error texts.
 */
export function convertParameter(name: string, value: string): ParameterConversion {
  if (DEPRECATED_PARAMETERS.includes(name)) {
    return {
      ok: true,
      name,
      deprecated: true,
      message: `warning: parameter ${name} is deprecated`,
    };
  }
  const type = parameterType(name);
  if (type === undefined) {
    return {
      ok: false,
      name,
      code: 'MODELFILE_UNKNOWN_PARAMETER',
      message: `unknown parameter '${name}'`,
    };
  }
  const invalid = (kind: string): ParameterConversion => ({
    ok: false,
    name,
    code: 'MODELFILE_INVALID_PARAMETER_VALUE',
    message: `invalid ${kind} value [${value}]`,
  });
  switch (type) {
    case 'string[]':
      return { ok: true, name, type, value };
    case 'bool': {
      const b = parseGoBool(value);
      return b === undefined ? invalid('bool') : { ok: true, name, type, value: b };
    }
    case 'int': {
      const n = parseGoInt64(value);
      return n === undefined ? invalid('int') : { ok: true, name, type, value: n };
    }
    case 'float': {
      const f = parseGoFloat32(value);
      return f === undefined ? invalid('float') : { ok: true, name, type, value: f };
    }
  }
}

/** `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(s)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(s)) return false;
  return undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** `strconv.ParseInt(s, 10, 64)`: optional sign, decimal digits only, int64 range. */
export function parseGoInt64(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n < INT64_MIN || n > INT64_MAX) return undefined;
  return Number(n);
}

const DECIMAL_FLOAT =
  /^[+-]?(?:[0-9](?:_?[0-9])*(?:\.(?:[0-9](?:_?[0-9])*)?)?|\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?$/;
const HEX_FLOAT =
  /^[+-]?0[xX](?:_?[0-9a-fA-F])*(?:\.(?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?)?[pP][+-]?[0-9](?:_?[0-9])*$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;

/**
 * `strconv.ParseFloat(s, 32)`: decimal or hex (`0x1p-2`) syntax, `inf`/`infinity`/`nan`,
 * rounded to float32; values that overflow float32 are rejected (Go returns ErrRange).
 * Underscores are only allowed with a base prefix, as in Go.
 */
export function parseGoFloat32(s: string): number | undefined {
  if (SPECIAL_FLOAT.test(s)) {
    const lower = s.toLowerCase();
    if (lower.endsWith('nan')) return /^[+-]/.test(s) ? undefined : NaN;
    return lower.startsWith('-') ? -Infinity : Infinity;
  }
  let n: number;
  if (HEX_FLOAT.test(s)) {
    n = parseHexFloat(s.replace(/_/g, ''));
  } else if (DECIMAL_FLOAT.test(s) && !s.includes('_')) {
    n = Number(s);
  } else {
    return undefined;
  }
  const f = Math.fround(n);
  if (!Number.isFinite(f)) return undefined;
  return f;
}

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?[0-9]+)$/.exec(s);
  if (!m) return NaN;
  const [, sign, intPart, fracPart = '', exp] = m;
  const mantissa = intPart + fracPart;
  if (mantissa.length === 0) return NaN;
  let value = 0;
  for (const d of mantissa) value = value * 16 + parseInt(d, 16);
  value *= 2 ** (Number(exp) - 4 * fracPart.length);
  return sign === '-' ? -value : value;
}
