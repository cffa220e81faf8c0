import { RegistryClient, type RegistryRef } from '@mfc/registry';
import { formatBytes } from '@mfc/diagnostics';
import type { CommandContext, OptionSpec } from './command.js';
import { transferSummary, type Progress } from './ui/progress.js';
import { VERSION } from './version.js';

/** `--insecure` as Ollama means it: plain HTTP to the registry (not "skip TLS checks"). */
export const insecureOption: OptionSpec = {
  type: 'boolean',
  description: 'Talk plain HTTP to the registry (for a local registry without TLS)',
};

export function registryClient(ctx: CommandContext, ref: RegistryRef): RegistryClient {
  return new RegistryClient(ref, {
    env: ctx.env,
    userAgent: `mfc/${VERSION} (${process.arch} ${process.platform}) Node/${process.versions.node}`,
  });
}

/** The short form Ollama prints for a blob: `sha256:` + 12 hex digits. */
export function shortDigest(digest: string): string {
  return digest.slice(7, 19);
}

/**
 * Progress per blob: a bar each on a terminal (bytes, rate, ETA), JSON events
 * with --json, and on a plain stderr (CI logs) a line every 5 s of a long
 * transfer (rate and ETA, resumed bytes left out of both) and one when a blob
 * finishes, with its size, time and rate.
 */
export function blobProgress(ctx: CommandContext, verb: string, now = () => performance.now()) {
  const bars = new Map<string, { bar: Progress; started: number }>();
  const plain =
    !ctx.terminal.stderrIsTTY && ctx.options.json !== true && ctx.options.quiet !== true;
  const barFor = (digest: string, total: number, done: number) => {
    let entry = bars.get(digest);
    if (!entry) {
      const label = `${verb} ${shortDigest(digest)}`;
      entry = {
        bar: ctx.progress({ label, total, unit: 'bytes', initial: done }),
        started: now(),
      };
      bars.set(digest, entry);
    }
    return entry;
  };
  return {
    update(digest: string, total: number, done: number) {
      barFor(digest, total, done).bar.update(done);
    },
    /**
     * A blob is done: `detail` says how (`already there`, `resumed at …`);
     * `transfer` is what moved in this run (for the rate).
     */
    finish(digest: string, total: number, detail: string, transfer?: TransferDone) {
      const entry = barFor(digest, total, total);
      if (!plain) {
        const summary = transfer ? `${transfer.verb}` : '';
        entry.bar.finish([detail, summary].filter(Boolean).join(', '));
        return;
      }
      const seconds = (now() - entry.started) / 1000;
      const what = transfer
        ? [detail, transferSummary(transfer.bytes, seconds, transfer.verb)]
            .filter(Boolean)
            .join(', ')
        : `${formatBytes(total)} ${detail}`;
      ctx.terminal.err(`${verb} ${shortDigest(digest)} ${what}\n`);
    },
  };
}

/** What a finished blob transfer moved in this run. */
export interface TransferDone {
  bytes: number;
  verb: 'fetched' | 'uploaded';
}
