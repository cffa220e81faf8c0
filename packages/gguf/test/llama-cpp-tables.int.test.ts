// gguf's tables checked against the llama.cpp source the project provisions
// (node-llama-cpp's bundled release, checked out by llamaCppSource): ggml
// tensor types (`enum ggml_type` in ggml.h, names and block sizes from the
// `type_traits` table in ggml.c), file types (`enum llama_ftype` in llama.h,
// descriptions from `llama_ftype_name`), and GGUF's magic and default
// alignment (gguf.h). A new llama.cpp that adds or renumbers a type fails
// here instead of mislabelling files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_ALIGNMENT,
  FILE_TYPE_GUESSED,
  GGUF_MAGIC,
  ggmlTypeInfo,
  ggmlTypes,
  fileTypeTable,
} from '@mfc/gguf';
import { llamaCppSource } from '../../../scripts/fixtures/index.js';

let src: string;
const read = (path: string) => readFileSync(join(src, path), 'utf8');
beforeAll(async () => {
  src = (await llamaCppSource()).dir;
});

/** `PREFIXNAME = 12,` entries of a C enum body, skipping commented-out lines. */
function enumEntries(text: string, enumName: string, prefix: string): Map<string, number> {
  const body = new RegExp(`enum ${enumName} \\{([^}]*)\\}`).exec(text)?.[1];
  if (!body) throw new Error(`no enum ${enumName}`);
  const out = new Map<string, number>();
  for (const line of body.split('\n')) {
    const m = new RegExp(`^\\s*${prefix}(\\w+)\\s*=\\s*(\\d+)`).exec(line);
    if (m) out.set(m[1], Number(m[2]));
  }
  return out;
}

describe('ggml tensor types', () => {
  it('have the ids of enum ggml_type', () => {
    const theirs = enumEntries(read('ggml/include/ggml.h'), 'ggml_type', 'GGML_TYPE_');
    theirs.delete('COUNT');
    const ours = new Map(ggmlTypes.map((t) => [t.name, t.id as number]));
    expect(Object.fromEntries(ours)).toEqual(Object.fromEntries(theirs));
  });

  it("have type_traits' names and block sizes", () => {
    const ggmlC = read('ggml/src/ggml.c');
    const common = read('ggml/src/ggml-common.h');
    const macros = new Map(
      [...common.matchAll(/^#define (QK\w*) (\d+)/gm)].map((m) => [m[1], Number(m[2])]),
    );
    const traits = [...ggmlC.matchAll(/^\s*\[GGML_TYPE_(\w+)\]\s*=\s*\{([^}]*)\}/gm)]
      .map(([, name, body]) => [
        name,
        /\.type_name\s*=\s*"([^"]+)"/.exec(body)?.[1],
        /\.blck_size\s*=\s*(\w+)/.exec(body)?.[1],
      ])
      .filter((t): t is [string, string, string] => t[1] !== undefined && t[2] !== undefined);
    expect(traits.length).toBeGreaterThan(30);
    for (const [name, typeName, blck] of traits) {
      const id = enumEntries(read('ggml/include/ggml.h'), 'ggml_type', 'GGML_TYPE_').get(name);
      const info = id === undefined ? undefined : ggmlTypeInfo(id);
      const blockSize = /^\d+$/.test(blck) ? Number(blck) : macros.get(blck);
      expect({ name, typeName: typeName.toUpperCase(), blockSize }).toEqual({
        name,
        typeName: info?.name,
        blockSize: info?.blockSize,
      });
    }
  });
});

describe('file types', () => {
  it('have the ids and names of enum llama_ftype', () => {
    const theirs = enumEntries(read('include/llama.h'), 'llama_ftype', 'LLAMA_FTYPE_');
    expect(theirs.get('GUESSED')).toBe(FILE_TYPE_GUESSED);
    theirs.delete('GUESSED');
    const names = new Map([...theirs].map(([n, id]) => [n.replace(/^(ALL|MOSTLY)_/, ''), id]));
    expect(Object.fromEntries(fileTypeTable.map((t) => [t.name, t.id]))).toEqual(
      Object.fromEntries(names),
    );
  });

  it("have llama_ftype_name's descriptions", () => {
    const loader = read('src/llama-model-loader.cpp');
    const cases = [
      ...loader.matchAll(
        /case LLAMA_FTYPE_(?:ALL|MOSTLY)_(\w+):\s*name = LLAMA_FTYPE_PREFIX "([^"]+)"/g,
      ),
    ];
    expect(cases.length).toBe(fileTypeTable.length);
    const ours = Object.fromEntries(fileTypeTable.map((t) => [t.name, t.description]));
    expect(Object.fromEntries(cases.map(([, name, d]) => [name, d]))).toEqual(ours);
  });
});

describe('GGUF', () => {
  it("has gguf.h's magic and default alignment", () => {
    const h = read('ggml/include/gguf.h');
    expect(/#define GGUF_MAGIC\s+"(\w+)"/.exec(h)?.[1]).toBe(Buffer.from(GGUF_MAGIC).toString());
    expect(Number(/#define GGUF_DEFAULT_ALIGNMENT\s+(\d+)/.exec(h)?.[1])).toBe(DEFAULT_ALIGNMENT);
  });
});
