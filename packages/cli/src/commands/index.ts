import type { Command } from '../command.js';

/**
 * Every subcommand, loaded only when it runs (or when its --help is asked
 * for), so `mfc --version` and `mfc lint` do not pay for the GGUF layer.
 * Keep this list in the order `mfc --help` shows it.
 */
export interface CommandEntry {
  summary: string;
  load: () => Promise<{ default: Command }>;
}

export const commands: Record<string, CommandEntry> = {
  inspect: {
    summary: 'Describe a GGUF or safetensors model: architecture, parameters, metadata, tensors',
    load: () => import('./inspect.js'),
  },
  lint: {
    summary: 'Check Modelfiles for mistakes Ollama would reject or silently ignore',
    load: () => import('./lint.js'),
  },
  parse: {
    summary: 'Print the commands Ollama reads from Modelfiles (or their syntax errors)',
    load: () => import('./parse.js'),
  },
  fmt: {
    summary: 'Format Modelfiles canonically (Ollama’s own layout, comments kept)',
    load: () => import('./fmt.js'),
  },
  lsp: {
    summary: 'Run the Modelfile language server (for editors)',
    load: () => import('./lsp.js'),
  },
  template: {
    summary: 'Render, check and compare Go chat templates exactly as Ollama runs them',
    load: () => import('./template.js'),
  },
  init: {
    summary: 'Write a Modelfile for a GGUF file, a Hugging Face folder or an hf.co/… model',
    load: () => import('./init.js'),
  },
  build: {
    summary: 'Compile a Modelfile into a model in Ollama’s store (like `ollama create`)',
    load: () => import('./build.js'),
  },
  pull: {
    summary: 'Download a model from a registry or Hugging Face (hf.co/…) into the store',
    load: () => import('./pull.js'),
  },
  push: {
    summary: 'Upload a model to a registry (Ollama’s, or any OCI registry)',
    load: () => import('./push.js'),
  },
  login: {
    summary: 'Store credentials for a registry (in docker’s config.json, like docker login)',
    load: () => import('./login.js'),
  },
  logout: {
    summary: 'Remove stored credentials for a registry (like docker logout)',
    load: () => import('./logout.js'),
  },
  convert: {
    summary: 'Convert a Hugging Face safetensors folder to a GGUF file',
    load: () => import('./convert.js'),
  },
  export: {
    summary:
      'Write models to an OCI image layout (tar or folder): Ollama, ModelPack or Docker format',
    load: () => import('./export.js'),
  },
  import: {
    summary:
      'Import models from an OCI image layout: Ollama, ModelPack, Docker Model Runner, KitOps',
    load: () => import('./import.js'),
  },
  card: {
    summary: 'Write a Hugging Face model card (README.md) for a model in the store',
    load: () => import('./card.js'),
  },
  list: {
    summary: 'List the models in the store',
    load: () => import('./list.js'),
  },
  show: {
    summary: 'Show a model’s details, Modelfile, template, parameters or license',
    load: () => import('./show.js'),
  },
  cp: {
    summary: 'Copy a model to a new name',
    load: () => import('./cp.js'),
  },
  rm: {
    summary: 'Remove models and the blobs only they use',
    load: () => import('./rm.js'),
  },
  prune: {
    summary: 'Delete blobs no model references',
    load: () => import('./prune.js'),
  },
  cache: {
    summary: 'List or clear the quantize result cache',
    load: () => import('./cache.js'),
  },
  quantize: {
    summary: 'Quantize a GGUF model with llama.cpp (every type llama-quantize has)',
    load: () => import('./quantize.js'),
  },
  run: {
    summary: 'Load a built model with llama.cpp and generate a few tokens (a smoke test)',
    load: () => import('./run.js'),
  },
  doctor: {
    summary: 'Check the llama.cpp tools mfc uses: where they are, their version, what is missing',
    load: () => import('./doctor.js'),
  },
};
