/**
 * The syntax tree of a Modelfile, as produced by `parseModelfile`.
 * Every node carries its source range (1-based line/column, 0-based offset,
 * CRLF counted as one line break) in the decoded text (`ParseResult.source`).
 */
import type { LineIndex, Range } from '@mfc/diagnostics';

export type { Position, Range } from '@mfc/diagnostics';

/** The 11 instructions Ollama accepts, lower-case (keywords are matched case-insensitively). */
export type Instruction =
  | 'from'
  | 'license'
  | 'template'
  | 'system'
  | 'adapter'
  | 'draft'
  | 'renderer'
  | 'parser'
  | 'parameter'
  | 'message'
  | 'requires';

/** Instructions whose command has no sub-name: `<KEYWORD> <value>`. */
export type SimpleInstruction = Exclude<Instruction, 'from' | 'parameter' | 'message'>;

/** The roles Ollama accepts after MESSAGE (case-sensitive). */
export type MessageRole = 'system' | 'user' | 'assistant';

/** A piece of source text with its range. */
export interface Token {
  /** The text exactly as written in the source. */
  text: string;
  /** Where it is. */
  range: Range;
}

/** The instruction keyword of a command, e.g. `From` in `From llama3`. */
export interface KeywordNode extends Token {
  type: 'Keyword';
  /** The instruction, lower-cased. */
  instruction: Instruction;
}

/** How a value is quoted: not at all, `"…"` or `"""…"""`. */
export type QuoteStyle = 'none' | 'double' | 'triple';

/** A character Ollama silently removes from a value (not printable in Go's `strconv.IsPrint`). */
export interface DroppedCharacter {
  /** The character itself (one code point). */
  char: string;
  /** Its Unicode code point. */
  codePoint: number;
  /** Where it is. */
  range: Range;
}

/** The value (argument) of a command. */
export interface ValueNode {
  type: 'Value';
  /** Source text of the value without surrounding blanks/line breaks, quotes included, dropped characters included. */
  raw: string;
  /** What Ollama stores: dropped characters removed, trimmed, quotes removed (no escapes exist). */
  value: string;
  /** The quoting style Ollama recognised. */
  quote: QuoteStyle;
  /** Range of `raw` (an empty range right after the keyword when the value is empty). */
  range: Range;
  /** Range of the text between the quotes (equals `range` when unquoted). */
  contentRange: Range;
  /** Range of the opening `"` or `"""`, when quoted. */
  openQuote?: Range;
  /** Range of the closing `"` or `"""`, when quoted. */
  closeQuote?: Range;
  /** Characters inside the value that Ollama drops silently (zero-width joiners, NBSP, controls, …). */
  dropped: DroppedCharacter[];
}

interface CommandBase {
  type: 'Command';
  /** The instruction keyword as written. */
  keyword: KeywordNode;
  /** The value. */
  value: ValueNode;
  /** From the keyword to the end of the value. */
  range: Range;
  /** The command name as Ollama's parser returns it (`model` for FROM, the parameter name for PARAMETER). */
  name: string;
  /** The argument as Ollama's parser returns it (`role: content` for MESSAGE). */
  args: string;
}

/** `FROM <model | path>`; Ollama names it `model`. */
export interface FromCommand extends CommandBase {
  instruction: 'from';
}

/** `PARAMETER <name> <value>`; Ollama names the command after the parameter, case kept. */
export interface ParameterCommand extends CommandBase {
  instruction: 'parameter';
  /** The parameter name (may be empty text when two blanks follow PARAMETER). */
  parameter: Token;
}

/** `MESSAGE <role> <content>`. */
export interface MessageCommand extends CommandBase {
  instruction: 'message';
  /** The role token. */
  role: Token & { role: MessageRole };
}

/** LICENSE, TEMPLATE, SYSTEM, ADAPTER, DRAFT, RENDERER, PARSER, REQUIRES. */
export interface SimpleCommand extends CommandBase {
  instruction: SimpleInstruction;
}

/** Any command that parsed. */
export type CommandNode = FromCommand | ParameterCommand | MessageCommand | SimpleCommand;

/** A `# …` comment line (Ollama only recognises `#` where a command could start). */
export interface CommentNode {
  type: 'Comment';
  /** The text after `#`, without the line break. */
  text: string;
  /** From `#` to the end of the line. */
  range: Range;
}

