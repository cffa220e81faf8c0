import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';

/** A byte stream: a Node stream, or any async iterable of chunks (stdin in tests). */
export type ByteInput = AsyncIterable<Uint8Array | string> | NodeJS.ReadableStream;
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { MfcError } from '@mfc/diagnostics';
import { ociError, type OciErrorCode } from './errors.js';
import {
  digestHex,
  discardTempPath,
  hashCopyFile,
  newTempPath,
  type BlobStore,
  type Digest,
  type StagedBlob,
} from '@mfc/store';
import { parseIndex, parseJson, type Descriptor, type ImageIndex } from './types.js';

/** JSON files of a layout (index, manifests, configs) are read whole, up to this size. */
export const MAX_JSON_BYTES = 16 << 20;

/**
 * An OCI image layout being imported: a directory read in place, or a tar
 * whose blobs were staged (verified against their names) while it streamed.
 * `dispose` deletes whatever was staged and not committed.
 */
export interface LayoutSource {
  /** The archive or directory, for messages. */
  readonly name: string;
  readonly index: ImageIndex;
  /** The size of a blob the layout holds, or undefined. */
  size(digest: Digest): number | undefined;
  /** A small blob's bytes (manifests, configs), verified. */
  read(d: Descriptor): Promise<Buffer>;
  /** A file with the blob's verified bytes. */
  pathOf(d: Descriptor): Promise<string>;
  /** The blob staged in the store, ready for `commitStaged`. */
  stage(d: Descriptor): Promise<StagedBlob>;
  /** Regular files of a tar layer `pick` accepts, each staged as a blob. */
  extractTar(
    layer: Descriptor,
    gzip: boolean,
    pick: (entry: string) => boolean,
  ): Promise<Array<{ entry: string; descriptor: Descriptor }>>;
  dispose(): void;
}

const bad = (code: OciErrorCode, message: string, file: string, byteOffset?: number): MfcError =>
  ociError(code, message, { file, ...(byteOffset !== undefined ? { byteOffset } : {}) });

const BLOB_NAME = /^blobs\/sha256\/([0-9a-f]{64})$/;

/** Refuses entry names that could leave the layout, and normalises `./` prefixes. */
export function checkEntryName(archive: string, raw: string): string {
  const name = raw.replace(/^(\.\/)+/, '');
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw))
    throw bad('OCI_BAD_ENTRY', `entry '${raw}' has an absolute name`, archive);
  if (name.split(/[\\/]/).includes('..'))
    throw bad('OCI_BAD_ENTRY', `entry '${raw}' names a parent folder ('..')`, archive);
  if (name.includes('\0')) throw bad('OCI_BAD_ENTRY', `entry '${raw}' has a NUL byte`, archive);
  return name;
}

/** What a source holds, with the staged files behind it. */
export class Staging {
  readonly staged = new Map<Digest, StagedBlob>();
  readonly memory = new Map<Digest, Buffer>();
  constructor(readonly blobs: BlobStore) {}

  dispose(): void {
    for (const s of this.staged.values()) this.blobs.discardStaged(s);
    this.staged.clear();
  }
}

