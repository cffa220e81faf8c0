import { RegistryClient, type RegistryRef } from '@mfc/registry';
import type { CommandContext, OptionSpec } from './command.js';
import { formatBytes, type Progress } from './ui/progress.js';
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
 * with --json, and on a plain stderr (CI logs) one line when a blob finishes.
 */
export function blobProgress(ctx: CommandContext, verb: string) {
  const bars = new Map<string, Progress>();
  const plain =
    !ctx.terminal.stderrIsTTY && ctx.options.json !== true && ctx.options.quiet !== true;
  return {
    update(digest: string, total: number, done: number) {
      let bar = bars.get(digest);
      if (!bar) {
        bar = ctx.progress({ label: `${verb} ${shortDigest(digest)}`, total, unit: 'bytes' });
        bars.set(digest, bar);
      }
      bar.update(done);
    },
    finish(digest: string, total: number, detail: string) {
      let bar = bars.get(digest);
      if (!bar) {
        bar = ctx.progress({ label: `${verb} ${shortDigest(digest)}`, total, unit: 'bytes' });
        bars.set(digest, bar);
      }
      bar.finish(detail);
      if (plain)
        ctx.terminal.err(`${verb} ${shortDigest(digest)} ${formatBytes(total)} ${detail}\n`);
    },
  };
}
