/**
 * The parser of Go's text/template (`text/template/parse/parse.go`): builds
 * one tree per template (the top level plus every `define`/`block`) and fails
 * with Go's exact messages, e.g. `template: :1: unexpected {{end}}`.
 */
import { goQuoteString, parseGoFloat, parseGoInt, unquote, unquoteChar } from '@mfc/gocompat';
import { Lexer, T, type Item } from './lex.js';
import {
  ActionNode,
  BoolNode,
  BranchNode,
  BreakNode,
  ChainNode,
  CommandNode,
  CommentNode,
  ContinueNode,
  DotNode,
  ElseNode,
  EndNode,
  FieldNode,
  IdentifierNode,
  ListNode,
  NilNode,
  NumberNode,
  PipeNode,
  StringNode,
  TemplateNode,
  TextNode,
  VariableNode,
  type Node,
  type TreeRef,
} from './node.js';

export class Tree implements TreeRef {
  root: ListNode;
  constructor(
    public name: string,
    readonly parseName: string,
    readonly text: string,
  ) {
    this.root = new ListNode(this, 0);
  }
}

/** A parse failure, with Go's message and where it happened. */
export class GoParseError extends Error {
  constructor(
    /** The exact text Go prints, e.g. `template: :1: unexpected {{end}}`. */
    readonly goMessage: string,
    /** Go's line (1-based). */
    readonly line: number,
    /** Offset (UTF-16) of the token the parser stopped at. */
    readonly offset: number,
  ) {
    super(goMessage);
    this.name = 'GoParseError';
  }
}

class Abort {
  constructor(readonly error: GoParseError) {}
}

function itemString(i: Item): string {
  if (i.typ === T.EOF) return 'EOF';
  if (i.typ === T.Error) return i.val;
  if (i.typ > T.Keyword) return `<${i.val}>`;
  if ([...i.val].length > 10) return goQuoteString([...i.val].slice(0, 10).join('')) + '...';
  return goQuoteString(i.val);
}

const maxNesting = 10000;

class Parser {
  private token: Item[] = [];
  private peekCount = 0;
  vars: string[] = ['$'];
  rangeDepth = 0;
  actionLine = 0;
  private tree: Tree;

  constructor(
    readonly text: string,
    readonly parseName: string,
    readonly lex: Lexer,
    readonly funcs: ReadonlySet<string>,
    readonly treeSet: Map<string, Tree>,
    name: string,
  ) {
    this.tree = new Tree(name, parseName, text);
  }

  /** Accept `{{else with}}` (Go 1.23+). */
  elseWith = false;
  /** Where the action being parsed started (for errors about a whole action). */
  private actionStart = -1;

  errorf(message: string, offset?: number): never {
    const tok = this.token[0];
    const line = tok ? tok.line : 1;
    const at = offset ?? (tok ? tok.pos : 0);
    throw new Abort(new GoParseError(`template: ${this.parseName}:${line}: ${message}`, line, at));
  }

