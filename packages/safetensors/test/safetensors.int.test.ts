import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isMfcError } from '@mfc/diagnostics';
import {
  openSafetensors,
  openSafetensorsModel,
  safetensorsTensorData,
  writeSafetensors,
} from '@mfc/safetensors';
import { startRangeServer } from '../../gguf/test/http-server.js';

const dir = mkdtempSync(join(tmpdir(), 'mfc-st-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

/** A safetensors file from a header object (or raw header text) and a data section. */
function file(header: unknown, data: Uint8Array = new Uint8Array(0), rawLength?: bigint): string {
  const json = new TextEncoder().encode(
    typeof header === 'string' ? header : JSON.stringify(header),
  );
  const prefix = new Uint8Array(8);
  new DataView(prefix.buffer).setBigUint64(0, rawLength ?? BigInt(json.length), true);
  const p = join(dir, `f${n++}.safetensors`);
  writeFileSync(p, Buffer.concat([prefix, json, data]));
  return p;
}

async function expectError(path: string, code: string, message?: RegExp, byteOffset?: number) {
  const err = await openSafetensors(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isMfcError(err), String(err)).toBe(true);
  if (!isMfcError(err)) return;
  expect(err.code).toBe(code);
  if (message) expect(err.message).toMatch(message);
  if (byteOffset !== undefined) expect(err.location.byteOffset).toBe(byteOffset);
  expect(err.location.file).toBe(path);
}

describe('safetensors reader', () => {
  it('reads what the writer writes: dtypes, shapes, offsets, metadata, parameter count', async () => {
    const p = join(dir, 'ok.safetensors');
    const a = new Uint8Array(2 * 3 * 2).map((_, i) => i);
    const b = new Uint8Array(4 * 4).map((_, i) => 100 + i);
    await writeSafetensors(
      p,
      [
        { name: 'a', dtype: 'BF16', shape: [2, 3], data: a },
        { name: 'b.weight', dtype: 'F32', shape: [4], data: b },
        { name: 'empty', dtype: 'I64', shape: [0, 5], data: new Uint8Array(0) },
      ],
      { format: 'pt' },
    );
    const f = await openSafetensors(p);
    expect(f.metadata).toEqual({ format: 'pt' });
    expect(f.dataOffset % 8).toBe(0);
    expect(f.tensors.map((t) => [t.name, t.dtype, t.shape, t.dataOffsets, t.elementCount])).toEqual(
      [
        ['a', 'BF16', [2, 3], [0, 12], 6],
        ['b.weight', 'F32', [4], [12, 28], 4],
        ['empty', 'I64', [0, 5], [28, 28], 0],
      ],
    );
    expect(f.parameterCount).toBe(10);
    const bytes = readFileSync(p);
    expect(bytes.subarray(f.tensors[1].absoluteOffset, f.tensors[1].absoluteOffset + 16)).toEqual(
      Buffer.from(b),
    );
    const chunks: Uint8Array[] = [];
    for await (const c of safetensorsTensorData({ ...f.tensors[0], file: p }, { chunkSize: 5 }))
      chunks.push(c);
    expect(Buffer.concat(chunks)).toEqual(Buffer.from(a));
  });

  it('rejects hostile headers with the problem and its offset', async () => {
    await expectError(
      join(dir, 'tiny') + (writeFileSync(join(dir, 'tiny'), 'abc'), ''),
      'SAFETENSORS_TRUNCATED',
      /8-byte header length/,
      0,
    );
    await expectError(
      file({}, new Uint8Array(0), 2n ** 62n),
      'SAFETENSORS_TRUNCATED',
      /runs past the end/,
      0,
    );
    await expectError(file('[1,2]'), 'SAFETENSORS_BAD_HEADER', /JSON object/);
    await expectError(file('{"a": '), 'SAFETENSORS_BAD_JSON', /not valid JSON/);
    await expectError(
      file(new TextDecoder('latin1').decode(Uint8Array.from([0x7b, 0xff, 0x7d]))),
      'SAFETENSORS_BAD_JSON',
    );
    await expectError(
      file({ a: { dtype: 'F17', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      'SAFETENSORS_BAD_TENSOR',
      /unknown dtype "F17"/,
    );
    await expectError(
      file({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      'SAFETENSORS_BAD_TENSOR',
      /invalid shape/,
    );
    await expectError(
      file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(8)),
      'SAFETENSORS_BAD_TENSOR',
      /needs 8/,
    );
    await expectError(
      file({ a: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 4] } }),
      'SAFETENSORS_BAD_TENSOR',
    );
    await expectError(
      file({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)),
      'SAFETENSORS_OUT_OF_BOUNDS',
      /past the end/,
    );
    await expectError(
      file(
        {
          a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
          b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
        },
        new Uint8Array(12),
      ),
      'SAFETENSORS_OVERLAP',
      /'a' and 'b' overlap/,
    );
    await expectError(
      file({ __metadata__: { x: 1 } }),
      'SAFETENSORS_BAD_HEADER',
      /__metadata__\.x/,
    );
  });

  it('refuses a header over the size limit without reading it', async () => {
    const p = file({ __metadata__: { pad: 'x'.repeat(1000) } });
    const err = await openSafetensors(p, { maxHeaderBytes: 100 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'SAFETENSORS_HEADER_TOO_LARGE' });
  });

  it('survives random mutations of a valid file', async () => {
    const p = join(dir, 'base.safetensors');
    await writeSafetensors(p, [
      { name: 'x', dtype: 'F16', shape: [4, 2], data: new Uint8Array(16) },
      { name: 'y', dtype: 'U8', shape: [3], data: new Uint8Array(3) },
    ]);
    const base = readFileSync(p);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(),
        async (flips, cut) => {
          const b = Uint8Array.from(base);
          for (const [at, v] of flips) b[at % b.length] = v;
          const path = join(dir, 'mut.safetensors');
          writeFileSync(path, b.subarray(0, cut % 3 === 0 ? cut % b.length : b.length));
          try {
            const f = await openSafetensors(path);
            for (const t of f.tensors)
              expect(t.absoluteOffset + t.byteSize).toBeLessThanOrEqual(f.fileSize);
          } catch (err) {
            if (!isMfcError(err)) throw err;
            expect(err.code).toMatch(/^SAFETENSORS_[A-Z0-9_]+$/);
          }
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });
});

describe('remote safetensors', () => {
  it('reads the header of a URL with range requests', async () => {
    const p = join(dir, 'remote.safetensors');
    await writeSafetensors(p, [
      { name: 'w', dtype: 'F32', shape: [1024, 256], data: new Uint8Array(1024 * 1024) },
    ]);
    const server = await startRangeServer({ 'remote.safetensors': p });
    try {
      const m = await openSafetensorsModel(server.url('remote.safetensors'));
      expect(m.tensors).toMatchObject([{ name: 'w', dtype: 'F32', shape: [1024, 256] }]);
      expect(m.parameterCount).toBe(262144);
      const chunks: Uint8Array[] = [];
      for await (const c of safetensorsTensorData(m.tensors[0], { chunkSize: 300_000 }))
        chunks.push(c);
      expect(Buffer.concat(chunks).length).toBe(1024 * 1024);
    } finally {
      await server.close();
    }
  });
});

describe('sharded safetensors', () => {
  it('reads shards through the index and checks them', async () => {
    const d = mkdtempSync(join(dir, 'sharded-'));
    await writeSafetensors(join(d, 'model-00001-of-00002.safetensors'), [
      { name: 'a', dtype: 'F32', shape: [2], data: new Uint8Array(8) },
    ]);
    await writeSafetensors(join(d, 'model-00002-of-00002.safetensors'), [
      { name: 'b', dtype: 'F32', shape: [3], data: new Uint8Array(12) },
    ]);
    const index = {
      metadata: { total_size: 20 },
      weight_map: { a: 'model-00001-of-00002.safetensors', b: 'model-00002-of-00002.safetensors' },
    };
    writeFileSync(join(d, 'model.safetensors.index.json'), JSON.stringify(index));
    const m = await openSafetensorsModel(d);
    expect(m.files.map((f) => f.split('/').pop())).toEqual([
      'model-00001-of-00002.safetensors',
      'model-00002-of-00002.safetensors',
    ]);
    expect(m.parameterCount).toBe(5);
    expect(m.metadata.total_size).toBe('20');
    expect(m.tensors.map((t) => [t.name, t.file.split('/').pop()])).toEqual([
      ['a', 'model-00001-of-00002.safetensors'],
      ['b', 'model-00002-of-00002.safetensors'],
    ]);

    writeFileSync(
      join(d, 'model.safetensors.index.json'),
      JSON.stringify({
        weight_map: { ...index.weight_map, c: 'model-00002-of-00002.safetensors' },
      }),
    );
    await expect(openSafetensorsModel(d)).rejects.toMatchObject({
      code: 'SAFETENSORS_INDEX_MISMATCH',
      message: expect.stringContaining("'c'"),
    });
    writeFileSync(
      join(d, 'model.safetensors.index.json'),
      JSON.stringify({ weight_map: { a: '../../etc/passwd' } }),
    );
    await expect(openSafetensorsModel(d)).rejects.toMatchObject({ code: 'SAFETENSORS_BAD_INDEX' });
    writeFileSync(join(d, 'model.safetensors.index.json'), '{"weight_map": ');
    await expect(openSafetensorsModel(d)).rejects.toMatchObject({ code: 'SAFETENSORS_BAD_INDEX' });
    writeFileSync(
      join(d, 'model.safetensors.index.json'),
      JSON.stringify({ weight_map: { a: 'gone.safetensors' } }),
    );
    await expect(openSafetensorsModel(d)).rejects.toMatchObject({
      code: 'SAFETENSORS_SHARD_MISSING',
      message: expect.stringContaining('gone.safetensors'),
    });
  });
});
