/**
 * Go's text/template, ported: lexer, parser (parse trees with Go's node
 * types), executor and Go's builtin functions. Nothing here knows Ollama's
 * chat data model or Jinja; that is @mfc/chat-templates.
 */
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
export { sprint, sprintf, sprintln } from './fmt.js';
export { formatFloat } from '@mfc/gocompat';
export { marshal as goJsonMarshal, goJsonIndent } from './json.js';
export { defaultDialect, type GoDialect } from './dialect.js';
export { Tree } from './parse.js';
export { ActionNode, CommandNode, FieldNode, ListNode, PipeNode, type Node } from './node.js';
export { Typed, ifaceType, intType, stringType, type GoType, type Value } from './value.js';
