export { LineIndex, type Position, type Range } from './position.js';
export {
  MfcError,
  UsageError,
  InternalError,
  REPORT_BUGS,
  catalogueError,
  atCommand,
  isMfcError,
  type CatalogueErrorOptions,
  type ErrorCatalogue,
  type ErrorCodeInfo,
  type ErrorKind,
  type Diagnostic,
  type Location,
  type RelatedLocation,
  type Severity,
} from './errors.js';
export {
  codeFrame,
  formatLocation,
  formatRelated,
  renderDiagnostic,
  ansiStyle,
  plainStyle,
  type Style,
} from './render.js';
export { closest, editDistance } from './suggest.js';
export { formatBytes } from './bytes.js';
export {
  checkInputPath,
  checkInputPathSync,
  checkInputStats,
  fileKindOf,
  readInputFile,
  type InputCheck,
} from './input-file.js';
export {
  keepOnExit,
  pendingCleanup,
  removeOnExit,
  newTempPath,
  releaseTempPath,
  discardTempPath,
  isTempFileName,
  tempFileName,
  tempFileOwner,
} from './cleanup.js';
export * from './safe-fs/index.js';
export { diskFullError, freeBytes, isDiskFull } from './disk-full.js';
