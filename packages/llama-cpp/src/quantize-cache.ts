/**
 * The quantize result cache, `<mfc cache>/quantized/<key>.gguf` (key: the
 * input's digest, the type and every option that changes the bytes; see
 * quantize.ts). Each entry has a `<key>.json` beside it: what it is (type,
 * input file) and, through its mtime, when it was last used.
 *
 * An entry a build made is a hard link to the store's blob (same inode: it
 * costs no space); a copy only across file systems or for `mfc quantize`
 * outputs, which users may edit in place. The size limit ($MFC_CACHE_MAX,
 * default 10 GiB) counts only the bytes not shared with another file (link
 * count 1) and evicts the least recently used of those.
 */
import { constants } from 'node:fs';
import { copyFile, link, readFile, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { withTempPath, writeFileAtomic } from '@mfc/diagnostics';
import { llamaCppError } from './error-codes.js';
import { mfcCacheDir } from './paths.js';

/** 10 GiB. */
export const DEFAULT_CACHE_MAX = 10 * 2 ** 30;

/** The result cache folder: `<mfc cache>/quantized`. */
export function quantizeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(mfcCacheDir(env), 'quantized');
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 2 ** 10,
  m: 2 ** 20,
  g: 2 ** 30,
  t: 2 ** 40,
};

/** `10G`, `10GiB`, `500 MB`, `1.5t`, `0`, `1048576`: binary units, case-insensitive. */
export function parseByteSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:([kmgt])(?:i?b)?|(b)?)\s*$/i.exec(text);
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNITS[(m[2] ?? m[3] ?? '').toLowerCase()]);
}

/** The cache's size limit in bytes: `$MFC_CACHE_MAX`, else 10 GiB. */
export function cacheMaxBytes(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.MFC_CACHE_MAX;
  if (text === undefined || text === '') return DEFAULT_CACHE_MAX;
  const n = parseByteSize(text);
  if (n === undefined)
    throw llamaCppError('QUANT_CACHE_MAX_INVALID', `MFC_CACHE_MAX is not a size: "${text}"`, {
      hint: 'for example MFC_CACHE_MAX=10G, 500M or 0 (keep only what the store shares)',
      kind: 'usage',
    });
  return n;
}

export interface CacheEntry {
  key: string;
  path: string;
  /** The quantization type (unknown for entries older than the metadata). */
  type?: string;
  /** The file it was quantized from, when it was made. */
  input?: string;
  size: number;
  /** Another file (a store blob) is the same inode: the entry costs no space. */
  shared: boolean;
  lastUsed: Date;
}

interface EntryMeta {
  type?: string;
  input?: string;
}

const metaPath = (dir: string, key: string) => join(dir, `${key}.json`);

/** The entries, least recently used first. */
export async function listQuantizeCache(dir: string): Promise<CacheEntry[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const entries: CacheEntry[] = [];
  for (const name of names) {
    const m = /^([0-9a-f]{64})\.gguf$/.exec(name);
    if (!m) continue;
    const key = m[1];
    const path = join(dir, name);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) continue;
    let meta: EntryMeta = {};
    let lastUsed = st.mtime;
    try {
      meta = JSON.parse(await readFile(metaPath(dir, key), 'utf8')) as EntryMeta;
      lastUsed = (await stat(metaPath(dir, key))).mtime;
    } catch {
      // an entry made before the metadata: its own mtime
    }
    entries.push({
      key,
      path,
      ...(meta.type ? { type: meta.type } : {}),
      ...(meta.input ? { input: meta.input } : {}),
      size: st.size,
      shared: st.nlink > 1,
      lastUsed,
    });
  }
  return entries.sort((a, b) => a.lastUsed.getTime() - b.lastUsed.getTime());
}

async function removeEntry(dir: string, e: CacheEntry): Promise<void> {
  await rm(e.path, { force: true });
  await rm(metaPath(dir, e.key), { force: true });
}

/** Deletes every entry (and the digest memos); returns them and the bytes freed (unshared ones). */
export async function clearQuantizeCache(
  dir: string,
): Promise<{ removed: CacheEntry[]; bytes: number }> {
  const removed = await listQuantizeCache(dir);
  for (const e of removed) await removeEntry(dir, e);
  await rm(join(dir, 'digests'), { recursive: true, force: true });
  return { removed, bytes: removed.filter((e) => !e.shared).reduce((s, e) => s + e.size, 0) };
}

/** Evicts least recently used unshared entries until their bytes fit in `max`; returns those evicted. */
export async function enforceCacheLimit(dir: string, max: number): Promise<CacheEntry[]> {
  const unshared = (await listQuantizeCache(dir)).filter((e) => !e.shared);
  let total = unshared.reduce((s, e) => s + e.size, 0);
  const evicted: CacheEntry[] = [];
  for (const e of unshared) {
    if (total <= max) break;
    await removeEntry(dir, e);
    total -= e.size;
    evicted.push(e);
  }
  return evicted;
}

/** Marks an entry used now (its metadata's mtime: the entry itself may be a store blob's inode). */
export async function touchCacheEntry(dir: string, key: string): Promise<void> {
  const now = new Date();
  await utimes(metaPath(dir, key), now, now).catch(() => undefined);
}

/** Writes an entry's metadata (type, input). */
export async function writeCacheMeta(dir: string, key: string, meta: EntryMeta): Promise<void> {
  await writeFileAtomic(metaPath(dir, key), JSON.stringify(meta) + '\n');
}

/**
 * Puts `from` at `to` as a hard link when `share` (and the file system
 * allows), else as a copy; through a temporary name, so `to` is never
 * partial. Returns how.
 */
export async function linkOrCopy(
  from: string,
  to: string,
  share: boolean,
): Promise<'linked' | 'copied'> {
  return withTempPath(to, async (tmp) => {
    if (share) {
      try {
        await link(from, tmp);
        return 'linked';
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (!['EXDEV', 'EPERM', 'EACCES', 'ENOTSUP', 'EMLINK'].includes(code ?? '')) throw err;
      }
    }
    await copyFile(from, tmp, constants.COPYFILE_FICLONE);
    return 'copied';
  });
}

/**
 * Makes a cache entry the same inode as `blob` (a store blob with the same
 * bytes, which the caller knows by digest), so the entry costs no space.
 * Nothing happens across file systems or when they already are one file.
 */
export async function shareCacheEntry(entry: string, blob: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(entry).catch(() => undefined), stat(blob)]);
  if (!a || (a.ino === b.ino && a.dev === b.dev)) return false;
  if (a.dev !== b.dev || a.size !== b.size) return false;
  return (await linkOrCopy(blob, entry, true)) === 'linked';
}
