/**
 * The parse tree of Go's text/template (`text/template/parse/node.go`). Every
 * node prints back to template source the way Go's `Node.String` does; that
 * text appears in Go's execution errors (`executing "" at <index .xs 5>`).
 */
import { goQuoteString } from '@mfc/gocompat';

export type Node =
  | TextNode
  | CommentNode
  | ActionNode
  | PipeNode
  | CommandNode
  | IdentifierNode
  | VariableNode
  | DotNode
  | NilNode
  | FieldNode
  | ChainNode
  | BoolNode
  | NumberNode
  | StringNode
  | EndNode
  | ElseNode
  | BreakNode
  | ContinueNode
  | ListNode
  | BranchNode
  | TemplateNode;

export interface TreeRef {
  /** The template's source text (shared by every tree of one parse). */
  text: string;
  name: string;
  parseName: string;
}

abstract class Base {
  constructor(
    readonly tree: TreeRef,
    public pos: number,
  ) {}
  abstract toString(): string;
}

export class ListNode extends Base {
  readonly type = 'list';
  nodes: Node[] = [];
  toString(): string {
    return this.nodes.map((n) => n.toString()).join('');
  }
  copy(): ListNode {
    const l = new ListNode(this.tree, this.pos);
    l.nodes = this.nodes.map((n) => copyNode(n));
    return l;
  }
}

export class TextNode extends Base {
  readonly type = 'text';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class CommentNode extends Base {
  readonly type = 'comment';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.text}}}`;
  }
}

export class PipeNode extends Base {
  readonly type = 'pipe';
  isAssign = false;
  decl: VariableNode[] = [];
  cmds: CommandNode[] = [];
  constructor(
    tree: TreeRef,
    pos: number,
    readonly line: number,
  ) {
    super(tree, pos);
  }
  toString(): string {
    let s = '';
    if (this.decl.length > 0) s = this.decl.map((d) => d.toString()).join(', ') + ' := ';
    return s + this.cmds.map((c) => c.toString()).join(' | ');
  }
}

export class ActionNode extends Base {
  readonly type = 'action';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly line: number,
    public pipe: PipeNode,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return `{{${this.pipe.toString()}}}`;
  }
}

export class CommandNode extends Base {
  readonly type = 'command';
  args: Node[] = [];
  toString(): string {
    return this.args.map((a) => (a.type === 'pipe' ? `(${a.toString()})` : a.toString())).join(' ');
  }
}

export class IdentifierNode extends Base {
  readonly type = 'identifier';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly ident: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.ident;
  }
}

export class VariableNode extends Base {
  readonly type = 'variable';
  readonly ident: string[];
  constructor(tree: TreeRef, pos: number, name: string) {
    super(tree, pos);
    this.ident = name.split('.');
  }
  toString(): string {
    return this.ident.join('.');
  }
}

export class DotNode extends Base {
  readonly type = 'dot';
  toString(): string {
    return '.';
  }
}

export class NilNode extends Base {
  readonly type = 'nil';
  toString(): string {
    return 'nil';
  }
}

export class FieldNode extends Base {
  readonly type = 'field';
  readonly ident: string[];
  constructor(tree: TreeRef, pos: number, name: string) {
    super(tree, pos);
    this.ident = name.slice(1).split('.');
  }
  toString(): string {
    return this.ident.map((i) => '.' + i).join('');
  }
}

export class ChainNode extends Base {
  readonly type = 'chain';
  field: string[] = [];
  constructor(
    tree: TreeRef,
    pos: number,
    readonly node: Node,
  ) {
    super(tree, pos);
  }
  add(field: string): void {
    if (field.length === 0 || field[0] !== '.') throw new Error('no dot in field');
    for (const f of field.slice(1).split('.')) this.field.push(f);
  }
  toString(): string {
    const head = this.node.type === 'pipe' ? `(${this.node.toString()})` : this.node.toString();
    return head + this.field.map((f) => '.' + f).join('');
  }
}

export class BoolNode extends Base {
  readonly type = 'bool';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly value: boolean,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.value ? 'true' : 'false';
  }
}

export class NumberNode extends Base {
  readonly type = 'number';
  isInt = false;
  isUint = false;
  isFloat = false;
  isComplex = false;
  int64 = 0n;
  uint64 = 0n;
  float64 = 0;
  /** Complex constants: real and imaginary parts. */
  complex: [number, number] = [0, 0];
  constructor(
    tree: TreeRef,
    pos: number,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.text;
  }
}

export class StringNode extends Base {
  readonly type = 'string';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly quoted: string,
    readonly text: string,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return this.quoted;
  }
}

export class EndNode extends Base {
  readonly type = 'end';
  toString(): string {
    return '{{end}}';
  }
}

export class ElseNode extends Base {
  readonly type = 'else';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly line: number,
  ) {
    super(tree, pos);
  }
  toString(): string {
    return '{{else}}';
  }
}

export class BreakNode extends Base {
  readonly type = 'break';
  toString(): string {
    return '{{break}}';
  }
}

export class ContinueNode extends Base {
  readonly type = 'continue';
  toString(): string {
    return '{{continue}}';
  }
}

export class BranchNode extends Base {
  constructor(
    tree: TreeRef,
    pos: number,
    readonly type: 'if' | 'range' | 'with',
    readonly line: number,
    public pipe: PipeNode,
    public list: ListNode,
    public elseList: ListNode | null,
  ) {
    super(tree, pos);
  }
  toString(): string {
    let s = `{{${this.type} ${this.pipe.toString()}}}${this.list.toString()}`;
    if (this.elseList) s += `{{else}}${this.elseList.toString()}`;
    return s + '{{end}}';
  }
}

export class TemplateNode extends Base {
  readonly type = 'template';
  constructor(
    tree: TreeRef,
    pos: number,
    readonly line: number,
    readonly name: string,
    public pipe: PipeNode | null,
  ) {
    super(tree, pos);
  }
  toString(): string {
    const q = goQuoteString(this.name);
    return this.pipe ? `{{template ${q} ${this.pipe.toString()}}}` : `{{template ${q}}}`;
  }
}

/** A deep copy of the mutable structure (lists, branches, pipes, commands). */
export function copyNode<N extends Node>(n: N): N {
  switch (n.type) {
    case 'list':
      return (n as ListNode).copy() as N;
    case 'action': {
      const a = n as ActionNode;
      return new ActionNode(a.tree, a.pos, a.line, copyNode(a.pipe)) as N;
    }
    case 'pipe': {
      const p = n as PipeNode;
      const c = new PipeNode(p.tree, p.pos, p.line);
      c.isAssign = p.isAssign;
      c.decl = [...p.decl];
      c.cmds = p.cmds.map((x) => copyNode(x));
      return c as N;
    }
    case 'command': {
      const c = new CommandNode(n.tree, n.pos);
      c.args = (n as CommandNode).args.map((x) => copyNode(x));
      return c as N;
    }
    case 'if':
    case 'range':
    case 'with': {
      const b = n as BranchNode;
      return new BranchNode(
        b.tree,
        b.pos,
        b.type,
        b.line,
        copyNode(b.pipe),
        b.list.copy(),
        b.elseList ? b.elseList.copy() : null,
      ) as N;
    }
    case 'template': {
      const t = n as TemplateNode;
      return new TemplateNode(t.tree, t.pos, t.line, t.name, t.pipe ? copyNode(t.pipe) : null) as N;
    }
    default:
      return n;
  }
}
