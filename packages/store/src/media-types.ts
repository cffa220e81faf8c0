/** Ollama's media types (`manifest/layer.go`, `server/create.go`). */
export const MediaType = {
  manifest: 'application/vnd.docker.distribution.manifest.v2+json',
  config: 'application/vnd.docker.container.image.v1+json',
  model: 'application/vnd.ollama.image.model',
  projector: 'application/vnd.ollama.image.projector',
  adapter: 'application/vnd.ollama.image.adapter',
  draft: 'application/vnd.ollama.image.draft',
  template: 'application/vnd.ollama.image.template',
  system: 'application/vnd.ollama.image.system',
  license: 'application/vnd.ollama.image.license',
  params: 'application/vnd.ollama.image.params',
  messages: 'application/vnd.ollama.image.messages',
  /** Legacy, read as a template. */
  prompt: 'application/vnd.ollama.image.prompt',
  /** Legacy, ignored. */
  embed: 'application/vnd.ollama.image.embed',
} as const;
