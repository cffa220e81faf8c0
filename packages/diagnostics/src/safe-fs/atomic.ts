import {
  closeSync,
  constants,
  createWriteStream,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import { chmod, copyFile, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { discardTempPath, newTempPath, releaseTempPath } from '../cleanup.js';

export interface AtomicOptions {
  /**
   * Mode of a new file (the umask applies, as with `writeFile`); default 0o666. With
   * `keepMode`, a file that is replaced keeps its own mode instead.
   */
  mode?: number;
  /** Give the result the mode of the file it replaces (a user's file edited in place). */
  keepMode?: boolean;
  /**
   * Where the temporary file goes; default the target's folder. Must be on the target's file
   * system (the store keeps its partial files in `.mfc/tmp`, where prune finds them).
   */
  tmpDir?: string;
  /** fsync the file before the rename and the folder after it (default true). */
  sync?: boolean;
}

/** The temporary name for `target`: in `tmpDir` (a private folder) or hidden beside it. */
export function tempPathFor(target: string, tmpDir?: string): string {
  return tmpDir === undefined
    ? newTempPath(dirname(target), basename(target))
    : newTempPath(tmpDir);
}

const IGNORABLE_SYNC_ERRORS = new Set(['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF']);

/**
 * fsyncs a folder, so a rename into it survives a power cut. Best effort: file systems and
 * platforms that cannot fsync a folder (or open one for reading) are skipped.
 */
export async function syncDir(dir: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(dir, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    await fh.sync();
  } catch (err) {
    if (!IGNORABLE_SYNC_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await fh?.close().catch(() => {});
  }
}

/** fsyncs a finished file (or folder) at `path` that another writer (a program, `copyFile`) made. */
export async function syncPath(path: string): Promise<void> {
  let fh: FileHandle | undefined;
  try {
    fh = await open(path, 'r');
    await fh.sync();
  } catch (err) {
    if (!IGNORABLE_SYNC_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    await fh?.close().catch(() => {});
  }
}

/**
 * Renames a finished file (or folder) into place and fsyncs the folder it now lives in. For
 * partial files that keep a stable name of their own (resumable downloads) and for `AtomicFile`.
 */
export async function commitRename(from: string, to: string, sync = true): Promise<void> {
  await rename(from, to);
  if (sync) await syncDir(dirname(to));
}

async function modeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
}

/**
 * A file being written under a temporary name: `commit` makes it appear whole at its target
 * (fsync, rename, fsync of the folder), `abort` removes it. Until one of them ran, the temp
 * path is deleted if the process is interrupted (SIGINT/SIGTERM/SIGHUP) or exits.
 */
export class AtomicFile {
  private done = false;
  private closed = false;

  private constructor(
    /** Where the file appears on `commit`. */
    readonly target: string,
    /** The temporary file being written. */
    readonly tempPath: string,
    /** Its open handle (write with it directly, positionally too). */
    readonly handle: FileHandle,
    private readonly options: AtomicOptions,
  ) {}

  /** Creates the temporary file (and the target's folder). */
  static async open(target: string, options: AtomicOptions = {}): Promise<AtomicFile> {
    await mkdir(dirname(target), { recursive: true });
    const tmp = tempPathFor(target, options.tmpDir);
    try {
      const fh = await open(tmp, 'wx', options.mode ?? 0o666);
      return new AtomicFile(target, tmp, fh, options);
    } catch (err) {
      discardTempPath(tmp);
      throw err;
    }
  }

  /** Appends `data` at the current position. */
  async write(data: Uint8Array | string): Promise<void> {
    await this.handle.writeFile(data);
  }

  /**
   * A write stream into the temp file (for a producer that pipes into a Writable). It has a
   * descriptor of its own: a stream on `handle` would keep the handle from closing.
   */
  createWriteStream(options: { highWaterMark?: number } = {}): WriteStream {
    return createWriteStream(this.tempPath, { flags: 'r+', ...options });
  }

  private async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }

  /** fsync, close, rename over the target, fsync the folder. On failure the temp file is removed. */
  async commit(): Promise<void> {
    if (this.done) throw new Error(`AtomicFile ${this.target}: already committed or aborted`);
    const sync = this.options.sync !== false;
    try {
      if (sync) await this.handle.sync();
      await this.close();
      if (this.options.keepMode) {
        const mode = await modeOf(this.target);
        if (mode !== undefined) await chmod(this.tempPath, mode);
      }
      await commitRename(this.tempPath, this.target, false);
      this.done = true;
      releaseTempPath(this.tempPath);
    } catch (err) {
      await this.abort();
      throw err;
    }
    if (sync) await syncDir(dirname(this.target));
  }

  /** Closes and removes the temporary file; the target is untouched. Safe to call twice. */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.close().catch(() => {});
    discardTempPath(this.tempPath);
  }
}

/** Opens an `AtomicFile`, runs `fn` on it, commits on success and aborts on failure. */
export async function withAtomicFile<T>(
  target: string,
  fn: (file: AtomicFile) => Promise<T>,
  options: AtomicOptions = {},
): Promise<T> {
  const file = await AtomicFile.open(target, options);
  try {
    const result = await fn(file);
    await file.commit();
    return result;
  } catch (err) {
    await file.abort();
    throw err;
  }
}

/** Writes `data` to `path` whole or not at all (temp file, fsync, rename, fsync of the folder). */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array | string,
  options: AtomicOptions = {},
): Promise<void> {
  await withAtomicFile(path, (f) => f.write(data), options);
}

