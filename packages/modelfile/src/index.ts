/**
 * @mfc/modelfile — the Modelfile language: an Ollama-exact parser with a
 * syntax tree, the Ollama command view, parameter conversion and a formatter.
 *
 *   parseModelfile(text: string | Uint8Array, options?: { file?: string }): ParseResult
 *     → { ast, commands, errors, source, file }
 *   parseModelfileOrThrow(text, options): ParseResult        (throws MfcError on the first error)
 *   parseErrorToDiagnostic(error): Diagnostic
 *   convertParameter(name, value): ParameterConversion      (Ollama's FormatParams, one line)
 *   format(result: ParseResult): string                      (canonical text, comments kept, line ends in the file's style)
 *   ollamaString(commands: OllamaCommand[]): string          (Ollama's Modelfile.String())
 *   PARAMETERS, INSTRUCTION_INFO                             (the reference table: types, defaults, ranges, docs)
 */
export * from './ast.js';
export { parseModelfile, parseModelfileOrThrow, parseErrorToDiagnostic } from './parse.js';
export { decodeModelfile, encodeModelfile, type DecodedText } from './decode.js';
export {
  convertParameter,
  parameterType,
  PARAMETER_TYPES,
  DEPRECATED_PARAMETERS,
  type ParameterType,
  type ParameterConversion,
} from './params.js';
export { format, lineEnding, ollamaString, ollamaQuote } from './format.js';
export {
  PARAMETERS,
  INSTRUCTION_INFO,
  MESSAGE_ROLES,
  BOOL_VALUES,
  type ParameterInfo,
  type InstructionInfo,
} from './reference.js';
