// Replaced at bundle time by scripts/build.mjs with the root package's version.
declare const __MFC_VERSION__: string | undefined;
export const VERSION: string = typeof __MFC_VERSION__ === 'string' ? __MFC_VERSION__ : '0.0.0-dev';