/** `writeFileAtomic` for synchronous callers (small files: configs). */
export function writeFileAtomicSync(
  path: string,
  data: Uint8Array | string,
  options: Omit<AtomicOptions, 'keepMode'> = {},
): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path, options.tmpDir);
  const sync = options.sync !== false;
  try {
    const fd = openSync(tmp, 'wx', options.mode ?? 0o666);
    try {
      writeFileSync(fd, data);
      if (sync) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    releaseTempPath(tmp);
  } catch (err) {
    discardTempPath(tmp);
    throw err;
  }
  if (!sync) return;
  let fd: number | undefined;
  try {
    fd = openSync(dirname(path), constants.O_RDONLY | (constants.O_DIRECTORY ?? 0));
    fsyncSync(fd);
  } catch (err) {
    if (!IGNORABLE_SYNC_ERRORS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Writes the chunks of `source` (a Readable or any async iterable) to `path` whole or not at
 * all: a source that fails midway leaves neither a temp file nor a changed target.
 */
export async function writeStreamAtomic(
  path: string,
  source: AsyncIterable<Uint8Array | string>,
  options: AtomicOptions & { onChunk?: (bytes: number) => void } = {},
): Promise<number> {
  return withAtomicFile(
    path,
    async (f) => {
      let total = 0;
      for await (const chunk of source) {
        await f.write(chunk);
        const n = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
        total += n;
        options.onChunk?.(n);
      }
      return total;
    },
    options,
  );
}

/**
 * Copies `src` to `dest` whole or not at all. `COPYFILE_FICLONE` makes it a reflink where the
 * file system can (btrfs, XFS: instant, no space), else the kernel copies (copy_file_range).
 */
export async function copyFileAtomic(
  src: string,
  dest: string,
  options: AtomicOptions = {},
): Promise<void> {
  await withTempPath(
    dest,
    async (tmp) => {
      await copyFile(src, tmp, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
      if (options.mode !== undefined) await chmod(tmp, options.mode);
    },
    options,
  );
}

/**
 * Reserves a temporary path for `target` that `fn` fills (a program's output, a folder being
 * unpacked); then fsyncs it, renames it into place and fsyncs the folder. If `fn` fails (or
 * the process is interrupted) whatever is at the temp path is removed.
 */
export async function withTempPath<T>(
  target: string,
  fn: (tmp: string) => Promise<T>,
  options: Pick<AtomicOptions, 'tmpDir' | 'sync' | 'keepMode'> = {},
): Promise<T> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target, options.tmpDir);
  const sync = options.sync !== false;
  try {
    const result = await fn(tmp);
    if (sync) await syncPath(tmp);
    if (options.keepMode) {
      const mode = await modeOf(target);
      if (mode !== undefined) await chmod(tmp, mode);
    }
    await commitRename(tmp, target, false);
    releaseTempPath(tmp);
    if (sync) await syncDir(dirname(target));
    return result;
  } catch (err) {
    await rm(tmp, { force: true, recursive: true }).catch(() => {});
    releaseTempPath(tmp);
    throw err;
  }
}
