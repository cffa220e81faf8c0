import type { ValueNode } from '@mfc/modelfile';

/**
 * Maps indexes in a command's stored value (`value.value`: quotes removed,
 * dropped characters removed, trimmed) back to offsets in the source text, so
 * a problem found inside a value (a template error) gets its true position.
 * Returns a function from value index (0…length) to source offset.
 */
export function valueToSource(value: ValueNode, sourceText: string): (index: number) => number {
  const start = value.contentRange.start.offset;
  const end = value.contentRange.end.offset;
  const dropped = new Set(value.dropped.map((d) => d.range.start.offset));
  const offsets: number[] = [];
  let kept = '';
  for (let i = start; i < end;) {
    const cp = sourceText.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (!dropped.has(i)) {
      for (let k = 0; k < width; k++) offsets.push(i + k);
      kept += sourceText.slice(i, i + width);
    }
    i += width;
  }
  offsets.push(end);
  // Trimming after dropping can shift the start (blank after a dropped character).
  const shift = Math.max(0, kept.indexOf(value.value));
  return (index) => offsets[Math.min(shift + index, offsets.length - 1)];
}