/**
 * A command that failed to parse, kept for editors (error recovery): as much
 * of it as was written. Not part of `body`/`commands` (Ollama rejects the
 * file); its syntax error is in `ParseResult.errors`.
 */
export interface BrokenCommandNode {
  type: 'BrokenCommand';
  /** The keyword as written (may be misspelt), without the blank after it. */
  keyword: Token;
  /** The instruction, when the keyword is one (case-insensitively). */
  instruction?: Instruction;
  /** The parameter name or message role, as far as it was written. */
  sub?: Token;
  /** The value text as written (quotes included, an unclosed quote runs to the end of the file). */
  value?: Token;
  /** From the keyword to the end of what was written. */
  range: Range;
  /** The code of the syntax error that broke it. */
  error: ParseErrorCode;
}

/** How the input bytes were decoded (Ollama's BOM rules). */
export type SourceEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The whole file. */
export interface ModelfileAst {
  type: 'Modelfile';
  /** Commands and comments in source order. */
  body: (CommandNode | CommentNode)[];
  /** Only the commands, in source order. */
  commands: CommandNode[];
  /** Only the comments, in source order. */
  comments: CommentNode[];
  /** Commands that failed to parse, in source order (for editors; see `BrokenCommandNode`). */
  broken: BrokenCommandNode[];
  /** Encoding the input was decoded with. */
  encoding: SourceEncoding;
  /** Whether the input started with a byte order mark (not part of the decoded text). */
  bom: boolean;
  /** The whole decoded text. */
  range: Range;
}

/** One command exactly as Ollama's `parser.ParseFile` returns it (`parser.Command`). */
export interface OllamaCommand {
  /** `model`, `adapter`, `license`, `template`, `system`, `draft`, `renderer`, `parser`, `requires`, `message`, or a parameter name. */
  name: string;
  /** The argument; for `message`, `<role>: <content>`. */
  args: string;
}

/** Stable codes of the syntax errors (one per kind of error Ollama's parser raises). */
export type ParseErrorCode =
  /** `command must be one of …` — an unknown instruction, or a keyword not followed by a blank. */
  | 'MODELFILE_INVALID_COMMAND'
  /** `message role must be one of …`. */
  | 'MODELFILE_INVALID_ROLE'
  /** `unexpected EOF: <name>` — a bad character (or line break) in a PARAMETER name or MESSAGE role. */
  | 'MODELFILE_INVALID_NAME'
  /** `unexpected EOF` — the file ends inside an instruction name, parameter name or role. */
  | 'MODELFILE_UNEXPECTED_EOF'
  /** `unexpected EOF` — the file ends inside an open `"` or `"""` value. */
  | 'MODELFILE_UNTERMINATED_QUOTE'
  /** `no FROM line`. */
  | 'MODELFILE_NO_FROM';

/** A syntax error, with Ollama's message and the true position. */
export interface ModelfileParseError {
  /** Stable machine-readable code. */
  code: ParseErrorCode;
  /** Ollama's own error text, without its `(line N): ` prefix, e.g. `command must be one of …`. */
  message: string;
  /** Exactly what Ollama prints (`(line N): …`, with Ollama's line count: CR and LF each count). */
  ollamaMessage: string;
  /** A clearer explanation of what went wrong and how to fix it. */
  hint: string;
  /** Where the problem is (true line/column, CRLF counted once). */
  range: Range;
  /** The file name given in the options, if any. */
  file?: string;
}

/** Everything `parseModelfile` returns. */
export interface ParseResult {
  /** The syntax tree (commands that failed to parse are left out). */
  ast: ModelfileAst;
  /** The Ollama view: the commands Ollama would return (when `errors` is empty). */
  commands: OllamaCommand[];
  /** All syntax errors, in source order, `no FROM line` last; `errors[0]` is the one Ollama reports. */
  errors: ModelfileParseError[];
  /** The decoded text with a line index (for ranges and code frames). */
  source: LineIndex;
  /** The file name given in the options, if any. */
  file?: string;
}

/** Options of `parseModelfile`. */
export interface ParseOptions {
  /** File name recorded in errors and the result. */
  file?: string;
}
