import type { GgufFile } from '@mfc/gguf';
import type { CommandNode } from '@mfc/modelfile';
import { expandPath } from './paths.js';
import type { RuleContext } from './rule.js';

/** A GGUF file named by a command, with the command. */
export interface LocalGguf {
  command: CommandNode;
  path: string;
  gguf: GgufFile;
}

/** Reads the GGUF file a FROM/ADAPTER/DRAFT value names, if it is a local GGUF. */
export async function ggufOf(
  context: RuleContext,
  command: CommandNode,
): Promise<LocalGguf | undefined> {
  const value = command.value.value;
  if (value === '') return undefined;
  const path = expandPath(value, context.baseDir);
  if (path === undefined) return undefined;
  const gguf = await context.openGguf(path);
  return gguf ? { command, path, gguf } : undefined;
}

/** `general.type`, lower-cased, or ''. */
export function ggufKind(gguf: GgufFile): string {
  const t = gguf.get('general.type');
  return typeof t === 'string' ? t.toLowerCase() : '';
}

/**
 * The base model among the FROM lines: the first local GGUF that is not an
 * adapter or a vision/audio projector (Ollama's classification).
 */
export async function baseModel(context: RuleContext): Promise<LocalGguf | undefined> {
  for (const cmd of context.ast.commands) {
    if (cmd.instruction !== 'from') continue;
    const local = await ggufOf(context, cmd);
    if (!local) continue;
    const kind = ggufKind(local.gguf);
    if (
      kind === 'adapter' ||
      kind === 'projector' ||
      kind === 'mmproj' ||
      local.gguf.architecture === 'clip'
    )
      continue;
    return local;
  }
  return undefined;
}
