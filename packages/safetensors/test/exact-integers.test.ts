// Integers beyond 2^53 in a safetensors header are shown exactly in errors:
// JSON.parse alone would print 2^61 as 2305843009213694000.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSafetensors } from '@mfc/safetensors';
import { parseJsonExact, stringifyExact } from '../src/exact-json.js';

const dir = mkdtempSync(join(tmpdir(), 'mfc-st-exact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, header: string, data = 0): string {
  const json = Buffer.from(header, 'utf8');
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([size, json, Buffer.alloc(data)]));
  return path;
}

async function message(path: string): Promise<string> {
  return openSafetensors(path).then(
    () => 'no error',
    (e: Error) => e.message,
  );
}

describe('exact integers in safetensors headers', () => {
  it('a shape beyond 2^53', async () => {
    const path = file(
      'shape.safetensors',
      '{"w":{"dtype":"F32","shape":[2305843009213693953],"data_offsets":[0,4]}}',
      4,
    );
    expect(await message(path)).toBe("tensor 'w': invalid shape [2305843009213693953]");
  });

  it('data offsets beyond 2^53', async () => {
    const path = file(
      'offsets.safetensors',
      '{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,9007199254740993]}}',
      4,
    );
    expect(await message(path)).toBe("tensor 'w': invalid data_offsets [0,9007199254740993]");
  });

  it('a size product beyond 2^53', async () => {
    const path = file(
      'product.safetensors',
      '{"w":{"dtype":"F32","shape":[4294967296,4294967297],"data_offsets":[0,4]}}',
      4,
    );
    expect(await message(path)).toMatch(/needs 73786976312018075648$/);
  });

  it('the exact parser keeps strings and safe numbers as JSON.parse does', () => {
    const text =
      '{"a":"9007199254740993 \\" [1]","b":[1,-2.5e3,9007199254740993,-9007199254740993]}';
    expect(parseJsonExact(text)).toEqual({
      a: '9007199254740993 " [1]',
      b: [1, -2500, 9007199254740993n, -9007199254740993n],
    });
    expect(stringifyExact([9007199254740993n, 'x'])).toBe('[9007199254740993,"x"]');
    expect(stringifyExact(undefined)).toBe('undefined');
  });
});
