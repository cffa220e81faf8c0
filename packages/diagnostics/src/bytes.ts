/**
 * A byte count for people, in SI units as Ollama and most download tools show
 * them: `812 B`, `1.23 MB`, `19.5 MB`, `812 MB` (three significant digits).
 * The one formatter for progress, listings, model cards and disk-full errors.
 */
export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)} ${units[i]}`;
}
