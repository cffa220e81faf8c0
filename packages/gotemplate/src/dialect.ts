/**
 * Which Go the engine imitates. `ollama` is the Go that current Ollama is
 * built with (1.22+: `{{else with}}`, range over an integer, `\b`/`\f` JSON
 * escapes); `go1.19` is the oracle's Go, used for the golden corpus.
 */
export type GoDialect = 'ollama' | 'go1.19';

export const defaultDialect: GoDialect = 'ollama';
