/**
 * Formats `x` with `digits` decimals, rounding the exact binary value half to
 * even as Go's `fmt` does (JavaScript's toFixed rounds exact ties away from
 * zero: 2.25.toFixed(1) is "2.3", Go's %.1f gives "2.2").
 */
export function formatFixedHalfEven(x: number, digits: number): string {
  if (!Number.isFinite(x) || x < 0) return x.toFixed(digits);
  const fixed = x.toFixed(digits);
  // A tie needs x × 10^digits to be exactly k + 0.5; decide it on the exact value.
  const { mantissa, exponent } = decompose(x);
  const scale = 10n ** BigInt(digits);
  // x = mantissa × 2^exponent; scaled = x × 10^digits as a fraction num / den.
  let num = mantissa * scale;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  const floor = num / den;
  const rem = num - floor * den;
  if (rem * 2n !== den) return fixed;
  const rounded = floor % 2n === 0n ? floor : floor + 1n;
  const s = rounded.toString().padStart(digits + 1, '0');
  return digits === 0 ? s : `${s.slice(0, -digits)}.${s.slice(-digits)}`;
}

function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * Ollama's parameter-size label (`format.HumanNumber`): `8B`, `2.9B`,
 * `500.50M`, `1K`, `999`. Go rounds half to even on the exact value.
 */
export function parameterSizeLabel(n: number | bigint): string {
  const v = Number(n);
  if (v >= 1e9) {
    const x = v / 1e9;
    return x === Math.floor(x) ? `${formatFixedHalfEven(x, 0)}B` : `${formatFixedHalfEven(x, 1)}B`;
  }
  if (v >= 1e6) {
    const x = v / 1e6;
    return x === Math.floor(x) ? `${formatFixedHalfEven(x, 0)}M` : `${formatFixedHalfEven(x, 2)}M`;
  }
  if (v >= 1e3) return `${formatFixedHalfEven(v / 1e3, 0)}K`;
  return String(n);
}
