import { open, type FileHandle } from 'node:fs/promises';
import { MfcError, checkInputPath } from '@mfc/diagnostics';

/** Random access to the bytes of a local file or a remote (HTTP range) file. */
export interface ByteSource {
  /** The path or URL, for messages. */
  readonly name: string;
  /** Total size in bytes. */
  readonly size: number;
  /** Reads exactly `length` bytes at `offset` (the caller keeps inside `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Reads `length` bytes at `offset` into `target` at `targetOffset`; returns the bytes read. */
  readInto?(
    target: Uint8Array,
    targetOffset: number,
    offset: number,
    length: number,
  ): Promise<number>;
  close(): Promise<void>;
}

export interface ByteSourceOptions {
  /** Extra HTTP headers (e.g. `Authorization`) for URLs. */
  headers?: Record<string, string>;
  /** A fetch implementation (defaults to the global one). */
  fetch?: typeof fetch;
}

/** True for `http://` and `https://` addresses. */
export function isUrl(pathOrUrl: string): boolean {
  return /^https?:\/\//i.test(pathOrUrl);
}

/** Opens a local file through a file descriptor, or a URL through HTTP range requests. */
export async function openByteSource(
  pathOrUrl: string,
  options: ByteSourceOptions = {},
): Promise<ByteSource> {
  return isUrl(pathOrUrl) ? HttpSource.open(pathOrUrl, options) : FileSource.open(pathOrUrl);
}

class FileSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
    private readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<FileSource> {
    // Folders fall through to EISDIR below; FIFOs and devices never reach `open`.
    await checkInputPath(path, { directory: true });
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (stat.isDirectory())
        throw Object.assign(new Error('is a directory'), { code: 'EISDIR', path });
      return new FileSource(path, stat.size, handle);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const buf = new Uint8Array(length);
    const done = await this.readInto(buf, 0, offset, length);
    // The file shrank under us: report what we have; the parser reports truncation.
    return done === length ? buf : buf.subarray(0, done);
  }

  async readInto(
    target: Uint8Array,
    targetOffset: number,
    offset: number,
    length: number,
  ): Promise<number> {
    let done = 0;
    while (done < length) {
      const { bytesRead } = await this.handle.read(
        target,
        targetOffset + done,
        length - done,
        offset + done,
      );
      if (bytesRead === 0) break;
      done += bytesRead;
    }
    return done;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The first request asks for this much: most GGUF headers without a big vocabulary fit. */
const FIRST_RANGE = 1 << 20;

class HttpSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
    private readonly options: ByteSourceOptions,
    private first: Uint8Array,
  ) {}

  static async open(url: string, options: ByteSourceOptions): Promise<HttpSource> {
    const res = await request(url, 0, FIRST_RANGE, options);
    const range = res.headers.get('content-range');
    const total = range ? /\/(\d+)\s*$/.exec(range)?.[1] : undefined;
    if (res.status !== 206 || total === undefined) {
      await res.body?.cancel();
      throw new MfcError(
        'HTTP_NO_RANGE',
        `the server does not answer HTTP range requests (status ${res.status})`,
        {
          location: { file: url },
          hint: 'mfc reads remote model files in ranges; download the file and inspect it locally',
        },
      );
    }
    const first = new Uint8Array(await res.arrayBuffer());
    return new HttpSource(url, Number(total), options, first);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (length === 0) return new Uint8Array(0);
    if (offset + length <= this.first.length) return this.first.slice(offset, offset + length);
    const res = await request(this.name, offset, length, this.options);
    if (res.status !== 206) {
      await res.body?.cancel();
      throw new MfcError(
        'HTTP_NO_RANGE',
        `range request for bytes ${offset}-${offset + length - 1} got status ${res.status}`,
        {
          location: { file: this.name, byteOffset: offset },
        },
      );
    }
    return new Uint8Array(await res.arrayBuffer());
  }

  async close(): Promise<void> {
    this.first = new Uint8Array(0);
  }
}

async function request(
  url: string,
  offset: number,
  length: number,
  options: ByteSourceOptions,
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, {
      headers: { ...options.headers, Range: `bytes=${offset}-${offset + length - 1}` },
    });
  } catch (err) {
    throw new MfcError('HTTP_FAILED', `could not fetch ${url}: ${(err as Error).message}`, {
      location: { file: url },
      cause: err,
    });
  }
  if (res.status === 416) {
    await res.body?.cancel();
    // An empty file, or a range past its end: ask the size from a HEAD-like zero range.
    throw new MfcError(
      'HTTP_RANGE_NOT_SATISFIABLE',
      `the server refused bytes ${offset}-${offset + length - 1} (status 416)`,
      {
        location: { file: url, byteOffset: offset },
      },
    );
  }
  if (res.status >= 400) {
    await res.body?.cancel();
    throw new MfcError(
      'HTTP_STATUS',
      `the server answered ${res.status} ${res.statusText}`.trim(),
      { location: { file: url } },
    );
  }
  return res;
}
