// Files from strangers: every malformed, truncated or malicious GGUF gets a
// typed error naming the problem and its byte offset — never a crash, a hang
// or an allocation as large as the file claims.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMfcError } from '@mfc/diagnostics';
import { GgmlType, GgufArray, GgufValueType, kv, openGguf, writeGguf } from '@mfc/gguf';
import { readFileSync } from 'node:fs';
import { Bytes, ggufStart, tempDir } from './helpers.js';

const tmp = tempDir('mfc-hostile-');
afterAll(() => tmp.cleanup());

let n = 0;
async function readBytes(
  bytes: Uint8Array,
  options: { decodeStrings?: boolean; maxHeaderBytes?: number } = {},
) {
  return openGguf(tmp.file(`case-${n++}.gguf`, bytes), options);
}

async function expectError(
  bytes: Uint8Array,
  code: string,
  byteOffset: number | undefined,
  message?: RegExp,
  options = {},
) {
  const err = await readBytes(bytes, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMfcError(err), `expected an MfcError, got ${String(err)}`).toBe(true);
  if (!isMfcError(err)) return;
  expect(err.code).toBe(code);
  if (byteOffset !== undefined) expect(err.location.byteOffset).toBe(byteOffset);
  expect(err.location.file).toMatch(/case-\d+\.gguf$/);
  if (message) expect(err.message).toMatch(message);
}

const kvHeader = (kvs: number, tensors = 0) => ggufStart(new Bytes(), 3, tensors, kvs);

