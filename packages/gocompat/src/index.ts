/**
 * The parts of Go's standard library mfc must match byte for byte, in one
 * place: `unicode.IsPrint`, `strconv` and `encoding/json`. Used by the
 * Modelfile scanner, the text/template port and the Ollama store.
 */
export { isPrint } from './unicode.js';
export {
  SyntaxError_,
  unquote,
  unquoteChar,
  parseGoInt,
  parseGoFloat,
  goQuoteString,
  formatFloat,
} from './strconv.js';
export {
  JsonError,
  encodeGoJson,
  marshalGoJson,
  quoteJsonString,
  formatJsonFloat,
  compareUtf8,
  float32Shortest,
  type GoJsonValue,
} from './json.js';
