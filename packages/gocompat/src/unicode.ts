/**
 * Go's `unicode.IsPrint` / `strconv.IsPrint` — the one table every package
 * uses (the Modelfile scanner, template lexing and `%q`, JSON-free quoting).
 * Letters, marks, numbers, punctuation, symbols and the ASCII space; no other
 * space. JavaScript's Unicode property tables stand in for Go's `unicode`
 * tables; both follow the Unicode Character Database, so they can differ only
 * for code points assigned in a Unicode version one side lacks.
 */
const PRINT = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

export function isPrint(r: number): boolean {
  if (r < 0x80) return r >= 0x20 && r <= 0x7e;
  if (r > 0x10ffff || (r >= 0xd800 && r <= 0xdfff)) return false; // not a rune
  return PRINT.test(String.fromCodePoint(r));
}
