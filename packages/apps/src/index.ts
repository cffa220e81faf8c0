/**
 * @mfc/apps — mfc beyond Ollama's store: `mfc init` (a Modelfile for a model),
 * model cards, export to LM Studio / Jan / GPT4All and publishing to Hugging Face.
 *
 *   initModelfile(source, { cwd, outFile }): Promise<GeneratedModelfile>
 *   generateModelfile(facts, { outFile }): GeneratedModelfile
 *   modelFacts(path): Promise<ModelFacts>           (GGUF header or HF folder)
 */
export {
  modelFacts,
  ggufFacts,
  hfFolderFacts,
  factsOfGguf,
  findSourceIn,
  type ModelFacts,
} from './facts.js';
export {
  initModelfile,
  generateModelfile,
  INIT_MAX_NUM_CTX,
  type InitOptions,
  type InitSourceOptions,
  type GeneratedModelfile,
} from './init.js';
export { storedModelInfo, type StoredModelInfo } from './model-info.js';
export {
  modelCard,
  examplePrompt,
  modelBaseName,
  defaultGgufFileName,
  type CardOptions,
} from './card.js';
export {
  goTemplateToJinja,
  checkTranslation,
  translateVerified,
  translationConversations,
  GoToJinjaError,
  type TranslationCheck,
} from './go-to-jinja.js';
export {
  exportToApp,
  defaultAppDir,
  jinjaForExport,
  APP_NAMES,
  type AppName,
  type ExportToAppOptions,
  type ExportResult,
} from './export.js';
export { pushToHf, type HfPushOptions, type HfPushResult } from './push-hf.js';
export {
  pullHfToStore,
  hfModelName,
  type HfStorePullOptions,
  type HfStorePullResult,
  type HfStoredModel,
  type ModelStorage,
} from './pull-hf.js';
export { appsErrors, appsError, type AppsErrorCode } from './error-codes.js';
