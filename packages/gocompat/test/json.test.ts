import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  JsonError,
  encodeGoJson,
  float32Shortest,
  formatJsonFloat,
  marshalGoJson,
  quoteJsonString,
} from '../src/index.js';

// The vectors below are Ollama's layer digests (sha256 of the encoded JSON).
const sha256Digest = (text: string): string =>
  'sha256:' + createHash('sha256').update(text).digest('hex');
const quoteGoString = (s: string): string => quoteJsonString(s, true);

describe('Go encoding/json', () => {
  it('reproduces the params test vector of TestCreateMergeParameters (base model)', () => {
    const params = new Map<string, any>([
      ['temperature', float32Shortest(1)],
      ['top_k', 10],
      ['stop', ['USER:', 'ASSISTANT:']],
    ]);
    const text = encodeGoJson(params);
    expect(text).toBe('{"stop":["USER:","ASSISTANT:"],"temperature":1,"top_k":10}\n');
    expect(sha256Digest(text)).toBe(
      'sha256:1d0ad71299d48c2fb7ae2b98e683643e771f8a5b72be34942af90d97a91c1e37',
    );
  });

  it('reproduces the merged params vector (HTML escaping, float32 values)', () => {
    const params = new Map<string, any>([
      ['top_p', float32Shortest(0.7)],
      ['temperature', float32Shortest(0.6)],
      ['stop', ['<|endoftext|>']],
      ['top_k', 10],
    ]);
    const text = encodeGoJson(params);
    expect(text).toBe(
      '{"stop":["\\u003c|endoftext|\\u003e"],"temperature":0.6,"top_k":10,"top_p":0.7}\n',
    );
    expect(sha256Digest(text)).toBe(
      'sha256:12f58bb75cb3042d69a7e013ab87fb3c3c7088f50ddc62f0c77bd332f0d44d35',
    );
  });

  it('reproduces the messages vector (struct field order)', () => {
    const messages = [
      { role: 'assistant', content: 'What is my purpose?' },
      { role: 'user', content: 'You run tests.' },
      { role: 'assistant', content: 'Oh, my god.' },
    ];
    expect(sha256Digest(encodeGoJson(messages))).toBe(
      'sha256:298baeaf6928a60cf666d88d64a1ba606feb43a2865687c39e40652e407bffc4',
    );
  });

  it('formats float64 like strconv.FormatFloat(f, -1) with JSON exponent cleanup', () => {
    expect(formatJsonFloat(1e-7)).toBe('1e-7');
    expect(formatJsonFloat(1.5e-7)).toBe('1.5e-7');
    expect(formatJsonFloat(0.000001)).toBe('0.000001');
    expect(formatJsonFloat(1e21)).toBe('1e+21');
    expect(formatJsonFloat(1e20)).toBe('100000000000000000000');
    expect(formatJsonFloat(1000000)).toBe('1000000');
    expect(formatJsonFloat(-0)).toBe('-0');
    expect(() => formatJsonFloat(NaN)).toThrow(JsonError);
  });

  it('refuses NaN and ±Inf with Go’s message (strconv.FormatFloat(f, g, -1) of the value)', () => {
    // Go: json.Marshal(math.Inf(1)) → "json: unsupported value: +Inf".
    expect(() => formatJsonFloat(NaN)).toThrow(/^json: unsupported value: NaN$/);
    expect(() => formatJsonFloat(Infinity)).toThrow(/^json: unsupported value: \+Inf$/);
    expect(() => formatJsonFloat(-Infinity)).toThrow(/^json: unsupported value: -Inf$/);
    expect(() => encodeGoJson({ temperature: -Infinity })).toThrow(/unsupported value: -Inf$/);
  });

  it('rounds float32 parameters to their shortest decimal', () => {
    expect(float32Shortest(0.123456789)).toBe(0.12345679);
    expect(float32Shortest(0.7)).toBe(0.7);
    expect(float32Shortest(1e-7)).toBe(1e-7);
    expect(float32Shortest(0.1)).toBe(0.1);
    expect(float32Shortest(16777217)).toBe(16777216);
  });

  it('escapes strings like Go (HTML-safe, control characters, U+2028, bad surrogates)', () => {
    expect(quoteGoString('a<b>&c')).toBe('"a\\u003cb\\u003e\\u0026c"');
    expect(quoteGoString('"\\/\x7f')).toBe('"\\"\\\\/\x7f"');
    expect(quoteGoString('\b\f\n\r\t\x01\x1f')).toBe('"\\b\\f\\n\\r\\t\\u0001\\u001f"');
    expect(quoteGoString('\u2028\u2029')).toBe('"\\u2028\\u2029"');
    expect(quoteGoString('👋\ud800x')).toBe('"👋\\ufffdx"');
  });

  it('writes \\b and \\f long for older Go and can leave HTML alone', () => {
    expect(quoteJsonString('\b\f')).toBe('"\\u0008\\u000c"');
    expect(quoteJsonString('<&>', false, false)).toBe('"<&>"');
    expect(marshalGoJson(['x', 1.5])).toBe('["x",1.5]');
  });

  it('sorts map keys by UTF-8 bytes and keeps struct field order', () => {
    const m = new Map<string, any>([
      ['b', 1],
      ['\uff5e', 2],
      ['😀', 3],
      ['a', 4],
    ]);
    expect(encodeGoJson(m)).toBe('{"a":4,"b":1,"～":2,"😀":3}\n');
    expect(encodeGoJson({ z: 1, a: undefined, m: [true, null], n: 12345678901234567890n })).toBe(
      '{"z":1,"m":[true,null],"n":12345678901234567890}\n',
    );
  });
});