async function readCapped(
  stream: AsyncIterable<Buffer>,
  cap: number,
  what: string,
  archive: string,
) {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    n += c.length;
    if (n > cap) throw bad('OCI_TOO_LARGE', `${what} is larger than ${cap} bytes`, archive);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** Stages the regular files of a (gzipped) tar stream that `pick` accepts. */
export async function extractFrom(
  input: Readable,
  gzip: boolean,
  pick: (entry: string) => boolean,
  blobs: BlobStore,
  staging: Staging,
  what: string,
): Promise<Array<{ entry: string; descriptor: Descriptor }>> {
  const ex = tarExtract();
  const out: Array<{ entry: string; descriptor: Descriptor }> = [];
  const feeding = pipeline([input, ...(gzip ? [createGunzip()] : []), ex]).catch((err) => {
    ex.destroy(err as Error);
  });
  for await (const entry of ex) {
    const name = checkEntryName(what, entry.header.name);
    if ((entry.header.type === 'file' || entry.header.type === 'contiguous-file') && pick(name)) {
      const s = await blobs.stageStream(entry as AsyncIterable<Buffer>);
      staging.staged.set(s.digest, s);
      out.push({ entry: name, descriptor: { mediaType: '', digest: s.digest, size: s.size } });
    } else {
      entry.resume();
    }
  }
  await feeding;
  return out;
}

abstract class BaseSource implements LayoutSource {
  abstract readonly name: string;
  abstract readonly index: ImageIndex;
  constructor(
    protected readonly blobs: BlobStore,
    protected readonly staging: Staging,
  ) {}
  abstract size(digest: Digest): number | undefined;
  abstract read(d: Descriptor): Promise<Buffer>;
  abstract pathOf(d: Descriptor): Promise<string>;
  abstract stage(d: Descriptor): Promise<StagedBlob>;
  protected abstract open(d: Descriptor): Promise<Readable>;

  protected missing(d: Descriptor): MfcError {
    return bad(
      'OCI_MISSING_BLOB',
      `${this.name}: blob ${d.digest} is not in the layout`,
      this.name,
    );
  }

  protected checkSize(d: Descriptor, actual: number | undefined): void {
    if (actual === undefined) throw this.missing(d);
    if (actual !== d.size)
      throw bad(
        'OCI_SIZE_MISMATCH',
        `blobs/sha256/${digestHex(d.digest)}: ${actual} bytes, but its descriptor declares ${d.size}`,
        this.name,
      );
  }

  async extractTar(layer: Descriptor, gzip: boolean, pick: (entry: string) => boolean) {
    return extractFrom(await this.open(layer), gzip, pick, this.blobs, this.staging, this.name);
  }

  dispose(): void {
    this.staging.dispose();
  }
}

/** A layout tar, read once from a stream; blobs staged (or, to list, small ones kept in memory). */
class TarSource extends BaseSource {
  index!: ImageIndex;
  constructor(
    readonly name: string,
    blobs: BlobStore,
    staging: Staging,
    private readonly listOnly: boolean,
  ) {
    super(blobs, staging);
  }
  readonly sizes = new Map<Digest, number>();

  size(digest: Digest) {
    return this.sizes.get(digest);
  }

  async read(d: Descriptor): Promise<Buffer> {
    this.checkSize(d, this.size(d.digest));
    if (d.size > MAX_JSON_BYTES)
      throw bad('OCI_TOO_LARGE', `blob ${d.digest} is too large to be JSON`, this.name);
    const mem = this.staging.memory.get(d.digest);
    if (mem) return mem;
    return readFile(await this.pathOf(d));
  }

  async pathOf(d: Descriptor): Promise<string> {
    const s = this.staging.staged.get(d.digest);
    if (!s) throw this.missing(d);
    return s.path;
  }

  async stage(d: Descriptor): Promise<StagedBlob> {
    const s = this.staging.staged.get(d.digest);
    if (!s) throw this.missing(d);
    this.checkSize(d, s.size);
    return s;
  }

  protected async open(d: Descriptor): Promise<Readable> {
    return createReadStream(await this.pathOf(d), { highWaterMark: 1 << 20 });
  }

  /** Streams the archive: every entry checked, blobs verified against their names. */
  async load(input: ByteInput, archiveSize?: number): Promise<void> {
    const ex = tarExtract();
    let current = '(start of archive)';
    let layout: Buffer | undefined;
    let index: Buffer | undefined;
    const feeding = pipeline(input instanceof Readable ? input : Readable.from(input), ex).catch(
      (err: Error) => ex.destroy(err),
    );
    try {
      for await (const entry of ex) {
        const h = entry.header;
        current = h.name;
        const name = checkEntryName(this.name, h.name);
        if (h.type === 'directory') {
          entry.resume();
          continue;
        }
        if (h.type !== 'file' && h.type !== 'contiguous-file') {
          throw bad(
            'OCI_BAD_ENTRY',
            `entry '${h.name}' is a ${h.type}, not a regular file`,
            this.name,
          );
        }
        const size = h.size ?? 0;
        if (archiveSize !== undefined && size > archiveSize)
          throw bad(
            'OCI_TRUNCATED',
            `entry '${h.name}' claims ${size} bytes, more than the whole archive`,
            this.name,
          );
        if (name === 'oci-layout' || name === 'index.json') {
          const bytes = await readCapped(
            entry as AsyncIterable<Buffer>,
            MAX_JSON_BYTES,
            `entry '${name}'`,
            this.name,
          );
          if (name === 'oci-layout') layout = bytes;
          else index = bytes;
          continue;
        }
        const m = BLOB_NAME.exec(name);
        if (!m) {
          if (name.startsWith('blobs/'))
            throw bad('OCI_BAD_ENTRY', `entry '${h.name}' is not a sha256 blob name`, this.name);
          entry.resume(); // other files are allowed in a layout (e.g. Docker's manifest.json)
          continue;
        }
        const digest: Digest = `sha256:${m[1]}`;
        let actual: Digest;
        let got: number;
        if (this.listOnly) {
          const hash = createHash('sha256');
          const keep: Buffer[] = [];
          got = 0;
          for await (const c of entry as AsyncIterable<Buffer>) {
            hash.update(c);
            got += c.length;
            if (size <= MAX_JSON_BYTES) keep.push(c);
          }
          actual = `sha256:${hash.digest('hex')}`;
          if (size <= MAX_JSON_BYTES) this.staging.memory.set(digest, Buffer.concat(keep));
        } else {
          const s = await this.blobs.stageStream(entry as AsyncIterable<Buffer>);
          if (this.staging.staged.has(digest) || s.digest !== digest) this.blobs.discardStaged(s);
          else this.staging.staged.set(digest, s);
          actual = s.digest;
          got = s.size;
        }
        if (actual !== digest)
          throw bad(
            'OCI_DIGEST_MISMATCH',
            `entry '${h.name}': its bytes have digest ${actual}`,
            this.name,
          );
        this.sizes.set(digest, got);
      }
      await feeding;
    } catch (err) {
      if (err instanceof MfcError) throw err;
      const msg = (err as Error).message;
      throw bad(
        /end of data|unexpected end|premature/i.test(msg) ? 'OCI_TRUNCATED' : 'OCI_BAD_ARCHIVE',
        `${/end of data|unexpected end|premature/i.test(msg) ? 'the archive ends early' : 'not a valid tar archive'} (at entry '${current}'): ${msg}`,
        this.name,
      );
    }
    if (!layout) throw bad('OCI_BAD_LAYOUT', 'the archive has no oci-layout file', this.name);
    checkLayoutFile(layout, `${this.name}: oci-layout`);
    if (!index) throw bad('OCI_BAD_LAYOUT', 'the archive has no index.json', this.name);
    this.index = parseIndex(index, { file: `${this.name}: index.json` });
  }
}

function checkLayoutFile(bytes: Buffer, file: string): void {
  const v = parseJson(bytes, 'oci-layout', { file }) as { imageLayoutVersion?: unknown };
  if (v?.imageLayoutVersion !== '1.0.0')
    throw bad(
      'OCI_BAD_LAYOUT',
      `imageLayoutVersion is ${JSON.stringify(v?.imageLayoutVersion)}, not "1.0.0"`,
      file,
    );
}

/** A layout directory, read in place; blobs are copied into staging only when imported. */
class DirSource extends BaseSource {
  index!: ImageIndex;
  private readonly sizes = new Map<Digest, number | undefined>();
  constructor(
    readonly name: string,
    blobs: BlobStore,
    staging: Staging,
  ) {
    super(blobs, staging);
  }

  private blobPath(digest: Digest) {
    return join(this.name, 'blobs', 'sha256', digestHex(digest));
  }

  /** A regular file's size; symlinks and other kinds are refused. */
  private async regularSize(path: string, label: string): Promise<number | undefined> {
    let st;
    try {
      st = await lstat(path);
    } catch {
      return undefined;
    }
    if (!st.isFile())
      throw bad(
        'OCI_BAD_ENTRY',
        `${label} is ${st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}`,
        path,
      );
    return st.size;
  }

  async load(): Promise<void> {
    const layout = join(this.name, 'oci-layout');
    if ((await this.regularSize(layout, 'oci-layout')) === undefined)
      throw bad('OCI_BAD_LAYOUT', 'the folder has no oci-layout file', this.name);
    checkLayoutFile(await readFile(layout), layout);
    const indexPath = join(this.name, 'index.json');
    const n = await this.regularSize(indexPath, 'index.json');
    if (n === undefined) throw bad('OCI_BAD_LAYOUT', 'the folder has no index.json', this.name);
    if (n > MAX_JSON_BYTES) throw bad('OCI_TOO_LARGE', 'index.json is too large', indexPath);
    this.index = parseIndex(await readFile(indexPath), { file: indexPath });
    for (const d of this.index.manifests) await this.probe(d.digest);
  }

  private async probe(digest: Digest): Promise<number | undefined> {
    if (!this.sizes.has(digest))
      this.sizes.set(digest, await this.regularSize(this.blobPath(digest), `blob ${digest}`));
    return this.sizes.get(digest);
  }

  size(digest: Digest) {
    return this.sizes.get(digest);
  }

  async read(d: Descriptor): Promise<Buffer> {
    this.checkSize(d, await this.probe(d.digest));
    if (d.size > MAX_JSON_BYTES)
      throw bad('OCI_TOO_LARGE', `blob ${d.digest} is too large to be JSON`, this.name);
    const bytes = await readFile(this.blobPath(d.digest));
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    if (actual !== d.digest)
      throw bad(
        'OCI_DIGEST_MISMATCH',
        `blob ${d.digest}: its bytes have digest ${actual}`,
        this.blobPath(d.digest),
      );
    return bytes;
  }

  async pathOf(d: Descriptor): Promise<string> {
    return (this.staging.staged.get(d.digest) ?? (await this.stage(d))).path;
  }

  async stage(d: Descriptor): Promise<StagedBlob> {
    const have = this.staging.staged.get(d.digest);
    if (have) return have;
    this.checkSize(d, await this.probe(d.digest));
    const tmp = newTempPath(this.blobs.layout.tmpDir);
    try {
      const { digest, size } = await hashCopyFile(this.blobPath(d.digest), tmp);
      if (digest !== d.digest)
        throw bad(
          'OCI_DIGEST_MISMATCH',
          `blob ${d.digest}: its bytes have digest ${digest}`,
          this.blobPath(d.digest),
        );
      const s: StagedBlob = { path: tmp, digest, size };
      this.staging.staged.set(digest, s);
      return s;
    } catch (err) {
      discardTempPath(tmp);
      throw err;
    }
  }

  protected async open(d: Descriptor): Promise<Readable> {
    return createReadStream(await this.pathOf(d), { highWaterMark: 1 << 20 });
  }
}

/** Reads a layout tar from a stream (`archiveSize` when known, to refuse impossible entries). */
export async function readLayoutTar(
  input: ByteInput,
  name: string,
  blobs: BlobStore,
  options: { listOnly?: boolean; archiveSize?: number } = {},
): Promise<LayoutSource> {
  const staging = new Staging(blobs);
  const source = new TarSource(name, blobs, staging, options.listOnly ?? false);
  try {
    await source.load(input, options.archiveSize);
  } catch (err) {
    staging.dispose();
    throw err;
  }
  return source;
}

export async function readLayoutDir(dir: string, blobs: BlobStore): Promise<LayoutSource> {
  const staging = new Staging(blobs);
  const source = new DirSource(dir, blobs, staging);
  try {
    await source.load();
  } catch (err) {
    staging.dispose();
    throw err;
  }
  return source;
}
