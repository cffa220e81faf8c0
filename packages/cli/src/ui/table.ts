// Aligned text tables for reports (mfc inspect).
import type { Style } from '@mfc/diagnostics';
import { formatBytes } from '@mfc/diagnostics';

/** A title and aligned `key  value` rows. */
export function formatRows(title: string, rows: [string, string][], s: Style): string {
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${s.bold(title)}\n${rows.map(([k, v]) => `  ${s.dim(k.padEnd(width))}  ${v}`).join('\n')}\n`;
}

/** A tensor table: name, type, shape, offset (right-aligned). */
export function formatTensorTable(rows: string[][], s: Style): string {
  const header = ['name', 'type', 'shape', 'offset'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (i === 3 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return `\n${s.dim(line(header))}\n${rows.map(line).join('\n')}\n`;
}

/** `A ×3, B ×1`: how often each item occurs, most common first. */
export function histogram(items: string[]): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(i, (counts.get(i) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ×${n}`)
    .join(', ');
}

/** `19.5 MB (19,474,432 bytes)` */
export function humanBytes(n: number): string {
  return `${formatBytes(n)} (${n.toLocaleString('en-US')} bytes)`;
}
