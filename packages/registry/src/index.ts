/**
 * @mfc/registry — an OCI distribution client for models.
 *
 * - `parseReference`: `[scheme://]host[:port]/namespace/model:tag` with
 *   Ollama's defaults (`registry.ollama.ai`, `library`, `latest`).
 * - `RegistryClient`: no `/v2/` ping; 401 challenges answered with Basic or a
 *   Bearer token (cached per scope); cross-host redirects lose Authorization.
 * - registry.ollama.ai's signed token requests (`~/.ollama/id_ed25519`,
 *   `chooseTokenScheme` says when they are used instead of Docker token auth).
 * - Credentials: containers' auth.json, docker's config.json `auths`, and
 *   `docker-credential-NAME` helpers; `storeLogin`/`removeLogin` write them
 *   like `docker login`/`logout`.
 * - `pushModel`: HEAD, mount, chunked PATCH (monolithic fallback), the exact
 *   manifest bytes last. `pullModel`: manifest (any Content-Type), blobs in
 *   parallel ranged parts with resume under `.mfc/downloads/`, manifest bytes
 *   written last; `ArtifactImporter` is the seam for ModelPack/DMR artifacts.
 */
export {
  parseReference,
  displayReference,
  registryHost,
  type RegistryRef,
  type ReferenceOptions,
} from './reference.js';
export { parseChallenges, type Challenge } from './challenge.js';
export {
  parseRegistryErrors,
  registryCodeError,
  registryError,
  registryErrors,
  unauthorizedError,
  type RegistryErrorCode,
  type RegistryResponseCode,
} from './errors.js';
export {
  findCredentials,
  dockerConfigPath,
  containersAuthPaths,
  readConfigFile,
  lookupAuths,
  helperFor,
  authKeys,
  DOCKER_HUB_KEY,
  type Credentials,
  type DockerConfig,
} from './credentials.js';
export {
  chooseTokenScheme,
  isOllamaHost,
  loadOllamaKey,
  parseOpenSshKey,
  ollamaKeyPath,
  ollamaTokenUrl,
  ollamaAuthorization,
  goQueryEscape,
  sshWire,
  ed25519FromWire,
  ed25519PublicKey,
  EMPTY_BODY_HASH,
  type OllamaKey,
} from './ollama-auth.js';
export { storeLogin, removeLogin, writeConfigFile, configKey } from './login.js';
export {
  RegistryClient,
  repositoryScope,
  type ClientOptions,
  type ClientRequest,
  type Access,
} from './client.js';
export {
  downloadBlob,
  planParts,
  parseState,
  tuningFromEnv,
  type TransferTuning,
  type DownloadState,
} from './download.js';
export {
  pullModel,
  fetchManifest,
  MANIFEST_ACCEPT,
  type PullEvent,
  type PullOptions,
  type PullResult,
  type ArtifactImporter,
} from './pull.js';
export { pushModel, type PushEvent, type PushOptions, type PushResult } from './push.js';
