import { OllamaMediaType } from './media-types.js';

/**
 * Where each Ollama layer travels inside a ModelPack artifact: its ModelPack
 * layer kind and the file path it gets (`org.cncf.model.filepath`). Text
 * layers use the names Ollama itself reads from a Hugging Face repository
 * root (`template`, `system`, `params`), so the files mean something to a
 * person unpacking the artifact too.
 */
export const OLLAMA_LAYER_FILES: Record<
  string,
  { kind: 'weight' | 'weightConfig' | 'doc'; path: string; what: string }
> = {
  [OllamaMediaType.model]: { kind: 'weight', path: 'model.gguf', what: 'model weights' },
  [OllamaMediaType.projector]: { kind: 'weight', path: 'mmproj.gguf', what: 'projector' },
  [OllamaMediaType.adapter]: { kind: 'weight', path: 'adapter.gguf', what: 'adapter' },
  [OllamaMediaType.draft]: { kind: 'weight', path: 'draft.gguf', what: 'draft model' },
  [OllamaMediaType.template]: { kind: 'weightConfig', path: 'template', what: 'template' },
  [OllamaMediaType.prompt]: { kind: 'weightConfig', path: 'prompt', what: 'prompt template' },
  [OllamaMediaType.system]: { kind: 'weightConfig', path: 'system', what: 'system prompt' },
  [OllamaMediaType.params]: { kind: 'weightConfig', path: 'params', what: 'parameters' },
  [OllamaMediaType.messages]: { kind: 'weightConfig', path: 'messages.json', what: 'messages' },
  [OllamaMediaType.license]: { kind: 'doc', path: 'LICENSE', what: 'license' },
};

/** The Ollama config and manifest travel as these files, which make the round trip exact. */
export const OLLAMA_CONFIG_FILE = 'ollama/config.json';
export const OLLAMA_MANIFEST_FILE = 'ollama/manifest.json';

/** Annotation naming a layer's Ollama media type inside a foreign artifact. */
export const OLLAMA_MEDIATYPE_ANNOTATION = 'ai.ollama.image.mediatype';

/** `model.gguf`, `model-2.gguf`, …: distinct paths for repeated layer types. */
export function numberedPath(path: string, n: number): string {
  if (n === 1) return path;
  const dot = path.indexOf('.');
  return dot < 0 ? `${path}-${n}` : `${path.slice(0, dot)}-${n}${path.slice(dot)}`;
}
