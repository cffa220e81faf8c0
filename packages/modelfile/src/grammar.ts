/**
 * The Chevrotain grammar over the lexer's tokens. It groups tokens into
 * lines (comments and instructions); `build.ts` turns them into the AST.
 * The rule names here are the ones `grammar/modelfile.ebnf` uses.
 */
import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import {
  allTokens,
  BrokenInstruction,
  BrokenParameterName,
  BrokenRole,
  Comment,
  instructionTokens,
  MissingName,
  Newline,
  ParameterName,
  Role,
  SkipEnd,
  SkippedText,
  UnknownInstruction,
  Value,
  ValueEnd,
} from './lexer.js';

/** An instruction as tokens: the keyword, the parameter name or role, the value. */
export interface RawInstruction {
  kind: 'instruction';
  keyword: IToken;
  /** ParameterName / Role / BrokenParameterName / BrokenRole / MissingName, when the instruction has one. */
  sub?: IToken;
  value?: IToken;
}

export interface RawComment {
  kind: 'comment';
  token: IToken;
}

export type RawLine = RawInstruction | RawComment;

const VALUE_KEYWORDS: TokenType[] = [
  instructionTokens.from,
  instructionTokens.license,
  instructionTokens.template,
  instructionTokens.system,
  instructionTokens.adapter,
  instructionTokens.draft,
  instructionTokens.renderer,
  instructionTokens.parser,
  instructionTokens.requires,
];

/** `sub` + value of PARAMETER / MESSAGE, as one alternative returns them. */
type Tail = { sub: IToken; value?: IToken };

// The alternatives are built once (Chevrotain's advice for speed): an OR given a fresh array of
// closures on every call costs more than the rest of the parse on a 1 MB file.
export class ModelfileParser extends EmbeddedActionsParser {
  /**
   * `validate`: run Chevrotain's grammar checks (ambiguities, left recursion). They cost a
   * noticeable part of `mfc lint`'s start-up, so the shared parser skips them and a unit test
   * (grammar.test.ts) runs them.
   */
  constructor(validate = false) {
    super(allTokens, { recoveryEnabled: false, maxLookahead: 1, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  private lineAlternatives = [
    { ALT: () => void this.CONSUME(Newline) },
    { ALT: (): RawLine => ({ kind: 'comment', token: this.CONSUME(Comment) }) },
    { ALT: (): RawLine => this.SUBRULE(this.instruction) },
  ];

  public modelfile = this.RULE('modelfile', (): RawLine[] => {
    const lines: RawLine[] = [];
    this.MANY(() => {
      const line = this.OR(this.lineAlternatives);
      if (line) lines.push(line);
    });
    return lines;
  });

  private instructionAlternatives = [
    { ALT: () => this.SUBRULE(this.valueInstruction) },
    { ALT: () => this.SUBRULE(this.parameterInstruction) },
    { ALT: () => this.SUBRULE(this.messageInstruction) },
    { ALT: () => this.SUBRULE(this.unknownInstruction) },
    { ALT: () => this.SUBRULE(this.brokenInstruction) },
  ];

  private instruction = this.RULE('instruction', (): RawInstruction =>
    this.OR(this.instructionAlternatives),
  );

  private keywordAlternatives = VALUE_KEYWORDS.map((t) => ({ ALT: () => this.CONSUME(t) }));

  private valueInstruction = this.RULE('valueInstruction', (): RawInstruction => {
    const keyword = this.OR(this.keywordAlternatives);
    return { kind: 'instruction', keyword, value: this.SUBRULE(this.valueTail) };
  });

  private parameterAlternatives = [
    {
      ALT: (): Tail => ({ sub: this.CONSUME(ParameterName), value: this.SUBRULE(this.valueTail) }),
    },
    {
      ALT: (): Tail => {
        const sub = this.CONSUME(BrokenParameterName);
        this.SUBRULE(this.skipTail);
        return { sub };
      },
    },
    { ALT: (): Tail => ({ sub: this.CONSUME(MissingName) }) },
  ];

  private parameterInstruction = this.RULE('parameterInstruction', (): RawInstruction => {
    const keyword = this.CONSUME(instructionTokens.parameter);
    const tail = this.OPTION(() => this.OR(this.parameterAlternatives));
    return { kind: 'instruction', keyword, sub: tail?.sub, value: tail?.value };
  });

  private roleAlternatives = [
    { ALT: (): Tail => ({ sub: this.CONSUME(Role), value: this.SUBRULE(this.valueTail) }) },
    {
      ALT: (): Tail => {
        const sub = this.CONSUME(BrokenRole);
        this.SUBRULE(this.skipTail);
        return { sub };
      },
    },
    { ALT: (): Tail => ({ sub: this.CONSUME2(MissingName) }) },
  ];

  private messageInstruction = this.RULE('messageInstruction', (): RawInstruction => {
    const keyword = this.CONSUME(instructionTokens.message);
    const tail = this.OPTION(() => this.OR(this.roleAlternatives));
    return { kind: 'instruction', keyword, sub: tail?.sub, value: tail?.value };
  });

  private unknownInstruction = this.RULE('unknownInstruction', (): RawInstruction => {
    const keyword = this.CONSUME(UnknownInstruction);
    return { kind: 'instruction', keyword, value: this.SUBRULE(this.valueTail) };
  });

  private brokenInstruction = this.RULE('brokenInstruction', (): RawInstruction => {
    const keyword = this.CONSUME(BrokenInstruction);
    this.SUBRULE(this.skipTail);
    return { kind: 'instruction', keyword };
  });

  private valueTail = this.RULE('valueTail', (): IToken | undefined => {
    const value = this.OPTION(() => this.CONSUME(Value));
    this.OPTION2(() => this.CONSUME(ValueEnd));
    return value;
  });

  private skipTail = this.RULE('skipTail', (): void => {
    this.OPTION(() => this.CONSUME(SkippedText));
    this.OPTION2(() => this.CONSUME(SkipEnd));
  });
}

/** The one parser instance (Chevrotain parsers are reusable: set `input`, call the start rule). */
export const modelfileParser = new ModelfileParser();
