/** A stored model with what cards, exports and pushes need: its GGUF, facts and text layers. */
import { requireModelLayer, resolveRunnable, type Runnable } from '@mfc/builder';
import { openGguf, type GgufFile } from '@mfc/gguf';
import type { Store } from '@mfc/store';
import { factsOfGguf, type ModelFacts } from './facts.js';

export interface StoredModelInfo {
  runnable: Runnable;
  /** The model blob (the GGUF llama.cpp loads). */
  ggufPath: string;
  gguf: GgufFile;
  facts: ModelFacts;
  /** The model's name without host and namespace defaults, e.g. `mymodel:latest`. */
  shortName: string;
}

export async function storedModelInfo(store: Store, name: string): Promise<StoredModelInfo> {
  const runnable = await resolveRunnable(store, name);
  const ggufPath = store.layout.blobPath(requireModelLayer(runnable).digest);
  const gguf = await openGguf(ggufPath);
  return {
    runnable,
    ggufPath,
    gguf,
    facts: factsOfGguf(gguf, ggufPath),
    shortName: runnable.model.shortName,
  };
}
