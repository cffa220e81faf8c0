import { describe, expect, it } from 'vitest';
import {
  SyntaxError_,
  formatFloat,
  goQuoteString,
  isPrint,
  parseGoFloat,
  parseGoInt,
  unquote,
} from '../src/index.js';

describe('unicode.IsPrint', () => {
  it('is letters, marks, numbers, punctuation, symbols and U+0020 only', () => {
    for (const r of [0x20, 0x41, 0x7e, 0xe9, 0x301, 0x263a, 0x1f600, 0x4e2d])
      expect(isPrint(r), r.toString(16)).toBe(true);
    // TAB, DEL, NBSP, ideographic space, zero-width space, BOM, a lone surrogate, past U+10FFFF
    for (const r of [0x09, 0x7f, 0xa0, 0x3000, 0x200b, 0xfeff, 0xd800, 0x110000, -1])
      expect(isPrint(r), r.toString(16)).toBe(false);
  });
});

describe('strconv.Quote and Unquote', () => {
  it('quotes with Go escapes, keeping printable runes', () => {
    expect(goQuoteString('a\u00a0b\x7f☺😀\x01\t"\\')).toBe('"a\\u00a0b\\x7f☺😀\\x01\\t\\"\\\\"');
    expect(goQuoteString('\u{e0001}')).toBe('"\\U000e0001"');
  });

  it('unquotes "…", `…` and rejects bad syntax', () => {
    expect(unquote('"a\\tb\\u00e9\\x41\\101"')).toBe('a\tbéAA');
    expect(unquote('`raw\\n\r`')).toBe('raw\\n');
    for (const bad of ['"a', '"\\q"', '"a\nb"', "'ab", '"\\400"'])
      expect(() => unquote(bad), bad).toThrow(SyntaxError_);
  });
});

describe('strconv.ParseInt / ParseFloat (base 0)', () => {
  it('reads Go integer literals within int64 / uint64', () => {
    expect(parseGoInt('0x_1F', false)).toBe(31n);
    expect(parseGoInt('1_000', false)).toBe(1000n);
    expect(parseGoInt('017', false)).toBe(15n);
    expect(parseGoInt('0o17', false)).toBe(15n);
    expect(parseGoInt('0b101', false)).toBe(5n);
    expect(parseGoInt('-9223372036854775808', false)).toBe(-9223372036854775808n);
    expect(parseGoInt('9223372036854775808', false)).toBeNull();
    expect(parseGoInt('18446744073709551615', true)).toBe(18446744073709551615n);
    expect(parseGoInt('-1', true)).toBeNull();
    expect(parseGoInt('_1', false)).toBeNull();
    expect(parseGoInt('1__0', false)).toBeNull();
  });

  it('reads decimal, hex and special float literals', () => {
    expect(parseGoFloat('1.5e3')).toBe(1500);
    expect(parseGoFloat('0x1p-2')).toBe(0.25);
    expect(parseGoFloat('-Inf')).toBe(-Infinity);
    expect(parseGoFloat('NaN')).toBeNaN();
    expect(parseGoFloat('1e400')).toBeNull();
    expect(parseGoFloat('1.')).toBe(1);
    expect(parseGoFloat('.')).toBeNull();
  });
});

describe('strconv.FormatFloat (always signed, for fmt)', () => {
  it('formats shortest and fixed precisions like Go', () => {
    expect(formatFloat(1.5, 'e', -1)).toBe('+1.5e+00');
    expect(formatFloat(0.1, 'g', -1)).toBe('+0.1');
    expect(formatFloat(1e21, 'g', -1)).toBe('+1e+21');
    expect(formatFloat(2.5, 'f', 0)).toBe('+2'); // exact halves round to even
    expect(formatFloat(-0.000123, 'E', 2)).toBe('-1.23E-04');
    expect(formatFloat(1, 'x', -1)).toBe('+0x1p+00');
    expect(formatFloat(Infinity, 'g', -1)).toBe('+Inf');
    expect(formatFloat(-Infinity, 'f', 2)).toBe('-Inf');
    expect(formatFloat(NaN, 'g', -1)).toBe('NaN');
  });
});
