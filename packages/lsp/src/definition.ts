/** Go to definition on FROM/ADAPTER/DRAFT paths: the file the path names. */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { expandPath } from '@mfc/lint';
import type { ParseResult } from '@mfc/modelfile';
import type { Location } from 'vscode-languageserver';

const PATH_INSTRUCTIONS = new Set(['from', 'adapter', 'draft']);

/**
 * The file a FROM/ADAPTER/DRAFT value at `offset` names, resolved as Ollama
 * does (relative to the Modelfile's folder, `~` is home); undefined when the
 * cursor is elsewhere, the value is a model name, or nothing exists there.
 * A folder (safetensors model) is returned as its folder URI.
 */
export function definitionAt(
  parse: ParseResult,
  offset: number,
  baseDir: string,
): Location | undefined {
  const command = parse.ast.commands.find(
    (c) =>
      PATH_INSTRUCTIONS.has(c.instruction) &&
      c.value.range.start.offset <= offset &&
      offset <= c.value.range.end.offset,
  );
  if (!command || command.value.value === '') return undefined;
  // A bare word may still be a local file or folder: Ollama tests the path first.
  const path = expandPath(command.value.value, baseDir);
  if (path === undefined || !exists(path)) return undefined;
  const zero = { line: 0, character: 0 };
  return { uri: pathToFileURL(path).href, range: { start: zero, end: zero } };
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
