import { UsageError, formatBytes } from '@mfc/diagnostics';
import {
  cacheMaxBytes,
  clearQuantizeCache,
  listQuantizeCache,
  quantizeCacheDir,
  type CacheEntry,
} from '@mfc/llama-cpp';
import { defineCommand, flag } from '../command.js';

const entryJson = (e: CacheEntry) => ({
  key: e.key,
  type: e.type ?? null,
  input: e.input ?? null,
  size: e.size,
  sharedWithStore: e.shared,
  lastUsed: e.lastUsed.toISOString(),
  path: e.path,
});

/**
 * `mfc cache`, not `mfc prune --cache`: the cache is the user's (one for
 * every models folder), not a models folder's, and it needs a listing that
 * prune has no place for.
 */
export default defineCommand({
  name: 'cache',
  summary: 'List or clear the quantize result cache (~/.cache/mfc/quantized)',
  usage: 'mfc cache [list|clear] [--json]',
  description: [
    'Builds and `mfc quantize` keep each quantized result in $MFC_CACHE_DIR/quantized',
    '(default ~/.cache/mfc/quantized), keyed by the input’s digest, the type and the options,',
    'so the same quantization runs once. A build’s entry is a hard link to the store’s blob',
    '(it costs no space; a copy only across file systems). $MFC_CACHE_MAX (default 10G) limits',
    'the bytes not shared with the store; the least recently used entries go first.',
  ].join('\n'),
  examples: ['mfc cache', 'mfc cache list --json', 'mfc cache clear'],
  options: {
    json: { type: 'boolean', description: 'Print the result as JSON' },
  },
  async run(ctx) {
    const [action = 'list', extra] = ctx.positionals;
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`);
    if (action !== 'list' && action !== 'clear')
      throw new UsageError(`unknown action '${action}'`, 'use mfc cache list or mfc cache clear');
    const dir = quantizeCacheDir(ctx.env);
    const json = flag(ctx, 'json');
    if (action === 'clear') {
      const r = await clearQuantizeCache(dir);
      if (json) {
        const out = { dir, removed: r.removed.map(entryJson), bytes: r.bytes };
        ctx.terminal.out(JSON.stringify(out, null, 2) + '\n');
      } else {
        const n = r.removed.length;
        ctx.terminal.out(
          `deleted ${n} cache entr${n === 1 ? 'y' : 'ies'} in ${dir}, freed ${formatBytes(r.bytes)}\n`,
        );
      }
      return 0;
    }
    const entries = (await listQuantizeCache(dir)).reverse();
    const unshared = entries.filter((e) => !e.shared).reduce((s, e) => s + e.size, 0);
    const limit = cacheMaxBytes(ctx.env);
    if (json) {
      const out = { dir, limit, unsharedBytes: unshared, entries: entries.map(entryJson) };
      ctx.terminal.out(JSON.stringify(out, null, 2) + '\n');
      return 0;
    }
    for (const e of entries)
      ctx.terminal.out(
        `${e.key.slice(0, 12)}  ${(e.type ?? '?').padEnd(7)} ${formatBytes(e.size).padStart(9)}  ${e.shared ? 'shared with the store' : 'own copy'}  ${e.lastUsed.toISOString().slice(0, 19).replace('T', ' ')}\n`,
      );
    ctx.terminal.out(
      `${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} in ${dir}; ${formatBytes(unshared)} not shared with a store (limit ${formatBytes(limit)}, $MFC_CACHE_MAX)\n`,
    );
    return 0;
  },
});
