import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { commitRename } from '@mfc/diagnostics';
import type { RepoCache } from './cache.js';
import type { RepoFile } from './hub.js';
import type { HubSettings } from './settings.js';
import { hfError } from './error-codes.js';

/** Progress of one file's download, reported at least once per chunk. */
export interface FileProgress {
  path: string;
  received: number;
  total: number;
  /** Bytes that were already on disk from an earlier, interrupted attempt. */
  resumedFrom: number;
}

export interface DownloadOptions {
  settings: HubSettings;
  onProgress?: (p: FileProgress) => void;
  signal?: AbortSignal;
}

/** `{hub}/{repo}/resolve/{commit}/{path}`, the URL the Hub serves file bytes from. */
export function resolveUrl(hubUrl: string, repo: string, commit: string, path: string): string {
  return `${hubUrl}/${repo}/resolve/${encodeURIComponent(commit)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function newHash(file: RepoFile): Hash | undefined {
  if (file.sha256) return createHash('sha256');
  if (file.gitOid) return createHash('sha1').update(`blob ${file.size}\0`);
  return undefined;
}

async function hashExisting(hash: Hash | undefined, path: string): Promise<void> {
  if (!hash) return;
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/**
 * Downloads one file of a repository into the cache blob `blobs/<etag>` and
 * links it from `snapshots/<commit>/<path>`. Bytes go to `<blob>.incomplete`
 * first; an interrupted download resumes from there with an HTTP Range
 * request. The content is checked against its sha256 (LFS) or git blob id.
 * Returns the snapshot path.
 */
export async function downloadToCache(
  cache: RepoCache,
  commit: string,
  file: RepoFile,
  options: DownloadOptions,
): Promise<string> {
  const blob = cache.blobPath(file.etag);
  if (existsSync(blob)) {
    options.onProgress?.({
      path: file.path,
      received: file.size,
      total: file.size,
      resumedFrom: file.size,
    });
    return cache.linkSnapshot(commit, file.path, file.etag);
  }
  const partial = cache.incompletePath(file.etag);
  await mkdir(dirname(partial), { recursive: true });
  let have = existsSync(partial) ? (await stat(partial)).size : 0;
  if (have > file.size) {
    await rm(partial, { force: true });
    have = 0;
  }
  const url = resolveUrl(options.settings.hubUrl, cache.repo, commit, file.path);
  const headers: Record<string, string> = {};
  if (options.settings.accessToken)
    headers.Authorization = `Bearer ${options.settings.accessToken}`;
  if (have > 0) headers.Range = `bytes=${have}-`;

  let res: Response;
  try {
    res = await fetch(url, { headers, signal: options.signal });
  } catch (err) {
    throw hfError(
      'HF_NETWORK',
      `could not download ${file.path} from hf.co/${cache.repo}: ${(err as Error).message}`,
      {
        hint: 'run the same command again: the download resumes where it stopped',
        cause: err,
      },
    );
  }
  if (have > 0 && res.status === 200) have = 0; // the server ignored Range: start over
  if (res.status === 416 && have === file.size) {
    await res.body?.cancel();
  } else if (!(res.status === 200 || (res.status === 206 && have > 0))) {
    await res.body?.cancel();
    const code = res.headers.get('x-error-code');
    if (code === 'GatedRepo') {
      throw hfError(
        'HF_GATED',
        `hf.co/${cache.repo} is gated: you must accept its conditions on the Hub first`,
        {
          hint: options.settings.accessToken
            ? `visit https://huggingface.co/${cache.repo} with the account of your HF_TOKEN and request access`
            : `request access at https://huggingface.co/${cache.repo}, then set HF_TOKEN to a token of that account`,
        },
      );
    }
    throw hfError(
      code === 'GatedRepo'
        ? 'HF_GATED'
        : res.status === 404
          ? 'HF_FILE_NOT_FOUND'
          : 'HF_DOWNLOAD_FAILED',
      `downloading ${file.path} from hf.co/${cache.repo} failed with HTTP ${res.status}${code ? ` (${code})` : ''}`,
      { location: { file: url } },
    );
  }

  const hash = newHash(file);
  if (have > 0) await hashExisting(hash, partial);
  let received = have;
  const resumedFrom = have;
  options.onProgress?.({ path: file.path, received, total: file.size, resumedFrom });
  if (res.body && res.status !== 416) {
    const out = createWriteStream(partial, { flags: have > 0 ? 'a' : 'w' });
    const source = Readable.fromWeb(
      res.body as import('node:stream/web').ReadableStream<Uint8Array>,
    );
    source.on('data', (chunk: Buffer) => {
      hash?.update(chunk);
      received += chunk.length;
      options.onProgress?.({ path: file.path, received, total: file.size, resumedFrom });
    });
    try {
      await pipeline(source, out);
    } catch (err) {
      throw hfError(
        'HF_DOWNLOAD_INTERRUPTED',
        `the download of ${file.path} stopped at byte ${received} of ${file.size}`,
        {
          hint: 'run the same command again: the download resumes where it stopped',
          location: { file: url, byteOffset: received },
          cause: err,
        },
      );
    }
  }
  if (received !== file.size) {
    throw hfError(
      'HF_DOWNLOAD_INTERRUPTED',
      `the download of ${file.path} stopped at byte ${received} of ${file.size}`,
      {
        hint: 'run the same command again: the download resumes where it stopped',
        location: { file: url, byteOffset: received },
      },
    );
  }
  if (hash) {
    const digest = hash.digest('hex');
    const expected = file.sha256 ?? file.gitOid;
    if (digest !== expected) {
      await rm(partial, { force: true });
      throw hfError(
        'HF_CHECKSUM_MISMATCH',
        `${file.path} from hf.co/${cache.repo} does not match its checksum (got ${digest}, expected ${expected})`,
        {
          hint: 'the damaged download was deleted; run the command again',
        },
      );
    }
  }
  await commitRename(partial, blob);
  return cache.linkSnapshot(commit, file.path, file.etag);
}