describe('hostile GGUF headers', () => {
  it('empty and non-GGUF files', async () => {
    await expectError(new Uint8Array(0), 'GGUF_TRUNCATED', 0);
    await expectError(
      new TextEncoder().encode('PK\u0003\u0004 this is a zip'),
      'GGUF_BAD_MAGIC',
      0,
      /50 4b 03 04/,
    );
    await expectError(
      new Bytes().raw([0x47, 0x47, 0x55, 0x46]).u32(4).u64(0).u64(0).build(),
      'GGUF_UNSUPPORTED_VERSION',
      4,
      /version 4/,
    );
    await expectError(
      new Bytes().raw([0x47, 0x47, 0x55, 0x46]).u32(3).build(),
      'GGUF_TRUNCATED',
      8,
    );
  });

  it('counts that cannot fit in the file', async () => {
    await expectError(
      kvHeader(0).build().fill(0xff, 16, 24),
      'GGUF_BAD_COUNT',
      16,
      /metadata count/,
    );
    await expectError(
      ggufStart(new Bytes(), 3, 2 ** 40, 0).build(),
      'GGUF_BAD_COUNT',
      8,
      /tensor count/,
    );
  });

  it('lengths that claim gigabytes', async () => {
    await expectError(
      kvHeader(1)
        .u64(2n ** 62n)
        .raw(new Uint8Array(16))
        .build(),
      'GGUF_LENGTH_OUT_OF_RANGE',
      24,
      /metadata key length/,
    );
    await expectError(
      kvHeader(1)
        .str('k')
        .u32(GgufValueType.STRING)
        .u64(2 ** 30)
        .str('tail')
        .build(),
      'GGUF_LENGTH_OUT_OF_RANGE',
      37,
    );
    await expectError(
      kvHeader(1)
        .str('k')
        .u32(GgufValueType.ARRAY)
        .u32(GgufValueType.UINT8)
        .u64(2 ** 50)
        .build(),
      'GGUF_LENGTH_OUT_OF_RANGE',
      41,
      /array of/,
    );
    await expectError(
      kvHeader(1)
        .str('k')
        .u32(GgufValueType.ARRAY)
        .u32(GgufValueType.STRING)
        .u64(2n ** 63n)
        .build(),
      'GGUF_LENGTH_OUT_OF_RANGE',
      41,
    );
    await expectError(
      kvHeader(1)
        .str('k')
        .u32(GgufValueType.ARRAY)
        .u32(GgufValueType.STRING)
        .u64(2)
        .str('ok')
        .u64(2 ** 40)
        .build(),
      'GGUF_LENGTH_OUT_OF_RANGE',
      59,
      /string 1 of an array/,
    );
  });

  it('counts that fit a huge file but not the header limit', async () => {
    const arr = kvHeader(1)
      .str('k')
      .u32(GgufValueType.ARRAY)
      .u32(GgufValueType.STRING)
      .u64(50_000)
      .raw(new Uint8Array(500_000));
    await expectError(arr.build(), 'GGUF_HEADER_TOO_LARGE', 41, /header limit/, {
      maxHeaderBytes: 100_000,
    });
    const many = ggufStart(new Bytes(), 3, 0, 2_000_000).raw(new Uint8Array(30_000_000));
    await expectError(many.build(), 'GGUF_BAD_COUNT', 16, /over the 1048576/);
  });

  it('a header larger than the reader allows', async () => {
    const big = kvHeader(1).str('k').u32(GgufValueType.STRING).str('x'.repeat(300_000)).build();
    await expectError(big, 'GGUF_HEADER_TOO_LARGE', 45, undefined, {
      maxHeaderBytes: 100_000,
      initialRead: 4096,
    });
  });

  it('unknown types', async () => {
    await expectError(
      kvHeader(1).str('k').u32(13).u32(0).build(),
      'GGUF_UNKNOWN_VALUE_TYPE',
      33,
      /type 13/,
    );
    await expectError(
      kvHeader(1).str('k').u32(GgufValueType.ARRAY).u32(99).u64(0).build(),
      'GGUF_UNKNOWN_VALUE_TYPE',
      37,
    );
    const t = kvHeader(0, 1).str('w').u32(1).u64(32).u32(4).u64(0).pad(32).raw(new Uint8Array(64));
    await expectError(t.build(), 'GGUF_UNKNOWN_TENSOR_TYPE', 45, /unknown ggml type 4/);
  });

  it('arrays nested without end', async () => {
    const b = kvHeader(1).str('k').u32(GgufValueType.ARRAY);
    for (let i = 0; i < 40; i++) b.u32(GgufValueType.ARRAY).u64(1);
    b.u32(GgufValueType.INT32).u64(0);
    await expectError(b.build(), 'GGUF_TOO_DEEP', undefined, /nested/);
  });

  it('bad UTF-8 in keys, values and string arrays', async () => {
    await expectError(
      kvHeader(1)
        .str(Uint8Array.from([0x6b, 0xc3, 0x28]))
        .u32(GgufValueType.BOOL)
        .u8(1)
        .build(),
      'GGUF_BAD_UTF8',
      24,
      /metadata key/,
    );
    await expectError(
      kvHeader(1)
        .str('k')
        .u32(GgufValueType.STRING)
        .str(Uint8Array.from([0xff]))
        .build(),
      'GGUF_BAD_UTF8',
      37,
    );
    const arr = kvHeader(1)
      .str('toks')
      .u32(GgufValueType.ARRAY)
      .u32(GgufValueType.STRING)
      .u64(2)
      .str('fine')
      .str(Uint8Array.from([0xed, 0xa0, 0x80]))
      .build();
    // Lazily decoded: the summary read succeeds, decoding the bad element fails with its offset.
    const g = await readBytes(arr);
    const tokens = g.get('toks') as GgufArray;
    expect(tokens.get(0)).toBe('fine');
    expect(() => tokens.get(1)).toThrow(
      expect.objectContaining({ code: 'GGUF_BAD_UTF8', location: { byteOffset: 72 } }),
    );
    await expectError(arr, 'GGUF_BAD_UTF8', 72, /tokenizer|toks/, { decodeStrings: true });
  });

  it('duplicate and empty keys, duplicate tensors', async () => {
    const dup = kvHeader(2)
      .str('k')
      .u32(GgufValueType.UINT8)
      .u8(1)
      .str('k')
      .u32(GgufValueType.UINT8)
      .u8(2)
      .build();
    await expectError(dup, 'GGUF_DUPLICATE_KEY', 38, /'k' appears twice/);
    await expectError(
      kvHeader(1).str('').u32(GgufValueType.UINT8).u8(1).build(),
      'GGUF_EMPTY_KEY',
      24,
    );
    const t = kvHeader(0, 2)
      .str('w')
      .u32(1)
      .u64(8)
      .u32(0)
      .u64(0)
      .str('w')
      .u32(1)
      .u64(8)
      .u32(0)
      .u64(32)
      .pad(32)
      .raw(new Uint8Array(64));
    await expectError(t.build(), 'GGUF_DUPLICATE_TENSOR', 57, /'w' appears twice/);
  });

  it('bad alignment', async () => {
    await expectError(
      kvHeader(1).str('general.alignment').u32(GgufValueType.UINT32).u32(24).build(),
      'GGUF_BAD_ALIGNMENT',
      24,
      /power-of-two/,
    );
    await expectError(
      kvHeader(1).str('general.alignment').u32(GgufValueType.UINT64).u64(32).build(),
      'GGUF_BAD_ALIGNMENT',
      24,
    );
  });

  it('tensor infos that lie', async () => {
    const one = (dims: (b: Bytes) => Bytes, type: number, offset: number, data = 64) => {
      const b = kvHeader(0, 1).str('w');
      dims(b);
      return b.u32(type).u64(offset).pad(32).raw(new Uint8Array(data)).build();
    };
    await expectError(
      one((b) => b.u32(5).u64(1).u64(1).u64(1).u64(1).u64(1), 0, 0),
      'GGUF_BAD_TENSOR',
      33,
      /5 dimensions/,
    );
    await expectError(
      one(
        (b) =>
          b
            .u32(2)
            .u64(2 ** 40)
            .u64(2 ** 40),
        0,
        0,
      ),
      'GGUF_BAD_TENSOR',
      45,
      /impossible number of elements/,
    );
    await expectError(
      one((b) => b.u32(1).u64(100), GgmlType.Q4_K, 0),
      'GGUF_BAD_TENSOR',
      33,
      /block size 256/,
    );
    await expectError(
      one((b) => b.u32(1).u64(32), GgmlType.F32, 0, 100),
      'GGUF_TENSOR_OUT_OF_BOUNDS',
      24,
      /runs past the end/,
    );
    await expectError(
      one((b) => b.u32(1).u64(4), GgmlType.F32, 2 ** 40),
      'GGUF_TENSOR_OUT_OF_BOUNDS',
      24,
    );
    await expectError(
      one((b) => b.u32(1).u64(4), GgmlType.F32, 8),
      'GGUF_MISALIGNED_TENSOR',
      49,
      /not a multiple of the alignment 32/,
    );
    const overlap = kvHeader(0, 2)
      .str('a')
      .u32(1)
      .u64(16)
      .u32(0)
      .u64(0)
      .str('b')
      .u32(1)
      .u64(16)
      .u32(0)
      .u64(32)
      .pad(32)
      .raw(new Uint8Array(96))
      .build();
    await expectError(overlap, 'GGUF_TENSORS_OVERLAP', 57, /'a' and 'b' overlap/);
  });

  it('integers beyond 2^53 are printed exactly, not rounded', async () => {
    // 2^61 + 1 as a float would print 2305843009213694000.
    const big = 2n ** 61n + 1n;
    await expectError(
      ggufStart(new Bytes(), 3, big, 0).build(),
      'GGUF_BAD_COUNT',
      8,
      /tensor count 2305843009213693953 /,
    );
    await expectError(
      kvHeader(1).u64(big).raw(new Uint8Array(32)).build(),
      'GGUF_LENGTH_OUT_OF_RANGE',
      24,
      /key length 2305843009213693953 /,
    );
    const tensor = (dims: (b: Bytes) => Bytes, offset: bigint) => {
      const b = kvHeader(0, 1).str('w');
      return dims(b).u32(GgmlType.F32).u64(offset).pad(32).raw(new Uint8Array(64)).build();
    };
    await expectError(
      tensor((b) => b.u32(2).u64(0).u64(big), 0n),
      'GGUF_BAD_TENSOR',
      45,
      /dimension 1 is 2305843009213693953\)/,
    );
    await expectError(
      tensor((b) => b.u32(1).u64(16), 2n ** 63n),
      'GGUF_TENSOR_OUT_OF_BOUNDS',
      49,
      /data offset 9223372036854775808 is past the end/,
    );
    await expectError(
      tensor((b) => b.u32(1).u64(16), 2n ** 52n + 1n),
      'GGUF_MISALIGNED_TENSOR',
      49,
      /data offset 4503599627370497 is not a multiple/,
    );
  });

  it('every truncation of a valid file is reported, never crashes', async () => {
    const path = tmp.file('valid.gguf');
    await writeGguf(path, {
      metadata: [
        kv.string('general.architecture', 'llama'),
        kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, ['<s>', 'a', 'b']),
        kv.f32('x', 1),
      ],
      tensors: [{ name: 'w', type: GgmlType.F32, shape: [8], data: new Uint8Array(32) }],
    });
    const bytes = readFileSync(path);
    const cuts = new Set<number>();
    for (let cut = 0; cut < bytes.length; cut += 7) cuts.add(cut);
    cuts.add(bytes.length - 1);
    for (const cut of cuts) {
      const err = await readBytes(bytes.subarray(0, cut)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isMfcError(err), `cut at ${cut}`).toBe(true);
      expect((err as { code: string }).code).toMatch(
        /^GGUF_(TRUNCATED|LENGTH_OUT_OF_RANGE|BAD_COUNT|TENSOR_OUT_OF_BOUNDS)$/,
      );
    }
  });
});

