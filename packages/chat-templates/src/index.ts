/**
 * Chat templates on top of the Go template port: Ollama's chat data model
 * (`renderChat`: messages, tools, the prompt/response and fill-in-the-middle
 * modes), mfc's library of Go chat templates, the comparison with a model's
 * Jinja template, and the oracle harness the goldens run through. The only
 * package with a Jinja engine, so the linter does not load one.
 */
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
  runOracleBatch,
  parseOracleDate,
  type OracleCase,
  type OracleResult,
  type BatchOptions,
} from './batch.js';
export { chatTemplates, chatTemplate, type ChatTemplateDef } from './library.js';
export { sampleConversations, type SampleConversation } from './samples.js';
export {
  selectChatTemplate,
  compareTemplates,
  renderJinja,
  normaliseForCompare,
  templatesAgree,
  describeDifference,
  type SelectResult,
  type SpecialTokens,
  type ConversationComparison,
} from './select.js';
export {
  plainTemplateSource,
  modelfileTemplateSource,
  templateRange,
  templateParseError,
  parseTemplateSource,
  type TemplateSource,
} from './source.js';
export { chatRequestValues, chatRequestConversation } from './request.js';
export {
  loadJinjaTemplate,
  jinjaFromGguf,
  jinjaFromTokenizerConfig,
  type JinjaSource,
  type LoadJinjaOptions,
} from './jinja-source.js';
export {
  checkTemplateSource,
  compareWithJinja,
  formatComparison,
  type TemplateCheck,
  type TemplateCheckReport,
  type TemplateCheckRender,
} from './check.js';
export {
  jinjaToGo,
  translateJinjaVerified,
  jinjaTranslationConversations,
  MIN_VERIFIED_CONVERSATIONS,
  JinjaToGoError,
  type JinjaToGoResult,
  type JinjaTranslation,
} from './jinja-to-go/index.js';
