export {
  parseHfReference,
  isHfReference,
  formatHfReference,
  type HfReference,
} from './reference.js';
export { hubSettings, hfHubCacheDir, type HubSettings } from './settings.js';
export { RepoCache } from './cache.js';
export { fetchRepoSnapshot, type RepoFile, type RepoSnapshot } from './hub.js';
export {
  downloadToCache,
  resolveUrl,
  type FileProgress,
  type DownloadOptions,
} from './download.js';
export { selectFiles, quantOfFileName, QUANT_PREFERENCE, type FileSelection } from './select.js';
export { pullFromHub, type PullOptions, type PullResult, type PulledFile } from './pull.js';
export {
  startTestHub,
  type TestHub,
  type TestHubRepo,
  type TestHubContent,
  type TestHubRequest,
} from './test-hub.js';
export { hfErrors, hfError, type HfErrorCode } from './error-codes.js';
