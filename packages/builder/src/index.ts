/**
 * @mfc/builder — compiles a Modelfile into a model in Ollama's store.
 *
 *   buildModel(options: BuildOptions): Promise<BuildResult>
 *   buildQuantizations(options, types): Promise<BuildResult[]>   (`-q A,B,C`: one tag per type, quantizationTag)
 *   buildRequestFromCommands(commands, { file?, ranges? }): BuildRequest
 *   classifyGguf(gguf): 'model' | 'projector' | 'adapter'
 *   describeModel(store, model): Promise<ModelDescription>   (for `mfc show`)
 *   resolveRunnable(store, name): Promise<Runnable>              (`mfc run`, `mfc show`: the last layer of each type)
 *   modelfileOf(store, model): Promise<string>               (`mfc show --modelfile`, rebuilds the same model)
 */
export {
  buildModel,
  buildQuantizations,
  quantizationTag,
  BuildLintError,
  type BuildOptions,
  type BuildResult,
} from './build.js';
export {
  buildRequestFromCommands,
  type BuildRequest,
  type BuildMessage,
  type ParamValue,
} from './request.js';
export { classifyGguf, architectureOf, fileTypeLabel, type GgufKind } from './gguf-layer.js';
export { expandPath } from './expand-path.js';
export { mergeParams } from './params.js';
export { convertToGguf, type ConvertRequest, type ConvertResult } from './convert-source.js';
export { prepareAdapterForBuild, type PreparedAdapter } from './adapters.js';
export {
  transformModelGguf,
  ollamaTensorOverrides,
  type ModelTransformOptions,
  type TransformInput,
} from './transforms.js';
export {
  buildStatuses,
  buildWarnings,
  formatBuildWarning,
  type BuildEvent,
  type BuildEventSink,
  type BuildStatusCode,
  type BuildWarning,
  type BuildWarningCode,
} from './events.js';
export { describeModel, modelfileOf, parameterText, type ModelDescription } from './show.js';
export { requireModelLayer, resolveRunnable, type Runnable } from './runnable.js';
export {
  builderErrors,
  builderError,
  type BuilderErrorCode,
  type ModelfileErrorCode,
} from './error-codes.js';
