import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MediaType,
  Store,
  acquireLock,
  encodeConfig,
  openStore,
  parseModelName,
  sha256Digest,
  type Layer,
} from '../src/index.js';

let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-store-'));
  store = await openStore(join(dir, 'models'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function fileWith(name: string, content: string | Buffer): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

async function putModel(name: string, text: string): Promise<{ config: Layer; layer: Layer }> {
  const b = await store.blobs.writeBytes(text);
  const layer: Layer = { mediaType: MediaType.system, digest: b.digest, size: b.size };
  const c = await store.blobs.writeBytes(
    encodeConfig({
      model_format: 'gguf',
      model_family: 'x',
      model_families: ['x'],
      model_type: '0',
      file_type: 'unknown',
    }),
  );
  const config: Layer = { mediaType: MediaType.config, digest: c.digest, size: c.size };
  await store.writeManifest(parseModelName(name), config, [layer]);
  return { config, layer };
}

describe('blob ingest', () => {
  it('copies a file once, hashing while copying, and never again', async () => {
    const content = Buffer.alloc(20 * 1024 * 1024 + 123, 7);
    const src = await fileWith('model.gguf', content);
    const events: string[] = [];
    const first = await store.blobs.ingestFile(src, { onProgress: (p) => events.push(p.phase) });
    expect(first.action).toBe('copied');
    expect(first.digest).toBe(sha256Digest(content));
    expect(first.size).toBe(content.length);
    expect(events).toContain('copying');
    expect(readFileSync(store.blobs.path(first.digest)).equals(content)).toBe(true);
    expect(statSync(store.blobs.path(first.digest)).ino).not.toBe(statSync(src).ino);

    const progress: string[] = [];
    const second = await store.blobs.ingestFile(src, { onProgress: (p) => progress.push(p.phase) });
    expect(second).toEqual({ digest: first.digest, size: content.length, action: 'existing' });
    expect(progress).toEqual([]); // known from the digest cache: not even read
    expect(readdirSync(store.layout.tmpDir)).toEqual([]);
  });

  it('hard-links with link: true and re-hashes a changed file', async () => {
    const src = await fileWith('a.gguf', 'hello link');
    const r = await store.blobs.ingestFile(src, { link: true });
    expect(r.action).toBe('linked');
    expect(statSync(store.blobs.path(r.digest)).ino).toBe(statSync(src).ino);
    writeFileSync(join(dir, 'b.gguf'), 'other content');
    const r2 = await store.blobs.ingestFile(join(dir, 'b.gguf'), { link: true });
    expect(r2.digest).toBe(sha256Digest('other content'));
  });

  it('checks an expected digest', async () => {
    const src = await fileWith('x.bin', 'abc');
    await expect(
      store.blobs.ingestFile(src, { expectedDigest: sha256Digest('abd') }),
    ).rejects.toThrow(/digest mismatch/);
    expect(readdirSync(store.layout.blobsDir)).toEqual([]);
  });

  it('refuses a folder with the NOT_A_FILE every command uses (it was STORE_NOT_A_FILE)', async () => {
    await mkdir(join(dir, 'folder'));
    await expect(store.blobs.ingestFile(join(dir, 'folder'))).rejects.toMatchObject({
      code: 'NOT_A_FILE',
      message: 'this is a folder, not a regular file',
      location: { file: join(dir, 'folder') },
    });
  });

  it('verifies a blob path given as the source instead of copying it', async () => {
    const { digest } = await store.blobs.writeBytes('blob text');
    const r = await store.blobs.ingestFile(store.blobs.path(digest));
    expect(r.action).toBe('existing');
    // Same size, other bytes: the change of ctime invalidates the cache and the check catches it.
    writeFileSync(store.blobs.path(digest), 'tampered!');
    await expect(store.blobs.ingestFile(store.blobs.path(digest))).rejects.toThrow(/has digest/);
  });
});

describe('models', () => {
  it('lists, copies and removes models, deleting only unreferenced blobs', async () => {
    const a = await putModel('alpha', 'system A');
    await putModel('beta:v1', 'system B');
    const listed = await store.list();
    expect(listed.map((m) => m.shortName)).toEqual(['alpha:latest', 'beta:v1']);
    expect(listed[0].digest).toBe(sha256Digest(readFileSync(listed[0].manifestPath)));
    expect(listed[0].size).toBe(a.config.size + a.layer.size);

    const copied = await store.copy('ALPHA', 'gamma');
    expect(readFileSync(store.layout.manifestPath(copied.to), 'utf8')).toBe(
      readFileSync(listed[0].manifestPath, 'utf8'),
    );

    const removed = await store.remove('alpha');
    expect(removed.removedBlobs).toEqual([]); // gamma still uses them
    expect(existsSync(store.blobs.path(a.layer.digest))).toBe(true);
    const removed2 = await store.remove('gamma:latest');
    expect(removed2.removedBlobs).toContain(a.layer.digest);
    expect(existsSync(store.blobs.path(a.layer.digest))).toBe(false);
    expect(existsSync(join(store.layout.manifestsDir, 'registry.ollama.ai/library/alpha'))).toBe(
      false,
    );
    await expect(store.find('alpha')).rejects.toThrow(/model 'alpha:latest' not found/);
  });

  it('reuses the spelling of an existing name', async () => {
    await putModel('MyModel:Q4', 'x');
    expect(await store.spellingFor(parseModelName('mymodel:q4'))).toEqual(
      parseModelName('MyModel:Q4'),
    );
    expect((await store.find('MYMODEL:q4')).shortName).toBe('MyModel:Q4');
  });

  it('prunes unreferenced blobs, with a dry run first', async () => {
    await putModel('keep', 'kept');
    const orphan = await store.blobs.writeBytes('orphan');
    const dry = await store.prune({ dryRun: true });
    expect(dry.removed).toEqual([{ digest: orphan.digest, size: orphan.size }]);
    expect(existsSync(store.blobs.path(orphan.digest))).toBe(true);
    const real = await store.prune();
    expect(real.bytes).toBe(orphan.size);
    expect(existsSync(store.blobs.path(orphan.digest))).toBe(false);
    expect((await store.list()).length).toBe(1);
  });

  it('refuses to write a manifest that names a missing blob', async () => {
    const config: Layer = { mediaType: MediaType.config, digest: sha256Digest('nothing'), size: 7 };
    await expect(store.writeManifest(parseModelName('x'), config, [])).rejects.toThrow(/missing/);
    expect(await store.names()).toEqual([]);
  });

  it('cleans partial files of dead processes', async () => {
    await mkdir(store.layout.tmpDir, { recursive: true });
    writeFileSync(join(store.layout.tmpDir, '999999999-abc.partial'), 'half');
    const r = await store.prune();
    expect(r.partials).toEqual(['999999999-abc.partial']);
  });
});

describe('locks between processes', () => {
  const tsx = ['--import', 'tsx'];
  const holder = join(__dirname, 'lock-holder.ts');

  function startHolder(lock: string, holdMs: number, log: string) {
    const child = spawn(process.execPath, [...tsx, holder, lock, String(holdMs), log], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const locked = new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    return { child, locked, exited };
  }

  it('serialises two processes and takes over the lock of a killed one', async () => {
    const lock = join(dir, 'locks', 'x.lock');
    const log = join(dir, 'log');
    writeFileSync(log, '');
    const a = startHolder(lock, 600, log);
    await a.locked;
    const b = startHolder(lock, 10, log);
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
    const lines = readFileSync(log, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ')[0])).toEqual(['start', 'end', 'start', 'end']);
    expect(lines[0].split(' ')[1]).toBe(lines[1].split(' ')[1]);

    const c = startHolder(lock, 60_000, log);
    await c.locked;
    c.child.kill('SIGKILL');
    await c.exited;
    expect(existsSync(lock)).toBe(true); // left behind by the dead process
    const mine = await acquireLock(lock, 'test', { timeoutMs: 5000 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await mine.release();
    expect(existsSync(lock)).toBe(false);
  }, 60_000);

  it('takes over an empty lock file (owner died before writing it) after a grace period', async () => {
    const lock = join(dir, 'empty.lock');
    writeFileSync(lock, '');
    await expect(acquireLock(lock, 'x', { timeoutMs: 0 })).rejects.toThrow(/locked/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    const held = await acquireLock(lock, 'x', { timeoutMs: 0 });
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await held.release();
  });

  it('fails with STORE_LOCKED when asked not to wait', async () => {
    const lock = join(dir, 'y.lock');
    const held = await acquireLock(lock, 'first');
    const log = join(dir, 'log2');
    writeFileSync(log, '');
    // Our own pid is alive, so the lock is not stale.
    await expect(acquireLock(lock, 'second', { timeoutMs: 0 })).rejects.toThrow(
      /first is in progress/,
    );
    await held.release();
  });

  it('prune refuses while a build holds a name lock', async () => {
    await store.withNameLock(parseModelName('busy'), 'building busy', async () => {
      await expect(store.prune()).rejects.toThrow(/building busy is in progress/);
    });
    await expect(store.prune()).resolves.toBeDefined();
  });
});
