import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineIndex, checkInputPathSync } from '@mfc/diagnostics';
import { convertError } from './error-codes.js';

/**
 * Reads a JSON file of a Hugging Face folder. Python writes non-finite
 * numbers as bare `NaN`/`Infinity`; they become null, as Ollama's converter
 * does. A syntax error gives the file, line and column.
 */
export function readJson(path: string): unknown {
  checkInputPathSync(path);
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text); // the common case; the rewrite below costs ~0.3 s on a large tokenizer.json
  } catch {
    // retried after replacing non-finite numbers; a real syntax error is reported below
  }
  const sanitized = text.replace(
    /("(?:[^"\\]|\\.)*")|-?\bNaN\b|-?\bInfinity\b/g,
    (m, str: string | undefined) => str ?? 'null',
  );
  try {
    return JSON.parse(sanitized);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const offset = m ? Number(m[1]) : 0;
    const index = new LineIndex(sanitized); // same lines as the file; replacements only change columns on their own line
    throw convertError('HF_BAD_JSON', `${path} is not valid JSON: ${(err as Error).message}`, {
      location: { file: path, range: index.rangeOf(offset, offset + 1) },
      cause: err,
    });
  }
}

/** Reads `dir/name` as a JSON object, or undefined when the file does not exist. */
export function readJsonObject(dir: string, name: string): Record<string, unknown> | undefined {
  const path = join(dir, name);
  if (!existsSync(path)) return undefined;
  const value = readJson(path);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw convertError('HF_BAD_JSON', `${path} must hold a JSON object`, {
      location: { file: path },
    });
  }
  return value as Record<string, unknown>;
}
