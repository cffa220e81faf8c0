/** What llama-quantize reports while it runs, parsed from its log lines. */
export type QuantizeEvent =
  | { kind: 'start'; tensors: number }
  | {
      kind: 'tensor';
      /** 1-based, as printed. */
      index: number;
      total: number;
      name: string;
      shape: number[];
      /** The input tensor type (`f16`, `q4_K`, …). */
      from: string;
      /** The new type, or undefined when the tensor is copied unchanged. */
      to?: string;
      sizeMiB: number;
      newSizeMiB: number;
    }
  | { kind: 'warning'; message: string }
  | { kind: 'summary'; modelSizeMiB: number; quantSizeMiB: number };

const PREFIX = /\[\s*(\d+)\/\s*(\d+)\]\s+(\S+)\s+- \[([^\]]*)\], type =\s*(\S+),/;
const CONVERTED = /converting to (\S+) \.\. size =\s*([\d.]+) MiB ->\s*([\d.]+) MiB/;
const COPIED = /size =\s*([\d.]+) MiB\s*$/;
const LOADED = /loaded meta data with \d+ key-value pairs and (\d+) tensors/;
const SIZE = /(model|quant) size\s*=\s*([\d.]+) MiB/;

/**
 * Turns llama-quantize's stderr lines into events. A tensor line is printed
 * in two pieces (before and after the work), and warnings such as a
 * "falling back" type change may come in between, so the parser keeps the
 * unfinished prefix until the sizes arrive.
 */
export class QuantizeOutputParser {
  private pending: string | undefined;
  private modelSizeMiB: number | undefined;

  push(line: string): QuantizeEvent[] {
    const events: QuantizeEvent[] = [];
    const loaded = LOADED.exec(line);
    if (loaded) return [{ kind: 'start', tensors: Number(loaded[1]) }];
    const size = SIZE.exec(line);
    if (size) {
      if (size[1] === 'model') this.modelSizeMiB = Number(size[2]);
      else if (this.modelSizeMiB !== undefined) {
        events.push({
          kind: 'summary',
          modelSizeMiB: this.modelSizeMiB,
          quantSizeMiB: Number(size[2]),
        });
      }
      return events;
    }
    const prefixAt = line.search(PREFIX);
    let text = line;
    if (prefixAt >= 0) {
      this.pending = undefined;
      text = line.slice(prefixAt);
    } else if (this.pending !== undefined && /size =/.test(line)) {
      text = this.pending + ' ' + line;
    } else {
      if (/falling back|WARNING|warning:|did not find weights/.test(line)) {
        events.push({ kind: 'warning', message: line.replace(/^[=\s]+/, '').trim() });
      }
      return events;
    }
    const tensor = parseTensor(text);
    if (tensor) {
      this.pending = undefined;
      events.push(tensor);
    } else {
      this.pending = text;
      const rest = text.replace(PREFIX, '').trim();
      if (/falling back/.test(rest)) events.push({ kind: 'warning', message: rest });
    }
    return events;
  }
}

function parseTensor(text: string): QuantizeEvent | undefined {
  const m = PREFIX.exec(text);
  if (!m) return undefined;
  const shape = m[4]
    .split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isFinite(n));
  const base = {
    kind: 'tensor' as const,
    index: Number(m[1]),
    total: Number(m[2]),
    name: m[3],
    shape,
    from: m[5],
  };
  const converted = CONVERTED.exec(text);
  if (converted) {
    return {
      ...base,
      to: converted[1],
      sizeMiB: Number(converted[2]),
      newSizeMiB: Number(converted[3]),
    };
  }
  const copied = COPIED.exec(text);
  if (copied) return { ...base, sizeMiB: Number(copied[1]), newSizeMiB: Number(copied[1]) };
  return undefined;
}
