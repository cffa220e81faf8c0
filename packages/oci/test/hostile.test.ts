import { createHash } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pack, type Header } from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@mfc/store';
import { importLayout, readLayoutDir, readLayoutTar } from '../src/index.js';
import { filesUnder, tempDir } from './helpers.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
type Entry = Partial<Header> & { name: string; body?: Buffer | string };

/** A tar made of exactly these entries (whatever they claim). */
async function tarOf(entries: Entry[]): Promise<Buffer> {
  const p = pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((r) => p.on('end', () => r()));
  for (const { body, ...h } of entries) {
    await new Promise<void>((resolve, reject) => {
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (body !== undefined) p.entry(h, body, cb);
      else p.entry(h, cb);
    });
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

/** A valid one-model Ollama layout, as entries, with hooks to spoil it. */
function layout(opts: { refName?: string; index?: string; skipModel?: boolean } = {}): Entry[] {
  const model = Buffer.from('GGUF-pretend-weights');
  const config = Buffer.from('{"model_format":"gguf"}');
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: `sha256:${sha(config)}`,
        size: config.length,
      },
      layers: [
        {
          mediaType: 'application/vnd.ollama.image.model',
          digest: `sha256:${sha(model)}`,
          size: model.length,
        },
      ],
    }),
  );
  const index =
    opts.index ??
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        {
          mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
          digest: `sha256:${sha(manifest)}`,
          size: manifest.length,
          annotations: { 'org.opencontainers.image.ref.name': opts.refName ?? 'evil:latest' },
        },
      ],
    });
  return [
    { name: 'oci-layout', body: '{"imageLayoutVersion":"1.0.0"}' },
    { name: 'index.json', body: index },
    { name: `blobs/sha256/${sha(manifest)}`, body: manifest },
    { name: `blobs/sha256/${sha(config)}`, body: config },
    ...(opts.skipModel ? [] : [{ name: `blobs/sha256/${sha(model)}`, body: model }]),
  ];
}

let t: ReturnType<typeof tempDir>;
let store: Store;
beforeEach(async () => {
  t = tempDir();
  store = await openStore(join(t.dir, 'models'));
});
afterEach(() => t.cleanup());

async function importTar(bytes: Buffer) {
  const source = await readLayoutTar(Readable.from([bytes]), 'evil.tar', store.blobs, {
    archiveSize: bytes.length,
  });
  return importLayout(store, source);
}

/** The import fails with `code`, a message naming `mentions`, and leaves no file in the store. */
async function expectRefused(p: Promise<unknown>, code: string, mentions: string) {
  const err = (await p.then(
    () => undefined,
    (e: unknown) => e,
  )) as { code?: string; message?: string } | undefined;
  expect(err, 'the import should fail').toBeDefined();
  expect(err!.code).toBe(code);
  expect(err!.message).toContain(mentions);
  expect(filesUnder(join(t.dir, 'models'))).toEqual([]);
}

describe('hostile archives', () => {
  it('imports the unspoilt layout (the baseline the cases below spoil)', async () => {
    const [m] = await importTar(await tarOf(layout()));
    expect(m.name).toBe('evil:latest');
  });

  it('refuses a blob whose bytes do not match its name', async () => {
    const entries = layout();
    entries[3] = { ...entries[3], body: '{"model_format":"ggml"}' };
    await expectRefused(importTar(await tarOf(entries)), 'OCI_DIGEST_MISMATCH', entries[3].name);
  });

  it('refuses parent-folder and absolute entry names', async () => {
    await expectRefused(
      importTar(await tarOf([...layout(), { name: 'blobs/../../escape', body: 'x' }])),
      'OCI_BAD_ENTRY',
      "'blobs/../../escape'",
    );
    await expectRefused(
      importTar(await tarOf([{ name: '/etc/passwd', body: 'x' }, ...layout()])),
      'OCI_BAD_ENTRY',
      "'/etc/passwd'",
    );
  });

  it('refuses symbolic links, hard links and devices', async () => {
    for (const e of [
      { name: 'blobs/sha256/link', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'hard', type: 'link', linkname: 'oci-layout' },
      { name: 'dev', type: 'character-device', devmajor: 1, devminor: 3 },
    ] as Entry[]) {
      await expectRefused(importTar(await tarOf([...layout(), e])), 'OCI_BAD_ENTRY', `'${e.name}'`);
    }
  });

  it('refuses a reference name that is not a model name', async () => {
    await expectRefused(
      importTar(await tarOf(layout({ refName: 'bad name!' }))),
      'OCI_BAD_NAME',
      "'bad name!'",
    );
  });

  it('refuses an index that is not JSON, and a manifest naming a missing blob', async () => {
    await expectRefused(
      importTar(await tarOf(layout({ index: '{"schemaVersion": 2,' }))),
      'OCI_BAD_JSON',
      'index',
    );
    await expectRefused(
      importTar(await tarOf(layout({ skipModel: true }))),
      'OCI_MISSING_BLOB',
      'sha256:',
    );
  });

  it('refuses a truncated archive and an entry larger than the archive', async () => {
    const whole = await tarOf(layout());
    await expectRefused(importTar(whole.subarray(0, 1536)), 'OCI_TRUNCATED', 'ends early');
    // a header claiming 1 GB: refused from the header, before anything is buffered
    const huge = await tarOf([{ name: 'blobs/sha256/' + 'a'.repeat(64), body: 'x' }]);
    huge.write('7777777777\0', 124, 'ascii'); // the size field: 1 GiB in octal
    // the header checksum, recomputed for the new size
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : huge[i];
    huge.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
    await expectRefused(importTar(huge), 'OCI_TRUNCATED', 'more than the whole archive');
  });

  it('refuses symlinked blobs in a layout folder', async () => {
    const dir = join(t.dir, 'layout');
    mkdirSync(join(dir, 'blobs', 'sha256'), { recursive: true });
    const entries = layout();
    for (const e of entries) {
      if (e.name.startsWith('blobs/') && e.name.endsWith(sha(String(entries[4].body))))
        symlinkSync('/etc/hostname', join(dir, e.name));
      else writeFileSync(join(dir, e.name), e.body!);
    }
    await expectRefused(
      readLayoutDir(dir, store.blobs).then((s) => importLayout(store, s)),
      'OCI_BAD_ENTRY',
      'symbolic link',
    );
  });
});
