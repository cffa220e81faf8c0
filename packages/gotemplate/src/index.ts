export {
  parseTemplate,
  checkTemplate,
  templateVars,
  GoTemplate,
  TemplateParseError,
  builtinFunctionNames,
  ollamaFunctionNames,
  type TemplateCheckResult,
} from './template.js';
export { GoParseError } from './parse.js';
export {
  GoExecError,
  PartialOutputError,
  executeTrees,
  type ExecOptions,
  type MissingKey,
} from './exec.js';
export {
  renderChat,
  renderMode,
  collate,
  type ChatMessage,
  type ChatValues,
  type ChatRenderResult,
  type RenderMode,
} from './ollama.js';
export {
  runCase,
  runCases,
  parseOracleDate,
  type OracleCase,
  type OracleResult,
  type BatchOptions,
} from './batch.js';
export { sprint, sprintf, sprintln } from './fmt.js';
export { formatFloat } from '@mfc/gocompat';
export { marshal as goJsonMarshal, goJsonIndent } from './json.js';
export { chatTemplates, chatTemplate, type ChatTemplateDef } from './chat-templates/library.js';
export { sampleConversations, type SampleConversation } from './chat-templates/samples.js';
export {
  selectChatTemplate,
  compareTemplates,
  renderJinja,
  normaliseForCompare,
  type SelectResult,
  type SpecialTokens,
  type ConversationComparison,
} from './chat-templates/select.js';
export { defaultDialect, type GoDialect } from './dialect.js';
