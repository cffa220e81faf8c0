import type { LineIndex } from '@mfc/diagnostics';
import type { GgufFile } from '@mfc/gguf';
import type { ModelfileAst, ParseResult } from '@mfc/modelfile';
import type { Directive } from './directives.js';
import type { ReportDescriptor, RuleMeta } from './types.js';

/** What a rule sees while it runs over one Modelfile. */
export interface RuleContext<M extends string = string> {
  /** Absolute path of the Modelfile, if it came from a file. */
  file?: string;
  /** The folder relative paths in the Modelfile are resolved against (Ollama's `relativeDir`). */
  baseDir: string;
  /** Everything the parser returned, errors included. */
  parse: ParseResult;
  /** The syntax tree (commands that failed to parse are left out). */
  ast: ModelfileAst;
  /** The decoded text with its line index. */
  source: LineIndex;
  /** The inline `# mfc-disable…` comments of the file. */
  directives: readonly Directive[];
  /** Whether an id or name belongs to a known rule. */
  isKnownRule(key: string): boolean;
  /**
   * Reads the header of a local GGUF file (cached for the run); undefined when
   * the path is not a readable GGUF file. Other rules report missing paths.
   */
  openGguf(path: string): Promise<GgufFile | undefined>;
  /** Records a finding; every finding needs a range. */
  report(descriptor: ReportDescriptor<M>): void;
}

/** A lint rule: its metadata and the check itself. */
export interface Rule<M extends string = string> {
  meta: RuleMeta<M>;
  create(context: RuleContext<M>): void | Promise<void>;
}

/** Declares a rule with its message ids checked by the compiler. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
