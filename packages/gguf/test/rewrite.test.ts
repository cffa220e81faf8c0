// rewriteGgufMetadata: a header change with the tensor data section copied as
// one byte range, so every tensor's bytes are unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GgmlType, kv, openGguf, rewriteGgufMetadata, writeGguf } from '@mfc/gguf';
import { tempDir } from './helpers.js';

const tmp = tempDir();
afterAll(() => tmp.cleanup());

function bytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + seed) & 0xff;
  return b;
}

describe('rewriteGgufMetadata', () => {
  for (const alignment of [32, 64]) {
    it(`replaces one key, keeps the rest and copies the tensor data verbatim (alignment ${alignment})`, async () => {
      const src = join(tmp.dir, `src-${alignment}.gguf`);
      const tensors = [
        { name: 'a', type: GgmlType.F32, shape: [3], data: bytes(12, 1) },
        { name: 'b', type: GgmlType.F16, shape: [5, 2], data: bytes(20, 2) },
        { name: 'c', type: GgmlType.F32, shape: [7], data: bytes(28, 3) },
      ];
      await writeGguf(src, {
        metadata: [
          kv.string('general.architecture', 'llama'),
          kv.u32('general.alignment', alignment),
          kv.string('tokenizer.chat_template', 'old'),
        ],
        tensors,
      });
      const dest = join(tmp.dir, `dest-${alignment}.gguf`);
      const long = '{% for m in messages %}' + 'x'.repeat(1000) + '{% endfor %}';
      const r = await rewriteGgufMetadata(src, dest, (entries) =>
        entries.map((e) => (e.key === 'tokenizer.chat_template' ? kv.string(e.key, long) : e)),
      );
      expect(r.dataCopiedVerbatim).toBe(true);
      const [a, b] = [await openGguf(src), await openGguf(dest)];
      expect(b.get('tokenizer.chat_template')).toBe(long);
      expect([...b.metadata.keys()]).toEqual([...a.metadata.keys()]);
      expect(b.alignment).toBe(alignment);
      expect(b.fileSize).toBe(r.size);
      const file = readFileSync(dest);
      for (const [i, t] of b.tensors.entries()) {
        expect(t.offset).toBe(a.tensors[i].offset);
        expect(Buffer.from(file.subarray(t.absoluteOffset, t.absoluteOffset + t.byteSize))).toEqual(
          Buffer.from(tensors[i].data),
        );
      }
    });
  }
});
