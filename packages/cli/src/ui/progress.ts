import { formatBytes } from '@mfc/diagnostics';
import type { Terminal } from './terminal.js';

/** Progress of one long piece of work, in bytes or items. */
export interface Progress {
  update(done: number, detail?: string): void;
  finish(detail?: string): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: 'bytes' | 'items';
  /**
   * Work already done before this run (a resumed download's bytes on disk):
   * shown in the count, left out of the rate and the ETA.
   */
  initial?: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  const s = Math.round(seconds);
  if (s < 1) return '<1s';
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * Seconds left for `remaining` work of which `moved` was done in `elapsed`
 * seconds; Infinity (shown `--`) until the estimate means something: not in
 * the first second, and not before 5 % is done unless 10 s have passed (an
 * estimate from the first percent is noise; it read `0s` at 1 %).
 */
export function etaSeconds(remaining: number, moved: number, elapsed: number): number {
  if (moved <= 0 || elapsed < 1 || remaining <= 0) return Infinity;
  if (moved / remaining < 0.05 && elapsed < 10) return Infinity;
  return (remaining - moved) / (moved / elapsed);
}

/** `24.0 MB fetched in 8s (3.00 MB/s)`: how a finished transfer reads in a log. */
export function transferSummary(bytes: number, seconds: number, verb: string): string {
  const rate = seconds > 0 ? `${formatBytes(Math.round(bytes / seconds))}/s` : '--/s';
  return `${formatBytes(bytes)} ${verb} in ${formatDuration(seconds)} (${rate})`;
}

const silent: Progress = { update() {}, finish() {} };

/**
 * A progress reporter on stderr. On a TTY it redraws one bar line (at most
 * every 100 ms); in `--json` mode it prints one JSON event per line (at most
 * every 500 ms, plus start and end); otherwise (CI logs, a pipe) it prints a
 * plain line every 5 s of a long job, and a last one when it ends, so short
 * jobs stay silent and long ones show they are moving.
 */
export function createProgress(
  terminal: Terminal,
  options: ProgressOptions,
  mode: 'auto' | 'json' | 'off' = 'auto',
  now: () => number = () => performance.now(),
): Progress {
  if (mode === 'off') return silent;
  const started = now();
  let lastDraw = -Infinity;
  const unit = options.unit ?? 'bytes';
  const fmt = (n: number) => (unit === 'bytes' ? formatBytes(n) : String(n));

  if (mode === 'json') {
    const emit = (event: string, done: number, detail?: string) =>
      terminal.err(
        JSON.stringify({
          event,
          label: options.label,
          done,
          total: options.total ?? null,
          detail: detail ?? null,
        }) + '\n',
      );
    emit('start', 0);
    let last = 0;
    return {
      update(done, detail) {
        last = done;
        const t = now();
        if (t - lastDraw < 500) return;
        lastDraw = t;
        emit('progress', done, detail);
      },
      finish(detail) {
        emit('end', options.total ?? last, detail);
      },
    };
  }

  const plain = !terminal.stderrIsTTY;
  let printedPlain = false;
  let last = 0;
  const initial = options.initial ?? 0;
  const draw = (done: number, detail?: string, final = false) => {
    const elapsed = (now() - started) / 1000;
    const moved = Math.max(0, done - initial);
    const rate = elapsed > 0 ? moved / elapsed : 0;
    const width = 24;
    let line = `${options.label} `;
    if (options.total) {
      const frac = Math.min(1, done / options.total);
      const filled = Math.round(frac * width);
      const eta = etaSeconds(options.total - initial, moved, elapsed);
      line += `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${fmt(done)}/${fmt(options.total)}`;
      if (unit === 'bytes') line += ` ${formatBytes(Math.round(rate))}/s`;
      if (!final) line += ` ETA ${formatDuration(eta)}`;
    } else {
      line += fmt(done);
      if (unit === 'bytes') line += ` ${formatBytes(Math.round(rate))}/s`;
    }
    if (detail) line += ` ${detail}`;
    if (plain) terminal.err(`${line}\n`);
    else terminal.err(`\r\u001b[2K${line}${final ? '\n' : ''}`);
  };
  if (plain) lastDraw = started;
  return {
    update(done, detail) {
      last = done;
      const t = now();
      if (t - lastDraw < (plain ? 5000 : 100)) return;
      lastDraw = t;
      printedPlain = plain;
      draw(done, detail);
    },
    finish(detail) {
      if (plain && !printedPlain) return;
      draw(options.total ?? last, detail, true);
    },
  };
}
