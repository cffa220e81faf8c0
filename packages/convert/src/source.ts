import { basename, join } from 'node:path';
import { MfcError, atCommand, type Location } from '@mfc/diagnostics';
import { convertError } from './error-codes.js';
import { hubSettings, parseHfReference, pullFromHub, type FileProgress } from '@mfc/hf';
import { convertHfToGguf } from './convert.js';
import type { OutType } from './plan.js';

/** A non-GGUF model source, as a Modelfile's FROM names it. */
export interface ModelSourceRequest {
  /** `hf`: a `hf.co/ORG/REPO[:QUANT][@REV]` reference; `safetensors`: a local Hugging Face folder. */
  kind: 'hf' | 'safetensors';
  source: string;
  /** `model` for FROM; `adapter` (PEFT LoRA) is not converted yet. */
  role?: 'model' | 'adapter';
  /** Where converted GGUF files are written. */
  workDir: string;
  /** For HF_ENDPOINT, HF_TOKEN and the cache location (default process.env). */
  env?: NodeJS.ProcessEnv;
  outType?: OutType;
  /** The Modelfile position, for errors. */
  location?: Location;
  onDownload?: (p: FileProgress) => void;
  onConvert?: (written: number, total: number) => void;
}

export interface ModelSourceResult {
  /** GGUF files to build from: the model (every part of a split set) and a projector when the repo has one. */
  files: string[];
  /** True when the files were converted from safetensors (false: GGUF files taken from the Hub as they are). */
  converted: boolean;
  warnings: string[];
}

/**
 * Turns a FROM source that is not a GGUF file into GGUF files: downloads a
 * `hf.co/…` reference into the Hugging Face cache (a GGUF repo's files are
 * used as they are), and converts safetensors (downloaded or local) to a
 * GGUF in `workDir`.
 */
export async function ggufFromModelSource(req: ModelSourceRequest): Promise<ModelSourceResult> {
  if (req.role === 'adapter') {
    throw convertError(
      'CONVERT_ADAPTER_UNSUPPORTED',
      `converting a safetensors adapter (${req.source}) is not supported yet`,
      {
        location: req.location,
        hint: "convert it with llama.cpp's convert_lora_to_gguf.py and point ADAPTER at the .gguf",
      },
    );
  }
  let dir: string;
  let name: string;
  if (req.kind === 'hf') {
    const ref = parseHfReference(req.source);
    const pulled = await pullFromHub(ref, {
      settings: hubSettings(req.env ?? process.env),
      onProgress: req.onDownload,
    }).catch((err: unknown) => {
      throw atModelfileLine(err, req.location);
    });
    if (pulled.kind === 'gguf') {
      const files = [...(pulled.modelParts ?? [])];
      if (pulled.projectorPath) files.push(pulled.projectorPath);
      return { files, converted: false, warnings: [] };
    }
    dir = pulled.snapshotDir;
    name = ref.repo.split('/')[1];
  } else {
    dir = req.source;
    name = basename(req.source.replace(/\/+$/, ''));
  }
  const out = join(req.workDir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}.gguf`);
  try {
    const r = await convertHfToGguf(dir, out, {
      name,
      outType: req.outType,
      onProgress: req.onConvert,
    });
    return { files: [r.path], converted: true, warnings: r.warnings };
  } catch (err) {
    throw atModelfileLine(err, req.location);
  }
}

/**
 * An error is reported at the Modelfile line that named the source; the file
 * (and byte offset) where it was found, if any, beside it. One already placed
 * in a text file (config.json at a line) stays there.
 */
function atModelfileLine(err: unknown, location: Location | undefined): unknown {
  if (err instanceof MfcError && location && (location.file || location.range))
    return atCommand(err, location);
  return err;
}