  next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lex.nextItem();
    return this.token[this.peekCount];
  }
  backup(): void {
    this.peekCount++;
  }
  backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }
  backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }
  peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lex.nextItem();
    return this.token[0];
  }
  nextNonSpace(): Item {
    let t: Item;
    do t = this.next();
    while (t.typ === T.Space);
    return t;
  }
  peekNonSpace(): Item {
    const t = this.nextNonSpace();
    this.backup();
    return t;
  }
  expect(expected: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== expected) this.unexpected(t, context);
    return t;
  }
  expectOneOf(e1: T, e2: T, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== e1 && t.typ !== e2) this.unexpected(t, context);
    return t;
  }
  unexpected(token: Item, context: string): never {
    if (token.typ === T.Error) {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.parseName}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${itemString(token)}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  /** Parses the top level (and the definitions inside it) into treeSet. */
  // parse is the top-level parser for a template, essentially the same
  // as itemList except it also parses {{define}} actions.
  // It runs to EOF.
  parseTop(): void {
    const t = this.tree;
    t.root = new ListNode(t, this.peek().pos);
    while (this.peek().typ !== T.EOF) {
      if (this.peek().typ === T.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === T.Define) {
          const sub = this.child('definition');
          sub.parseDefinition();
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else')
        this.errorf(`unexpected ${n.toString()}`, this.actionStart);
      t.root.nodes.push(n);
    }
    this.add();
  }

  /** A parser for a nested definition sharing this lexer and token state. */
  private child(name: string): Parser {
    const p = new Parser(this.text, this.parseName, this.lex, this.funcs, this.treeSet, name);
    p.elseWith = this.elseWith;
    p.token = this.token;
    p.peekCount = this.peekCount;
    p.parentSync = this;
    return p;
  }
  private parentSync: Parser | null = null;
  private done(): void {
    if (this.parentSync) {
      this.parentSync.token = this.token;
      this.parentSync.peekCount = this.peekCount;
    }
  }

  // parseDefinition parses a {{define}} ...  {{end}} template definition and
  // installs the definition in p.treeSet. The "define" keyword has already
  // been scanned.
  parseDefinition(): void {
    const context = 'define clause';
    const name = this.expectOneOf(T.String, T.RawString, context);
    this.tree.name = this.unquoteOrFail(name.val);
    this.expect(T.RightDelim, context);
    const [list, end] = this.itemList();
    if (end.type !== 'end')
      this.errorf(`unexpected ${end.toString()} in ${context}`, this.actionStart);
    this.tree.root = list;
    this.add();
    this.done();
  }

  add(): void {
    const existing = this.treeSet.get(this.tree.name);
    if (!existing || isEmptyTree(existing.root)) {
      this.treeSet.set(this.tree.name, this.tree);
      return;
    }
    if (!isEmptyTree(this.tree.root))
      this.errorf(`template: multiple definition of template ${goQuoteString(this.tree.name)}`);
  }

  unquoteOrFail(q: string): string {
    try {
      return unquote(q);
    } catch {
      this.errorf('invalid syntax');
    }
  }

  // itemList:
  //
  //	textOrAction*
  //
  // Terminates at {{end}} or {{else}}, returned separately.
  itemList(): [ListNode, Node] {
    const list = new ListNode(this.tree, this.peekNonSpace().pos);
    while (this.peekNonSpace().typ !== T.EOF) {
      const n = this.textOrAction();
      if (n.type === 'end' || n.type === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  // textOrAction:
  //
  //	text | comment | action
  textOrAction(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Text:
        return new TextNode(this.tree, token.pos, token.val);
      case T.LeftDelim: {
        this.actionLine = token.line;
        this.actionStart = token.pos;
        try {
          return this.action();
        } finally {
          this.actionLine = 0;
        }
      }
      case T.Comment:
        return new CommentNode(this.tree, token.pos, token.val);
      default:
        this.unexpected(token, 'input');
    }
  }

  // Action:
  //
  //	control
  //	command ("|" command)*
  //
  // Left delim is past. Now get actions.
  // First word could be a keyword such as range.
  action(): Node {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Block:
        return this.blockControl();
      case T.Break:
        return this.breakControl(token.pos, token.line);
      case T.Continue:
        return this.continueControl(token.pos, token.line);
      case T.Else:
        return this.elseControl();
      case T.End:
        return this.endControl();
      case T.If:
        return this.ifControl();
      case T.Range:
        return this.branchControl('range');
      case T.Template:
        return this.templateControl();
      case T.With:
        return this.branchControl('with');
    }
    this.backup();
    const tok = this.peek();
    return new ActionNode(this.tree, tok.pos, tok.line, this.pipeline('command', T.RightDelim));
  }

  // Break:
  //
  //	{{break}}
  //
  // Break keyword is past.
  breakControl(pos: number, _line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== T.RightDelim) this.unexpected(token, '{{break}}');
    if (this.rangeDepth === 0) this.errorf('{{break}} outside {{range}}');
    return new BreakNode(this.tree, pos);
  }

  // Continue:
  //
  //	{{continue}}
  //
  // Continue keyword is past.
  continueControl(pos: number, _line: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== T.RightDelim) this.unexpected(token, '{{continue}}');
    if (this.rangeDepth === 0) this.errorf('{{continue}} outside {{range}}');
    return new ContinueNode(this.tree, pos);
  }

  // Pipeline:
  //
  //	declarations? command ('|' command)*
  pipeline(context: string, end: T): PipeNode {
    const token = this.peekNonSpace();
    const pipe = new PipeNode(this.tree, token.pos, token.line);
    decls: for (;;) {
      const v = this.peekNonSpace();
      if (v.typ === T.Variable) {
        this.next();
        const tokenAfterVariable = this.peek();
        const next = this.peekNonSpace();
        if (next.typ === T.Assign || next.typ === T.Declare) {
          pipe.isAssign = next.typ === T.Assign;
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(this.tree, v.pos, v.val));
          this.vars.push(v.val);
        } else if (next.typ === T.Char && next.val === ',') {
          this.nextNonSpace();
          pipe.decl.push(new VariableNode(this.tree, v.pos, v.val));
          this.vars.push(v.val);
          if (context === 'range' && pipe.decl.length < 2) {
            const p = this.peekNonSpace().typ;
            if (p === T.Variable || p === T.RightDelim || p === T.RightParen) continue decls;
            this.errorf('range can only initialize variables');
          }
          this.errorf(`too many declarations in ${context}`);
        } else if (tokenAfterVariable.typ === T.Space) {
          this.backup3(v, tokenAfterVariable);
        } else {
          this.backup2(v);
        }
      }
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      switch (token.typ) {
        case end:
          this.checkPipeline(pipe, context);
          return pipe;
        case T.Bool:
        case T.CharConstant:
        case T.Complex:
        case T.Dot:
        case T.Field:
        case T.Identifier:
        case T.Number:
        case T.Nil:
        case T.RawString:
        case T.String:
        case T.Variable:
        case T.LeftParen:
          this.backup();
          pipe.cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((c, i) => {
      switch (c.args[0].type) {
        case 'bool':
        case 'dot':
        case 'nil':
        case 'number':
        case 'string':
          this.errorf(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  parseControl(
    allowElseIf: boolean,
    context: string,
  ): [number, number, PipeNode, ListNode, ListNode | null] {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, T.RightDelim);
      if (context === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.type === 'else') {
        if (allowElseIf && this.peek().typ === T.If) {
          this.next();
          elseList = new ListNode(this.tree, next.pos);
          elseList.nodes.push(this.ifControl());
        } else if (this.elseWith && context === 'with' && this.peek().typ === T.With) {
          // Go 1.23+: {{with a}}_{{else with b}}_{{end}} is {{with a}}_{{else}}{{with b}}_{{end}}{{end}}
          this.next();
          elseList = new ListNode(this.tree, next.pos);
          elseList.nodes.push(this.branchControl('with'));
        } else {
          [elseList, next] = this.itemList();
          if (next.type !== 'end')
            this.errorf(`expected end; found ${next.toString()}`, this.actionStart);
        }
      }
      return [pipe.pos, pipe.line, pipe, list, elseList];
    } finally {
      this.vars.length = mark;
    }
  }

  // If:
  //
  //	{{if pipeline}} itemList {{end}}
  //	{{if pipeline}} itemList {{else}} itemList {{end}}
  //
  // If keyword is past.
  ifControl(): Node {
    const [pos, line, pipe, list, elseList] = this.parseControl(true, 'if');
    return new BranchNode(this.tree, pos, 'if', line, pipe, list, elseList);
  }

  // Range:
  //
  //	{{range pipeline}} itemList {{end}}
  //	{{range pipeline}} itemList {{else}} itemList {{end}}
  //
  // Range keyword is past.
  //
  // With:
  //
  //	{{with pipeline}} itemList {{end}}
  //	{{with pipeline}} itemList {{else}} itemList {{end}}
  //
  // If keyword is past.
  //
  // (Go has rangeControl and withControl; both are parseControl(false, kind).)
  branchControl(kind: 'range' | 'with'): Node {
    const [pos, line, pipe, list, elseList] = this.parseControl(false, kind);
    return new BranchNode(this.tree, pos, kind, line, pipe, list, elseList);
  }

  // End:
  //
  //	{{end}}
  //
  // End keyword is past.
  endControl(): Node {
    return new EndNode(this.tree, this.expect(T.RightDelim, 'end').pos);
  }

  // Else:
  //
  //	{{else}}
  //
  // Else keyword is past.
  elseControl(): Node {
    const peek = this.peekNonSpace();
    if (peek.typ === T.If || (this.elseWith && peek.typ === T.With))
      return new ElseNode(this.tree, peek.pos, peek.line);
    const token = this.expect(T.RightDelim, 'else');
    return new ElseNode(this.tree, token.pos, token.line);
  }

  // Block:
  //
  //	{{block stringValue pipeline}}
  //
  // Block keyword is past.
  // The name must be something that can evaluate to a string.
  // The pipeline is mandatory.
  blockControl(): Node {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, T.RightDelim);
    const block = this.child(name);
    const [list, end] = block.itemList();
    if (end.type !== 'end') {
      block.done();
      this.errorf(`unexpected ${end.toString()} in ${context}`);
    }
    block.tree.root = list;
    block.add();
    block.done();
    return new TemplateNode(this.tree, token.pos, token.line, name, pipe);
  }

  // Template:
  //
  //	{{template stringValue pipeline}}
  //
  // Template keyword is past. The name must be something that can evaluate
  // to a string.
  templateControl(): Node {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== T.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, T.RightDelim);
    }
    return new TemplateNode(this.tree, token.pos, token.line, name, pipe);
  }

  parseTemplateName(token: Item, context: string): string {
    if (token.typ === T.String || token.typ === T.RawString) return this.unquoteOrFail(token.val);
    this.unexpected(token, context);
  }

  // command:
  //
  //	operand (space operand)*
  //
  // space-separated arguments up to a pipeline character or right delimiter.
  // we consume the pipe character but leave the right delim to terminate the action.
  command(): CommandNode {
    const cmd = new CommandNode(this.tree, this.peekNonSpace().pos);
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === T.Space) continue;
      if (token.typ === T.RightDelim || token.typ === T.RightParen) this.backup();
      else if (token.typ !== T.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  // operand:
  //
  //	term .Field*
  //
  // An operand is a space-separated component of a command,
  // a term possibly followed by field accesses.
  // A nil return means the next item is not an operand.
  operand(): Node | null {
    let node = this.term();
    if (!node) return null;
    if (this.peek().typ === T.Field) {
      const chain = new ChainNode(this.tree, this.peek().pos, node);
      while (this.peek().typ === T.Field) chain.add(this.next().val);
      switch (node.type) {
        case 'field':
          node = new FieldNode(this.tree, chain.pos, chain.toString());
          break;
        case 'variable':
          node = new VariableNode(this.tree, chain.pos, chain.toString());
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.errorf(`unexpected . after term ${goQuoteString(node.toString())}`);
        // falls through (errorf never returns)
        default:
          node = chain;
      }
    }
    return node;
  }

  // term:
  //
  //	literal (number, string, nil, boolean)
  //	function (identifier)
  //	.
  //	.Field
  //	$
  //	'(' pipeline ')'
  //
  // A term is a simple "expression".
  // A nil return means the next item is not a term.
  term(): Node | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case T.Identifier:
        if (!this.funcs.has(token.val))
          this.errorf(`function ${goQuoteString(token.val)} not defined`);
        return new IdentifierNode(this.tree, token.pos, token.val);
      case T.Dot:
        return new DotNode(this.tree, token.pos);
      case T.Nil:
        return new NilNode(this.tree, token.pos);
      case T.Variable:
        return this.useVar(token.pos, token.val);
      case T.Field:
        return new FieldNode(this.tree, token.pos, token.val);
      case T.Bool:
        return new BoolNode(this.tree, token.pos, token.val === 'true');
      case T.CharConstant:
      case T.Complex:
      case T.Number:
        return this.newNumber(token.pos, token.val, token.typ);
      case T.LeftParen:
        if (++this.nesting > maxNesting) this.errorf('max expression depth exceeded');
        try {
          return this.pipeline('parenthesized pipeline', T.RightParen);
        } finally {
          this.nesting--;
        }
      case T.String:
      case T.RawString:
        return new StringNode(this.tree, token.pos, token.val, this.unquoteOrFail(token.val));
    }
    this.backup();
    return null;
  }
  private nesting = 0;

  useVar(pos: number, name: string): Node {
    const v = new VariableNode(this.tree, pos, name);
    if (this.vars.includes(v.ident[0])) return v;
    this.errorf(`undefined variable ${goQuoteString(v.ident[0])}`);
  }

  newNumber(pos: number, text: string, typ: T): NumberNode {
    const n = new NumberNode(this.tree, pos, text);
    if (typ === T.CharConstant) {
      let r: { rune: number; next: number };
      try {
        r = unquoteChar(text, 1, text[0]);
      } catch {
        this.errorf('invalid syntax');
      }
      if (text.slice(r.next) !== "'") this.errorf(`malformed character constant: ${text}`);
      n.isInt = n.isUint = n.isFloat = true;
      n.int64 = n.uint64 = BigInt(r.rune);
      n.float64 = r.rune;
      return n;
    }
    if (typ === T.Complex) {
      const m = /^(.+?)([+-][^+-]*)i$/.exec(text);
      const re = m ? parseGoFloat(m[1]) : null;
      const im = m ? parseGoFloat(m[2]) : null;
      if (re === null || im === null) this.errorf('expected integer');
      n.isComplex = true;
      n.complex = [re, im];
      simplifyComplex(n);
      return n;
    }
    if (text.endsWith('i')) {
      const f = parseGoFloat(text.slice(0, -1));
      if (f !== null) {
        n.isComplex = true;
        n.complex = [0, f];
        simplifyComplex(n);
        return n;
      }
    }
    const u = parseGoInt(text, true);
    if (u !== null) {
      n.isUint = true;
      n.uint64 = u;
    }
    const i = parseGoInt(text, false);
    if (i !== null) {
      n.isInt = true;
      n.int64 = i;
      if (i === 0n) {
        n.isUint = true;
        n.uint64 = u ?? 0n;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = Number(n.int64);
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = Number(n.uint64);
    } else {
      const f = parseGoFloat(text);
      if (f !== null) {
        if (!/[.eEpP]/.test(text)) this.errorf(`integer overflow: ${goQuoteString(text)}`);
        n.isFloat = true;
        n.float64 = f;
        if (Number.isInteger(f) && Math.abs(f) < 2 ** 63) {
          n.isInt = true;
          n.int64 = BigInt(f);
        }
        if (Number.isInteger(f) && f >= 0 && f < 2 ** 64) {
          n.isUint = true;
          n.uint64 = BigInt(f);
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat)
      this.errorf(`illegal number syntax: ${goQuoteString(text)}`);
    return n;
  }
}

function simplifyComplex(n: NumberNode): void {
  const [re, im] = n.complex;
  n.isFloat = im === 0;
  if (n.isFloat) {
    n.float64 = re;
    n.isInt = Number.isInteger(re) && Math.abs(re) < 2 ** 63;
    if (n.isInt) n.int64 = BigInt(re);
    n.isUint = Number.isInteger(re) && re >= 0 && re < 2 ** 64;
    if (n.isUint) n.uint64 = BigInt(re);
  }
}

/** parse.IsEmptyTree: only whitespace text, comments and empty lists. */
export function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return n.text.trim().length === 0;
    case 'comment':
      return true;
    default:
      return false;
  }
}

export interface ParseOptions {
  /** The template's name ("" as in Ollama). */
  name?: string;
  /** Names of the functions templates may call. */
  funcs: ReadonlySet<string>;
  /** Accept `{{else with}}` (Go 1.23+). */
  elseWith?: boolean;
}

/** Parses template text into its trees (name → tree), or throws GoParseError. */
export function parseTrees(text: string, options: ParseOptions): Map<string, Tree> {
  const name = options.name ?? '';
  const treeSet = new Map<string, Tree>();
  const parser = new Parser(text, name, new Lexer(text), options.funcs, treeSet, name);
  parser.elseWith = options.elseWith ?? false;
  try {
    parser.parseTop();
  } catch (e) {
    if (e instanceof Abort) throw e.error;
    throw e;
  }
  return treeSet;
}
