import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GGUF_MAGIC, fileGgufMagic, ggufMagicOf } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mfc-magic-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (s: string) => new TextEncoder().encode(s);

describe('the GGUF magic, checked in one place', () => {
  it('tells GGUF, its byte-swapped form and anything else apart', () => {
    expect(new TextDecoder().decode(GGUF_MAGIC)).toBe('GGUF');
    expect(ggufMagicOf(bytes('GGUF\x03\x00'))).toBe('gguf');
    expect(ggufMagicOf(bytes('FUGG'))).toBe('swapped');
    expect(ggufMagicOf(bytes('PK\x03\x04'))).toBeUndefined();
    expect(ggufMagicOf(bytes('GGU'))).toBeUndefined();
  });

  it('reads a file’s first four bytes only', async () => {
    writeFileSync(join(dir, 'a.bin'), bytes('GGUF and more'));
    writeFileSync(join(dir, 'short'), bytes('GG'));
    expect(await fileGgufMagic(join(dir, 'a.bin'))).toBe('gguf');
    expect(await fileGgufMagic(join(dir, 'short'))).toBeUndefined();
    await expect(fileGgufMagic(join(dir, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
