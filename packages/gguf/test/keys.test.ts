// GGUF's constants and typed metadata accessors on the generated tiny model.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  GgufArchKey,
  GgufKey,
  archKey,
  arrayKv,
  numberKv,
  openGguf,
  stringKv,
  type GgufFile,
} from '@mfc/gguf';
import { ensureFixtures } from '../../../scripts/fixtures/index.js';

let g: GgufFile;
beforeAll(async () => {
  g = await openGguf((await ensureFixtures()).tinyLlama.f16);
});

describe('GGUF keys and accessors', () => {
  it('read typed values by key', () => {
    expect(stringKv(g, GgufKey.architecture)).toBe('llama');
    expect(numberKv(g, GgufKey.fileType)).toBe(1);
    expect(numberKv(g, archKey('llama', GgufArchKey.contextLength))).toBe(512);
    expect(arrayKv(g, GgufKey.tokens)?.length).toBe(32000);
  });

  it('return undefined for a missing key or another type', () => {
    expect(stringKv(g, GgufKey.fileType)).toBeUndefined();
    expect(numberKv(g, GgufKey.architecture)).toBeUndefined();
    expect(arrayKv(g, 'no.such.key')).toBeUndefined();
  });
});
