import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import {
  AtomicFile,
  pendingCleanup,
  DigestMemo,
  acquireLock,
  copyFileAtomic,
  fileSha256,
  isStaleOwner,
  isTempFileName,
  processStartTime,
  tempFileOwner,
  thisHost,
  withAtomicFile,
  withLock,
  withTempPath,
  writeFileAtomic,
  writeFileAtomicSync,
  writeStreamAtomic,
  type LockOwner,
} from '../src/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-safefs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function* failingAfter(chunks: string[]): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield Buffer.from(c);
  throw new Error('source broke midway');
}

describe('atomic writes', () => {
  it('writes bytes and strings whole, leaving only the target', async () => {
    const f = join(dir, 'sub', 'out.txt');
    await writeFileAtomic(f, 'hello');
    expect(readFileSync(f, 'utf8')).toBe('hello');
    await writeFileAtomic(f, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(f)]).toEqual([1, 2, 3]);
    expect(readdirSync(dirname(f))).toEqual(['out.txt']);
    expect(pendingCleanup().filter((p) => p.startsWith(dir))).toEqual([]);
  });

  it('writes synchronously too', () => {
    const f = join(dir, 'conf', 'config.json');
    writeFileAtomicSync(f, '{"auths":{}}', { mode: 0o600 });
    expect(readFileSync(f, 'utf8')).toBe('{"auths":{}}');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(f))).toEqual(['config.json']);
    expect(pendingCleanup().filter((p) => p.startsWith(dir))).toEqual([]);
  });

  it('a stream that fails midway leaves no temp file and the old target unchanged', async () => {
    const f = join(dir, 'model.bin');
    writeFileSync(f, 'old contents');
    await expect(writeStreamAtomic(f, failingAfter(['new ', 'half']))).rejects.toThrow(
      /source broke midway/,
    );
    expect(readFileSync(f, 'utf8')).toBe('old contents');
    expect(readdirSync(dir)).toEqual(['model.bin']);
    expect(pendingCleanup().filter((p) => p.startsWith(dir))).toEqual([]);
    // A Node stream that errors, into a target that did not exist: still nothing.
    const g = join(dir, 'new.bin');
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(1 << 16, 7));
        this.destroy(new Error('read failed'));
      },
    });
    await expect(writeStreamAtomic(g, broken)).rejects.toThrow(/read failed/);
    expect(readdirSync(dir)).toEqual(['model.bin']);
  });

  it('streams chunks and reports their sizes', async () => {
    const f = join(dir, 's.bin');
    const seen: number[] = [];
    const n = await writeStreamAtomic(f, Readable.from([Buffer.alloc(10), Buffer.alloc(5)]), {
      onChunk: (b) => seen.push(b),
    });
    expect(n).toBe(15);
    expect(seen).toEqual([10, 5]);
    expect(statSync(f).size).toBe(15);
  });

  it('gives a write stream for producers that pipe into a Writable', async () => {
    const f = join(dir, 'a.tar');
    await withAtomicFile(f, async (file) => {
      await pipeline(
        Readable.from([Buffer.from('tar'), Buffer.from('ball')]),
        file.createWriteStream(),
      );
    });
    expect(readFileSync(f, 'utf8')).toBe('tarball');
    expect(readdirSync(dir)).toEqual(['a.tar']);
  });

  it('names the temp file by one scheme, registers it for cleanup until the rename', async () => {
    const f = join(dir, 'Modelfile');
    const file = await AtomicFile.open(f);
    const name = basename(file.tempPath);
    expect(dirname(file.tempPath)).toBe(dir);
    expect(name.startsWith('.Modelfile.')).toBe(true);
    expect(isTempFileName(name)).toBe(true);
    expect(tempFileOwner(name)).toBe(process.pid);
    expect(pendingCleanup()).toContain(file.tempPath);
    await file.write('FROM x\n');
    expect(existsSync(f)).toBe(false); // not before the commit
    await file.commit();
    expect(readFileSync(f, 'utf8')).toBe('FROM x\n');
    expect(existsSync(file.tempPath)).toBe(false);
    expect(pendingCleanup().filter((p) => p.startsWith(dir))).toEqual([]);
  });

  it('puts the temp file in tmpDir when asked (the store keeps partials where prune finds them)', async () => {
    const tmp = join(dir, 'tmp');
    const f = join(dir, 'blobs', 'sha256-aa');
    const file = await AtomicFile.open(f, { tmpDir: tmp });
    expect(dirname(file.tempPath)).toBe(tmp);
    expect(tempFileOwner(basename(file.tempPath))).toBe(process.pid);
    await file.abort();
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(f)).toBe(false);
    expect(pendingCleanup().filter((p) => p.startsWith(dir))).toEqual([]);
  });

  it('keeps the mode of the file it replaces, or sets the given one', async () => {
    const f = join(dir, 'script.sh');
    writeFileSync(f, 'old');
    chmodSync(f, 0o755);
    await writeFileAtomic(f, 'new', { keepMode: true });
    expect(statSync(f).mode & 0o777).toBe(0o755);
    const secret = join(dir, 'config.json');
    await writeFileAtomic(secret, '{}', { mode: 0o600 });
    expect(statSync(secret).mode & 0o777).toBe(0o600);
  });

  it('copies a file atomically', async () => {
    const src = join(dir, 'a.bin');
    writeFileSync(src, Buffer.alloc(100_000, 3));
    const dest = join(dir, 'out', 'b.bin');
    await copyFileAtomic(src, dest);
    expect(readFileSync(dest).equals(readFileSync(src))).toBe(true);
    expect(readdirSync(dirname(dest))).toEqual(['b.bin']);
  });

  it('withTempPath removes what a failed writer left, files and folders alike', async () => {
    const target = join(dir, 'unpacked');
    await expect(
      withTempPath(target, async (tmp) => {
        writeFileSync(tmp + '-not-mine', 'x'); // unrelated: stays
        const { mkdirSync } = await import('node:fs');
        mkdirSync(join(tmp, 'deep'), { recursive: true });
        writeFileSync(join(tmp, 'deep', 'f'), 'half');
        throw new Error('tool failed');
      }),
    ).rejects.toThrow(/tool failed/);
    expect(readdirSync(dir).filter((n) => isTempFileName(n))).toEqual([]);
    expect(existsSync(target)).toBe(false);
    const ok = await withTempPath(target, async (tmp) => {
      writeFileSync(tmp, 'done');
      return 42;
    });
    expect(ok).toBe(42);
    expect(readFileSync(target, 'utf8')).toBe('done');
  });
});