describe('fuzzing: random mutations of a valid file', () => {
  let valid: Uint8Array;
  beforeAll(async () => {
    const path = tmp.file('fuzz-base.gguf');
    await writeGguf(path, {
      metadata: [
        kv.string('general.architecture', 'llama'),
        kv.u32('llama.context_length', 512),
        kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, [
          '<unk>',
          '<s>',
          '</s>',
          '▁the',
          'é',
        ]),
        kv.array('tokenizer.ggml.scores', GgufValueType.FLOAT32, [0, 0, 0, -1, -2]),
        kv.array('nested', GgufValueType.ARRAY, [GgufArray.of(GgufValueType.INT32, [1])]),
        kv.bool('b', true),
      ],
      tensors: [
        { name: 'token_embd.weight', type: GgmlType.F32, shape: [8, 2], data: new Uint8Array(64) },
        { name: 'q', type: GgmlType.Q8_0, shape: [32], data: new Uint8Array(34) },
      ],
    });
    valid = readFileSync(path);
  });

  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant('flip' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({
      kind: fc.constant('big' as const),
      at: fc.nat(),
      value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
    }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), value: fc.constant(0) }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      value: fc.integer({ min: 0, max: 255 }),
    }),
  );

  function mutate(
    base: Uint8Array,
    ms: { kind: string; at: number; value: number | bigint }[],
  ): Uint8Array {
    let b = Uint8Array.from(base);
    for (const m of ms) {
      const at = b.length === 0 ? 0 : m.at % b.length;
      if (m.kind === 'flip') b[at] = Number(m.value);
      else if (m.kind === 'big' && at + 8 <= b.length)
        new DataView(b.buffer).setBigUint64(at, BigInt(m.value), true);
      else if (m.kind === 'cut') b = b.subarray(0, at);
      else if (m.kind === 'insert')
        b = Uint8Array.from([...b.subarray(0, at), Number(m.value), ...b.subarray(at)]);
    }
    return b;
  }

  it('either reads the file or throws a located GGUF error', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (ms) => {
        const bytes = mutate(valid, ms);
        try {
          const g = await readBytes(bytes, { decodeStrings: true });
          // A file that parses is self-consistent.
          for (const t of g.tensors)
            expect(t.absoluteOffset + t.byteSize).toBeLessThanOrEqual(bytes.length);
        } catch (err) {
          if (!isMfcError(err)) throw err;
          expect(err.code).toMatch(/^GGUF_[A-Z0-9_]+$/);
          expect(typeof err.location.byteOffset).toBe('number');
          expect(err.location.byteOffset).toBeGreaterThanOrEqual(0);
          expect(err.location.byteOffset).toBeLessThanOrEqual(bytes.length);
        }
      }),
      { numRuns: 400, seed: 20261120 },
    );
  });
});
