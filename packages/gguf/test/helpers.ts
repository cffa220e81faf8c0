// Test helpers: a hand-rolled byte builder for crafting GGUF files (valid,
// old-version, big-endian and hostile ones) independently of our writer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class Bytes {
  private out: number[] = [];

  constructor(private readonly le = true) {}

  get length(): number {
    return this.out.length;
  }

  raw(bytes: ArrayLike<number>): this {
    for (let i = 0; i < bytes.length; i++) this.out.push(bytes[i]);
    return this;
  }

  private num(size: number, set: (v: DataView) => void): this {
    const v = new DataView(new ArrayBuffer(size));
    set(v);
    return this.raw(new Uint8Array(v.buffer));
  }

  u8(n: number): this {
    return this.raw([n & 0xff]);
  }
  u16(n: number): this {
    return this.num(2, (v) => v.setUint16(0, n, this.le));
  }
  u32(n: number): this {
    return this.num(4, (v) => v.setUint32(0, n, this.le));
  }
  i32(n: number): this {
    return this.num(4, (v) => v.setInt32(0, n, this.le));
  }
  u64(n: number | bigint): this {
    return this.num(8, (v) => v.setBigUint64(0, BigInt(n), this.le));
  }
  i64(n: number | bigint): this {
    return this.num(8, (v) => v.setBigInt64(0, BigInt(n), this.le));
  }
  f32(n: number): this {
    return this.num(4, (v) => v.setFloat32(0, n, this.le));
  }
  f64(n: number): this {
    return this.num(8, (v) => v.setFloat64(0, n, this.le));
  }
  /** A GGUF string; `lengthSize` 4 for version 1 files. */
  str(s: string | Uint8Array, lengthSize: 4 | 8 = 8): this {
    const b = typeof s === 'string' ? new TextEncoder().encode(s) : s;
    if (lengthSize === 4) this.u32(b.length);
    else this.u64(b.length);
    return this.raw(b);
  }
  pad(alignment: number): this {
    while (this.out.length % alignment !== 0) this.out.push(0);
    return this;
  }
  build(): Uint8Array {
    return Uint8Array.from(this.out);
  }
}

/** A GGUF header start: magic, version, tensor count, KV count. */
export function ggufStart(
  b: Bytes,
  version: number,
  tensors: number | bigint,
  kvs: number | bigint,
): Bytes {
  b.raw([0x47, 0x47, 0x55, 0x46]).u32(version);
  if (version === 1) return b.u32(Number(tensors)).u32(Number(kvs));
  return b.u64(tensors).u64(kvs);
}

/** A temporary folder, removed by the returned cleanup function. */
export function tempDir(prefix = 'mfc-gguf-'): {
  dir: string;
  file: (name: string, data?: Uint8Array | string) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, data) => {
      const p = join(dir, name);
      if (data !== undefined) writeFileSync(p, data);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