describe('lock', () => {
  const owner = (o: Partial<LockOwner>): LockOwner => ({
    pid: process.pid,
    host: thisHost,
    purpose: 'testing',
    since: new Date().toISOString(),
    ...o,
  });

  it('takes over the lock of a dead process', async () => {
    const lock = join(dir, 'a.lock');
    writeFileSync(lock, JSON.stringify(owner({ pid: 999_999_999, purpose: 'a dead build' })));
    expect(isStaleOwner(owner({ pid: 999_999_999 }))).toBe(true);
    const held = await acquireLock(lock, 'mine', { timeoutMs: 0 });
    expect(JSON.parse(readFileSync(lock, 'utf8'))).toMatchObject({
      pid: process.pid,
      purpose: 'mine',
    });
    await held.release();
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over a lock whose pid now belongs to another process (start time differs)', async () => {
    const start = processStartTime(process.pid);
    if (start === undefined) return; // no /proc: the pid alone decides
    expect(isStaleOwner(owner({ start }))).toBe(false);
    expect(isStaleOwner(owner({ start: String(Number(start) + 1) }))).toBe(true);
    const lock = join(dir, 'reused.lock');
    writeFileSync(lock, JSON.stringify(owner({ start: '1' })));
    const held = await acquireLock(lock, 'mine', { timeoutMs: 0 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).start).toBe(start);
    await held.release();
  });

  it('never takes over a live holder; says who holds it', async () => {
    const lock = join(dir, 'b.lock');
    const held = await acquireLock(lock, 'building x');
    const old = new Date(Date.now() - 24 * 3600_000);
    utimesSync(lock, old, old); // however old: a live owner keeps it
    await expect(acquireLock(lock, 'second', { timeoutMs: 0 })).rejects.toMatchObject({
      code: 'LOCK_TIMEOUT',
      message: expect.stringMatching(/building x is in progress/),
    });
    await held.release();
  });

  it('takes over an unreadable lock only after a grace period; a leftover lock folder too', async () => {
    const lock = join(dir, 'c.lock');
    writeFileSync(lock, '');
    await expect(acquireLock(lock, 'x', { timeoutMs: 0 })).rejects.toThrow(/timed out/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    await (await acquireLock(lock, 'x', { timeoutMs: 0 })).release();
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'd.lock'));
    writeFileSync(join(dir, 'd.lock', 'owner.json'), '{}');
    utimesSync(join(dir, 'd.lock'), old, old);
    await (await acquireLock(join(dir, 'd.lock'), 'x', { timeoutMs: 0 })).release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('serialises holders in one process', async () => {
    const events: string[] = [];
    const hold = (id: string) =>
      withLock(
        join(dir, 'e.lock'),
        id,
        async () => {
          events.push(`${id}+`);
          await new Promise((r) => setTimeout(r, 20));
          events.push(`${id}-`);
        },
        { pollMs: 5 },
      );
    await Promise.all([hold('a'), hold('b'), hold('c')]);
    for (let i = 0; i < events.length; i += 2) expect(events[i][0]).toBe(events[i + 1][0]);
    expect(events).toHaveLength(6);
  });
});

describe('digest memo', () => {
  it('remembers a digest until size, mtime or ctime change', async () => {
    const memo = new DigestMemo(join(dir, 'memo'));
    const f = join(dir, 'w.bin');
    writeFileSync(f, 'weights');
    let hashed = 0;
    const hash = async (p: string) => {
      hashed++;
      return fileSha256(p);
    };
    const first = await memo.digest(f, hash);
    expect(first).toBe(
      'sha256:' +
        (await import('node:crypto')).createHash('sha256').update('weights').digest('hex'),
    );
    expect(await memo.digest(f, hash)).toBe(first);
    expect(hashed).toBe(1);

    // mtime
    const t = new Date(Date.now() - 3600_000);
    utimesSync(f, t, t);
    await memo.digest(f, hash);
    expect(hashed).toBe(2);

    // ctime only: chmod changes neither size nor mtime
    const before = statSync(f, { bigint: true });
    chmodSync(f, 0o600);
    await new Promise((r) => setTimeout(r, 5));
    const after = statSync(f, { bigint: true });
    expect(after.mtimeNs).toBe(before.mtimeNs);
    if (after.ctimeNs !== before.ctimeNs) {
      expect(await memo.get(after)).toBeUndefined();
      await memo.digest(f, hash);
      expect(hashed).toBe(3);
    }

    // size, with the mtime put back as it was: ctime and size still tell
    const h = hashed;
    const st = statSync(f);
    appendFileSync(f, '!');
    utimesSync(f, st.atime, st.mtime);
    const changed = await memo.digest(f, hash);
    expect(hashed).toBe(h + 1);
    expect(changed).not.toBe(first);
    expect(await memo.digest(f, hash)).toBe(changed);
    expect(hashed).toBe(h + 1);
  });

  it('ignores a corrupt entry', async () => {
    const memo = new DigestMemo(join(dir, 'memo'));
    const f = join(dir, 'x');
    writeFileSync(f, 'x');
    const st = statSync(f, { bigint: true });
    await memo.set(st, 'sha256:abc');
    expect(await memo.get(st)).toBe('sha256:abc');
    writeFileSync(join(dir, 'memo', `${st.dev}-${st.ino}.json`), '{not json');
    expect(await memo.get(st)).toBeUndefined();
  });
});
