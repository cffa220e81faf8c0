// The quantize cache's bookkeeping on real files: entries shared with another
// file (a store blob) cost nothing, the limit evicts the least recently used
// of the others, list and clear.
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_CACHE_MAX,
  cacheMaxBytes,
  clearQuantizeCache,
  enforceCacheLimit,
  listQuantizeCache,
  parseByteSize,
  shareCacheEntry,
} from '../src/index.js';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mfc-qcache-'));
  dir = join(root, 'quantized');
  mkdirSync(dir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const key = (n: number) => n.toString(16).padStart(64, '0');

/** An entry of `size` bytes last used `age` seconds ago. */
async function entry(n: number, size: number, age: number, type = 'Q4_K_M') {
  const path = join(dir, `${key(n)}.gguf`);
  writeFileSync(path, Buffer.alloc(size, n));
  const meta = join(dir, `${key(n)}.json`);
  writeFileSync(meta, JSON.stringify({ type, input: '/models/in.gguf' }));
  const t = new Date(Date.now() - age * 1000);
  await utimes(meta, t, t);
  return path;
}

describe('the quantize cache', () => {
  it('parses MFC_CACHE_MAX sizes', () => {
    expect(parseByteSize('10G')).toBe(10 * 2 ** 30);
    expect(parseByteSize('10GiB')).toBe(10 * 2 ** 30);
    expect(parseByteSize('500 MB')).toBe(500 * 2 ** 20);
    expect(parseByteSize('1.5k')).toBe(1536);
    expect(parseByteSize('0')).toBe(0);
    expect(parseByteSize('12345')).toBe(12345);
    expect(parseByteSize('ten')).toBeUndefined();
    expect(cacheMaxBytes({})).toBe(DEFAULT_CACHE_MAX);
    expect(cacheMaxBytes({ MFC_CACHE_MAX: '2M' })).toBe(2 ** 21);
    expect(() => cacheMaxBytes({ MFC_CACHE_MAX: 'lots' })).toThrow(/MFC_CACHE_MAX is not a size/);
  });

  it('lists entries, least recently used first, with their type and whether the store shares them', async () => {
    await entry(1, 100, 30);
    const shared = await entry(2, 200, 60, 'Q8_0');
    linkSync(shared, join(root, 'blob'));
    const list = await listQuantizeCache(dir);
    expect(list.map((e) => [e.key, e.type, e.size, e.shared])).toEqual([
      [key(2), 'Q8_0', 200, true],
      [key(1), 'Q4_K_M', 100, false],
    ]);
    expect(await listQuantizeCache(join(root, 'none'))).toEqual([]);
  });

  it('evicts the least recently used unshared entries past the limit, never a shared one', async () => {
    const oldShared = await entry(1, 1000, 500);
    linkSync(oldShared, join(root, 'blob'));
    await entry(2, 300, 400);
    await entry(3, 300, 300);
    await entry(4, 300, 200);
    // Unshared: 900 bytes; the limit keeps 600.
    const evicted = await enforceCacheLimit(dir, 600);
    expect(evicted.map((e) => e.key)).toEqual([key(2)]);
    expect(existsSync(join(dir, `${key(2)}.gguf`))).toBe(false);
    expect(existsSync(join(dir, `${key(2)}.json`))).toBe(false);
    expect((await listQuantizeCache(dir)).map((e) => e.key)).toEqual([key(1), key(3), key(4)]);
    // A limit of 0 keeps only what the store shares.
    await enforceCacheLimit(dir, 0);
    expect((await listQuantizeCache(dir)).map((e) => e.key)).toEqual([key(1)]);
  });

  it('turns an entry into a hard link of a blob with the same bytes', async () => {
    const path = await entry(5, 64, 10);
    const blob = join(root, 'blob5');
    writeFileSync(blob, Buffer.alloc(64, 5));
    expect(await shareCacheEntry(path, blob)).toBe(true);
    expect(statSync(path).ino).toBe(statSync(blob).ino);
    expect(await shareCacheEntry(path, blob)).toBe(false); // already one file
    expect((await listQuantizeCache(dir))[0].shared).toBe(true);
  });

  it('clears everything, counting only the bytes it frees', async () => {
    const shared = await entry(6, 400, 10);
    linkSync(shared, join(root, 'blob6'));
    await entry(7, 100, 10);
    mkdirSync(join(dir, 'digests'));
    const r = await clearQuantizeCache(dir);
    expect(r.removed).toHaveLength(2);
    expect(r.bytes).toBe(100);
    expect(await listQuantizeCache(dir)).toEqual([]);
    expect(existsSync(join(dir, 'digests'))).toBe(false);
    expect(existsSync(join(root, 'blob6'))).toBe(true);
  });
});
