import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  GgmlType,
  GgufArray,
  GgufValueType,
  encodeGgufHeader,
  kv,
  openGguf,
  writeGguf,
  type GgufKvInput,
} from '@mfc/gguf';
import { Bytes, ggufStart, tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

/** One KV of every value type, nested arrays included. */
const everyType: GgufKvInput[] = [
  kv.string('general.architecture', 'llama'),
  kv.u8('t.u8', 255),
  kv.i8('t.i8', -128),
  kv.u16('t.u16', 65535),
  kv.i16('t.i16', -32768),
  kv.u32('t.u32', 4294967295),
  kv.i32('t.i32', -2147483648),
  kv.f32('t.f32', 0.5),
  kv.bool('t.bool', true),
  kv.string('t.string', 'héllo ▁ 世界 🦙'),
  kv.string('t.bom', '\ufeffstarts with a BOM'),
  kv.u64('t.u64', 2n ** 64n - 1n),
  kv.i64('t.i64', -(2n ** 63n)),
  kv.f64('t.f64', Math.PI),
  kv.u64('t.u64small', 12345),
  kv.array('t.arr.i32', GgufValueType.INT32, [1, -2, 3]),
  kv.array('t.arr.f32', GgufValueType.FLOAT32, [0.25, -1.5]),
  kv.array('t.arr.str', GgufValueType.STRING, ['a', '', 'ü', '\ufeff', '\ufeffx']),
  kv.array('t.arr.bool', GgufValueType.BOOL, [true, false]),
  kv.array('t.arr.u64', GgufValueType.UINT64, [1, 2n ** 60n]),
  kv.array('t.arr.nested', GgufValueType.ARRAY, [
    GgufArray.of(GgufValueType.INT32, [1, 2]),
    GgufArray.of(GgufValueType.STRING, ['x']),
  ]),
  kv.array('t.arr.empty', GgufValueType.STRING, []),
];

function f32Tensor(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

describe('GGUF writer and reader', () => {
  it('round-trips every value type, nested arrays and tensors, with llama.cpp layout', async () => {
    const path = tmp.file('all.gguf');
    const a = f32Tensor(Array.from({ length: 32 }, (_, i) => i));
    const q = new Uint8Array(34 * 2).map((_, i) => i);
    const written = await writeGguf(path, {
      metadata: everyType,
      tensors: [
        { name: 'a', type: GgmlType.F32, shape: [32], data: a },
        // Streamed in odd-sized chunks from a generator.
        {
          name: 'q',
          type: GgmlType.Q8_0,
          shape: [64],
          data: function* () {
            yield q.subarray(0, 5);
            yield q.subarray(5);
          },
        },
      ],
    });
    const bytes = readFileSync(path);
    expect(written.size).toBe(bytes.length);
    const g = await openGguf(path);
    expect(g.version).toBe(3);
    expect(g.littleEndian).toBe(true);
    expect(g.metadata.size).toBe(everyType.length);
    expect(g.get('t.u8')).toBe(255);
    expect(g.get('t.i8')).toBe(-128);
    expect(g.get('t.u16')).toBe(65535);
    expect(g.get('t.i16')).toBe(-32768);
    expect(g.get('t.u32')).toBe(4294967295);
    expect(g.get('t.i32')).toBe(-2147483648);
    expect(g.get('t.f32')).toBe(0.5);
    expect(g.get('t.bool')).toBe(true);
    expect(g.get('t.string')).toBe('héllo ▁ 世界 🦙');
    expect(g.get('t.bom')).toBe('\ufeffstarts with a BOM'); // a leading BOM is data, not stripped
    expect(g.get('t.u64')).toBe(2n ** 64n - 1n);
    expect(g.get('t.i64')).toBe(-(2n ** 63n));
    expect(g.get('t.f64')).toBe(Math.PI);
    expect(g.get('t.u64small')).toBe(12345);
    expect(g.metadata.get('t.u64small')!.type).toBe(GgufValueType.UINT64);
    const arr = (k: string) => (g.get(k) as GgufArray).toArray();
    expect(arr('t.arr.i32')).toEqual([1, -2, 3]);
    expect(arr('t.arr.f32')).toEqual([0.25, -1.5]);
    expect(arr('t.arr.str')).toEqual(['a', '', 'ü', '\ufeff', '\ufeffx']);
    expect(arr('t.arr.bool')).toEqual([true, false]);
    expect(arr('t.arr.u64')).toEqual([1, 2n ** 60n]);
    const nested = arr('t.arr.nested') as GgufArray[];
    expect(nested.map((n) => n.toArray())).toEqual([[1, 2], ['x']]);
    expect(arr('t.arr.empty')).toEqual([]);

    // Tensors: offsets relative to the data section, each padded to 32 bytes, data section aligned.
    expect(g.alignment).toBe(32);
    expect(g.dataOffset % 32).toBe(0);
    expect(g.tensors.map((t) => [t.name, t.typeName, t.shape, t.offset, t.byteSize])).toEqual([
      ['a', 'F32', [32], 0, 128],
      ['q', 'Q8_0', [64], 128, 68],
    ]);
    expect(bytes.length).toBe(g.dataOffset + 128 + 96); // the last tensor is padded too
    expect(g.parameterCount).toBe(96);
    const chunks: Uint8Array[] = [];
    for await (const c of g.readTensorData('q', { chunkSize: 7 })) chunks.push(c);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(q));
    expect(
      Buffer.from(bytes.subarray(g.tensors[0].absoluteOffset, g.tensors[0].absoluteOffset + 128)),
    ).toEqual(Buffer.from(a));
  });

  it('honours general.alignment', async () => {
    const path = tmp.file('align.gguf');
    await writeGguf(path, {
      metadata: [kv.u32('general.alignment', 64)],
      tensors: [
        { name: 'x', type: GgmlType.F32, shape: [3], data: f32Tensor([1, 2, 3]) },
        { name: 'y', type: GgmlType.F32, shape: [1], data: f32Tensor([4]) },
      ],
    });
    const g = await openGguf(path);
    expect(g.alignment).toBe(64);
    expect(g.dataOffset % 64).toBe(0);
    expect(g.tensors[1].offset).toBe(64);
  });

  it('writes nothing when a tensor source gives the wrong number of bytes, and leaves no file', async () => {
    const path = tmp.file('bad.gguf');
    await expect(
      writeGguf(path, {
        metadata: [],
        tensors: [{ name: 'x', type: GgmlType.F32, shape: [4], data: new Uint8Array(12) }],
      }),
    ).rejects.toMatchObject({ code: 'GGUF_WRITE_TENSOR_SIZE' });
    expect(() => readFileSync(path)).toThrow();
  });

  it('streams tensors given as chunks of any size, and names the tensor whose source is short or long', async () => {
    const bytes = (n: number, seed: number) =>
      Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
    const chunked = (b: Uint8Array, sizes: number[]) =>
      async function* () {
        let at = 0;
        for (const n of sizes) {
          yield b.subarray(at, at + n);
          at += n;
        }
      };
    const a = bytes(64, 1);
    const b = bytes(16, 2);
    const c = bytes(40, 3);
    const path = tmp.file('chunked.gguf');
    await writeGguf(path, {
      metadata: [],
      tensors: [
        { name: 'a', type: GgmlType.F32, shape: [16], data: chunked(a, [1, 0, 30, 33]) },
        { name: 'b', type: GgmlType.F32, shape: [4], data: chunked(b, [16]) },
        { name: 'c', type: GgmlType.F32, shape: [10], data: chunked(c, [8, 8, 8, 8, 8]) },
      ],
    });
    const g = await openGguf(path);
    const file = readFileSync(path);
    for (const [i, want] of [a, b, c].entries()) {
      const at = g.dataOffset + g.tensors[i].offset;
      expect(new Uint8Array(file.subarray(at, at + want.length))).toEqual(want);
    }

    const short = writeGguf(tmp.file('short.gguf'), {
      metadata: [],
      tensors: [
        { name: 'a', type: GgmlType.F32, shape: [16], data: chunked(a, [64]) },
        { name: 'b', type: GgmlType.F32, shape: [4], data: chunked(b, [8]) },
        { name: 'c', type: GgmlType.F32, shape: [10], data: chunked(c, [40]) },
      ],
    });
    await expect(short).rejects.toMatchObject({
      code: 'GGUF_WRITE_TENSOR_SIZE',
      message: expect.stringMatching(/^tensor 'b' should have 16 bytes .* gave 8$/),
    });
    const long = writeGguf(tmp.file('long.gguf'), {
      metadata: [],
      tensors: [
        { name: 'c', type: GgmlType.F32, shape: [10], data: chunked(bytes(48, 0), [40, 8]) },
      ],
    });
    await expect(long).rejects.toMatchObject({
      message: expect.stringMatching(/^tensor 'c' should have 40 bytes .* gave more$/),
    });
    expect(readdirSync(tmp.dir).filter((n) => /^(short|long)\.gguf/.test(n))).toEqual([]);
  });

  it('rejects values that do not fit their declared type', () => {
    expect(() => encodeGgufHeader([kv.u8('k', 256)], [])).toThrow(/not a valid UINT8/);
    expect(() => encodeGgufHeader([kv.u32('k', 1.5)], [])).toThrow(/not a valid UINT32/);
    expect(() =>
      encodeGgufHeader([{ key: 'k', type: GgufValueType.STRING, value: 3 }], []),
    ).toThrow(/not a valid STRING/);
    expect(() => encodeGgufHeader([kv.string('k', 'a'), kv.string('k', 'b')], [])).toThrow(
      /listed twice/,
    );
    expect(() => encodeGgufHeader([], [{ name: 'x'.repeat(64), type: 0, shape: [1] }])).toThrow(
      /longer than 63 bytes/,
    );
    expect(() => encodeGgufHeader([], [{ name: 'x', type: GgmlType.Q4_K, shape: [100] }])).toThrow(
      /block size/,
    );
  });

  it('reads big-endian files (version in the high half, every number swapped)', async () => {
    const b = ggufStart(new Bytes(false), 3, 1, 3);
    b.str('general.architecture').u32(GgufValueType.STRING).str('llama');
    b.str('k.u32').u32(GgufValueType.UINT32).u32(0x01020304);
    b.str('k.arr')
      .u32(GgufValueType.ARRAY)
      .u32(GgufValueType.INT16)
      .u64(2)
      .raw([0x00, 0x05, 0xff, 0xfe]);
    b.str('t').u32(2).u64(4).u64(2).u32(GgmlType.F32).u64(0);
    b.pad(32);
    const data = new Bytes(false);
    for (let i = 0; i < 8; i++) data.f32(i);
    const path = tmp.file('be.gguf', Uint8Array.from([...b.build(), ...data.build()]));
    const g = await openGguf(path);
    expect(g.littleEndian).toBe(false);
    expect(g.version).toBe(3);
    expect(g.get('k.u32')).toBe(0x01020304);
    expect((g.get('k.arr') as GgufArray).toArray()).toEqual([5, -2]);
    expect(g.tensors[0]).toMatchObject({ name: 't', shape: [4, 2], byteSize: 32 });
  });

  it('writes big-endian files that read back the same', async () => {
    const path = tmp.file('be-written.gguf');
    const data = new Uint8Array(8);
    new DataView(data.buffer).setFloat32(0, 1.5, false);
    new DataView(data.buffer).setFloat32(4, -2, false);
    await writeGguf(
      path,
      { metadata: everyType, tensors: [{ name: 'w', type: GgmlType.F32, shape: [2], data }] },
      { bigEndian: true },
    );
    const g = await openGguf(path);
    expect(g.littleEndian).toBe(false);
    expect(g.get('t.u64')).toBe(2n ** 64n - 1n);
    expect((g.get('t.arr.f32') as GgufArray).toArray()).toEqual([0.25, -1.5]);
    expect((g.get('t.arr.str') as GgufArray).toArray()).toEqual([
      'a',
      '',
      'ü',
      '\ufeff',
      '\ufeffx',
    ]);
    expect(g.tensors[0]).toMatchObject({ name: 'w', shape: [2], byteSize: 8 });
  });

  it('reads version 1 files (32-bit counts and lengths, trailing NULs)', async () => {
    const b = ggufStart(new Bytes(), 1, 1, 2);
    b.str('general.architecture', 4).u32(GgufValueType.STRING).str('llama\0', 4);
    b.str('tokens', 4)
      .u32(GgufValueType.ARRAY)
      .u32(GgufValueType.STRING)
      .u32(2)
      .str('a\0', 4)
      .str('bc', 4);
    b.str('w', 4).u32(1).u32(8).u32(GgmlType.F32).u64(0);
    b.pad(32);
    b.raw(new Uint8Array(32));
    const g = await openGguf(tmp.file('v1.gguf', b.build()));
    expect(g.version).toBe(1);
    expect(g.architecture).toBe('llama');
    expect((g.get('tokens') as GgufArray).toArray()).toEqual(['a', 'bc']);
    expect(g.tensors[0]).toMatchObject({ name: 'w', shape: [8], byteSize: 32 });
  });

  it('reads version 2 files', async () => {
    const b = ggufStart(new Bytes(), 2, 0, 1);
    b.str('general.name').u32(GgufValueType.STRING).str('v2');
    const g = await openGguf(tmp.file('v2.gguf', b.build()));
    expect(g.version).toBe(2);
    expect(g.get('general.name')).toBe('v2');
    expect(g.dataOffset).toBe(b.length); // no padding without tensors, as llama.cpp writes it
  });

  it('copies a vocabulary from one file to another without decoding it', async () => {
    const src = tmp.file('src.gguf');
    const tokens = Array.from({ length: 1000 }, (_, i) => `tok${i}▁`);
    await writeGguf(src, {
      metadata: [kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, tokens)],
    });
    const g = await openGguf(src);
    const dst = tmp.file('dst.gguf');
    await writeGguf(dst, { metadata: [...g.metadata.values()] });
    expect(readFileSync(dst)).toEqual(readFileSync(src));
  });
});
