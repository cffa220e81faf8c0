import { MfcError, atCommand, type Location } from '@mfc/diagnostics';
import { builderError } from './error-codes.js';
import { architectureOf, fileTypeLabel, openGguf, type GgufFile } from '@mfc/gguf';
import { MediaType } from '@mfc/store';
import { hasGgufMagic } from './sources.js';

export { architectureOf, fileTypeLabel };

export type GgufKind = 'model' | 'projector' | 'adapter';

export const mediaTypeOfKind: Record<GgufKind, string> = {
  model: MediaType.model,
  projector: MediaType.projector,
  adapter: MediaType.adapter,
};

function str(f: GgufFile, key: string): string | undefined {
  const v = f.get(key);
  return typeof v === 'string' ? v : undefined;
}

function num(f: GgufFile, key: string): number | undefined {
  const v = f.get(key);
  return typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined;
}

/**
 * Ollama's classification of a GGUF file given in FROM or ADAPTER
 * (`server/create.go`): adapter by `general.type`; projector by type, or a
 * vision/audio encoder without language-model blocks; otherwise a model.
 */
export function classifyGguf(f: GgufFile): GgufKind {
  const type = str(f, 'general.type');
  if (type === 'adapter') return 'adapter';
  if (type === 'projector' || type === 'mmproj') return 'projector';
  const arch = architectureOf(f);
  const blocks = num(f, `${arch}.block_count`);
  const visionBlocks = num(f, `${arch}.vision.block_count`);
  if (!blocks && visionBlocks !== undefined && visionBlocks > 0) return 'projector';
  if (
    arch === 'clip' &&
    blocks === undefined &&
    (f.get('clip.has_vision_encoder') === true || f.get('clip.has_audio_encoder') === true)
  ) {
    return 'projector';
  }
  return 'model';
}

/**
 * Opens a file a Modelfile command names, which must be GGUF (`supplied file
 * was not in GGUF format` otherwise). Errors are placed at the command's line
 * (`location`), with the file and byte offset where the problem is as a
 * related location, and `command` (e.g. `ADAPTER ./x.gguf`) leading the message.
 */
export async function openGgufInput(
  path: string,
  location: Location,
  command?: string,
): Promise<GgufFile> {
  try {
    if (!(await hasGgufMagic(path)))
      throw builderError('BUILD_NOT_GGUF', 'supplied file was not in GGUF format', {
        location: { file: path, byteOffset: 0 },
      });
    return await openGguf(path);
  } catch (err) {
    if (err instanceof MfcError && location.range) throw atCommand(err, location, command);
    throw err;
  }
}
