/**
 * Parameters that older Ollama versions accepted and that `ollama create` now
 * rejects with `unknown parameter '<name>'`; old tutorials still teach them.
 * The value says why the line can go.
 */
export const REMOVED_PARAMETERS: Readonly<Record<string, string>> = Object.freeze({
  tfs_z: 'tail-free sampling was removed from llama.cpp and Ollama; delete the line',
  num_gqa: 'the number of GQA groups is read from the model file now; delete the line',
  numa: 'NUMA is configured on the Ollama server now, not per model; delete the line',
  rope_frequency_base: 'RoPE settings are read from the model file now; delete the line',
  rope_frequency_scale: 'RoPE settings are read from the model file now; delete the line',
  rms_norm_eps: 'the normalisation epsilon is read from the model file now; delete the line',
  embedding_only: 'embedding models are detected from the model file now; delete the line',
});

export function isRemovedParameter(name: string): boolean {
  return Object.hasOwn(REMOVED_PARAMETERS, name);
}
