export { mfcCacheDir, nodeLlamaCppDir, prebuiltBinsDir } from './paths.js';
export { bundledLlamaCppVersion, llamaCppSource, type LlamaCppSource } from './source.js';
