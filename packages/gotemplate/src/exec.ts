/**
 * Execution of parsed templates with Go's semantics (`text/template/exec.go`):
 * the same evaluation order, truthiness, variable scoping and error texts,
 * e.g. `template: :1:3: executing "" at <index .xs 5>: error calling index: index out of range: 5`.
 */
import { noFlags, printValue } from './fmt.js';
import {
  CallError,
  makeFuncs,
  paramTypeName,
  templateTruth,
  type DateSource,
  type FuncDef,
  type Param,
} from './funcs.js';
import { goQuoteString as quote } from '@mfc/gocompat';
import type {
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  VariableNode,
} from './node.js';
import type { Tree } from './parse.js';
import { defaultDialect, type GoDialect } from './dialect.js';
import {
  Complex,
  Typed,
  indirect,
  isPlainObject,
  isTrue,
  kindOf,
  mapEntries,
  sliceItems,
  typeOf,
  zeroElem,
  type Value,
} from './value.js';
import { compareGoStrings } from './vars.js';

/** An execution failure with Go's exact message. */
export class GoExecError extends Error {
  constructor(readonly goMessage: string) {
    super(goMessage);
    this.name = 'GoExecError';
  }
}

/** Marks "no final value" in pipelines (Go's missingVal). */
const MISSING = Symbol('missing');
type Final = Value | typeof MISSING;

class BreakSignal {}
class ContinueSignal {}
const walkBreak = new BreakSignal();
const walkContinue = new ContinueSignal();

const maxExecDepth = 100000;

// A module-local binding: errors are built at the deepest frame after a stack
// overflow, where even resolving an imported binding can fail.
const goQuoteString = quote;

export type MissingKey = 'zero' | 'invalid' | 'error';

export interface ExecOptions {
  missingKey?: MissingKey;
  /** The Go whose behaviour to follow (default: the one Ollama is built with). */
  dialect?: GoDialect;
  /** Today's date for currentDate/yesterdayDate (default: now). */
  today?: () => Date;
}

interface Variable {
  name: string;
  value: Value;
  /** Held in an interface{} (a range element of []interface{}): errors name its type `interface {}`. */
  boxed?: boolean;
}

/** Whether a container's elements are interface{} values (Go's static type of what it yields). */
function holdsInterfaces(container: Value): boolean {
  if (Array.isArray(container) || isPlainObject(container)) return true;
  return container instanceof Typed && (container.type.elem?.kind ?? 'interface') === 'interface';
}

/** Byte-based location `name:line:col` and the node's source text (Go's ErrorContext). */
function errorContext(n: Node): string {
  const tree = n.tree;
  const pos = n.pos;
  const text = tree.text.slice(0, pos);
  const nl = text.lastIndexOf('\n');
  let byteNum: number;
  if (nl === -1) byteNum = Buffer.byteLength(text, 'utf8');
  else byteNum = Buffer.byteLength(text.slice(nl + 1), 'utf8');
  let lineNum = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineNum++;
  return `${tree.parseName}:${lineNum}:${byteNum}`;
}

const funcCache = new WeakMap<DateSource, Map<GoDialect, Map<string, FuncDef>>>();

export class State {
  node: Node | null = null;
  vars: Variable[] = [];
  /** Dot is an element of an interface{} container (Go's static type is interface {}). */
  dotBoxed = false;
  /** Whether the last evalField result came out of an interface{} slot. */
  private lastBoxed = false;
  depth = 0;
  out: string[] = [];
  private funcs: Map<string, FuncDef>;

  constructor(
    private tmplName: string,
    private readonly trees: Map<string, Tree>,
    private readonly missingKey: MissingKey,
    dates: DateSource,
    private readonly dialect: GoDialect,
  ) {
    let byDialect = funcCache.get(dates);
    if (!byDialect) {
      byDialect = new Map();
      funcCache.set(dates, byDialect);
    }
    let f = byDialect.get(dialect);
    if (!f) {
      f = makeFuncs(dates, dialect === 'ollama');
      byDialect.set(dialect, f);
    }
    this.funcs = f;
  }

  errorf(message: string): never {
    const name = this.tmplName;
    if (this.node === null) throw new GoExecError(`template: ${name}: ${message}`);
    const loc = errorContext(this.node);
    throw new GoExecError(
      `template: ${loc}: executing ${goQuoteString(name)} at <${this.node.toString()}>: ${message}`,
    );
  }

  at(n: Node): void {
    this.node = n;
  }

  mark(): number {
    return this.vars.length;
  }
  pop(mark: number): void {
    this.vars.length = mark;
  }
  push(name: string, value: Value): void {
    this.vars.push({ name, value });
  }
  setVar(name: string, value: Value): void {
    for (let i = this.vars.length - 1; i >= 0; i--) {
      if (this.vars[i].name === name) {
        this.vars[i].value = value;
        this.vars[i].boxed = false;
        return;
      }
    }
    this.errorf(`undefined variable: ${name}`);
  }
  setTopVar(n: number, value: Value, boxed = false): void {
    const v = this.vars[this.vars.length - n];
    v.value = value;
    v.boxed = boxed;
  }
  varValue(name: string): Value {
    return this.lookupVar(name).value;
  }
  lookupVar(name: string): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--)
      if (this.vars[i].name === name) return this.vars[i];
    this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: Value, node: Node): void {
    this.at(node);
    switch (node.type) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'break':
        throw walkBreak;
      case 'continue':
        throw walkContinue;
      case 'comment':
        return;
      case 'if':
      case 'with':
        return this.walkIfOrWith(node, dot);
      case 'list':
        for (const n of node.nodes) this.walk(dot, n);
        return;
      case 'range':
        return this.walkRange(dot, node);
      case 'template':
        return this.walkTemplate(dot, node);
      case 'text':
        this.out.push(node.text);
        return;
      default:
        this.errorf(`unknown node: ${(node as Node).toString()}`);
    }
  }

  walkIfOrWith(node: BranchNode, dot: Value): void {
    const mark = this.mark();
    try {
      const val = this.evalPipeline(dot, node.pipe);
      const [truth, ok] = isTrue(val === null ? undefined : val);
      if (!ok) this.errorf(`if/with can't use ${printValue(val, 'v', noFlags(), 0)}`);
      if (truth && node.type === 'with') this.walkWithDot(val, false, node.list);
      else if (truth) this.walk(dot, node.list);
      else if (node.elseList) this.walk(dot, node.elseList);
    } finally {
      this.pop(mark);
    }
  }

  /** Walks with a new dot, remembering whether it is held in an interface{}. */
  walkWithDot(dot: Value, boxed: boolean, node: Node): void {
    const saved = this.dotBoxed;
    this.dotBoxed = boxed;
    try {
      this.walk(dot, node);
    } finally {
      this.dotBoxed = saved;
    }
  }

  walkRange(dot: Value, r: BranchNode): void {
    this.at(r);
    const outer = this.mark();
    try {
      const val = indirect(this.evalPipeline(dot, r.pipe)).v;
      const mark = this.mark();
      const boxed = holdsInterfaces(val);
      const oneIteration = (index: Value, elem: Value): boolean => {
        if (r.pipe.decl.length > 0) this.setTopVar(1, elem, boxed);
        if (r.pipe.decl.length > 1) this.setTopVar(2, index);
        try {
          this.walkWithDot(elem, boxed, r.list);
        } catch (e) {
          if (e === walkContinue) return true;
          if (e === walkBreak) return false;
          throw e;
        } finally {
          this.pop(mark);
        }
        return true;
      };
      const k = kindOf(val);
      if (k === 'slice') {
        const items = sliceItems(val) ?? [];
        if (items.length > 0) {
          for (let i = 0; i < items.length; i++)
            if (!oneIteration(BigInt(i), items[i] as Value)) break;
          return;
        }
      } else if (k === 'map') {
        const entries = mapEntries(val) ?? {};
        const keys = Object.keys(entries).sort(compareGoStrings);
        if (keys.length > 0) {
          for (const key of keys) if (!oneIteration(key, entries[key] as Value)) break;
          return;
        }
      } else if (this.dialect === 'ollama' && (k === 'int' || k === 'uint8')) {
        // Go 1.22+: range over an integer n runs n times with dot (and the variable) 0..n-1
        if (r.pipe.decl.length > 1)
          this.errorf(
            `can't use ${printValue(val, 'v', noFlags(), 0)} to iterate over more than one variable`,
          );
        const n = typeof val === 'bigint' ? val : BigInt((val as { n: number }).n);
        if (n > 0n) {
          for (let i = 0n; i < n; i++) if (!oneIteration(i, i)) break;
          return;
        }
      } else if (k === 'invalid' || k === 'nil') {
        // a nil value: nothing to iterate, not an error
      } else if (k === 'ptr') {
        // a nil pointer (indirect stopped at it)
        this.errorf(`range can't iterate over ${printValue(val, 'v', noFlags(), 0)}`);
      } else {
        this.errorf(`range can't iterate over ${printValue(val, 'v', noFlags(), 0)}`);
      }
      if (r.elseList) this.walk(dot, r.elseList);
    } finally {
      this.pop(outer);
    }
  }

  walkTemplate(dot: Value, t: TemplateNode): void {
    this.at(t);
    const tree = this.trees.get(t.name);
    if (!tree) this.errorf(`template ${goQuoteString(t.name)} not defined`);
    if (this.depth === maxExecDepth)
      this.errorf(`exceeded maximum template depth (${maxExecDepth})`);
    dot = this.evalPipeline(dot, t.pipe);
    const saved = {
      name: this.tmplName,
      vars: this.vars,
      node: this.node,
      dotBoxed: this.dotBoxed,
    };
    this.dotBoxed = false;
    this.depth++;
    this.tmplName = t.name;
    this.vars = [{ name: '$', value: dot }];
    try {
      this.walk(dot, tree.root);
    } catch (e) {
      // JS runs out of stack long before Go's depth limit: report Go's error from the deepest frame that can.
      if (e instanceof RangeError) {
        this.at(t);
        this.errorf(`exceeded maximum template depth (${maxExecDepth})`);
      }
      throw e;
    } finally {
      this.depth--;
      this.tmplName = saved.name;
      this.vars = saved.vars;
      this.dotBoxed = saved.dotBoxed;
    }
  }

  evalPipeline(dot: Value, pipe: PipeNode | null): Value {
    if (!pipe) return undefined;
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // A nil interface{} is dug out to "no value".
      if (value === null) value = undefined;
    }
    const v = value === MISSING ? undefined : value;
    for (const variable of pipe.decl) {
      if (pipe.isAssign) this.setVar(variable.ident[0], v);
      else this.push(variable.ident[0], v);
    }
    return v;
  }

  notAFunction(args: Node[], final: Final): void {
    if (args.length > 1 || final !== MISSING)
      this.errorf(`can't give argument to non-function ${args[0].toString()}`);
  }

  evalCommand(dot: Value, cmd: CommandNode, final: Final): Value {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, first);
      case 'variable':
        return this.evalVariableNode(dot, first, cmd.args, final);
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
    this.errorf(`can't evaluate command ${goQuoteString(first.toString())}`);
  }

  idealConstant(c: NumberNode): Value {
    this.at(c);
    if (c.isComplex) return new Complex(c.complex[0], c.complex[1]);
    const isHexInt = /^[+-]?0[xX]/.test(c.text) && !/[pP]/.test(c.text);
    const isRuneInt = c.text.length > 0 && c.text[0] === "'";
    if (c.isFloat && !isHexInt && !isRuneInt && /[.eEpP]/.test(c.text)) return c.float64;
    if (c.isInt) return c.int64;
    if (c.isUint) this.errorf(`${c.text} overflows int`);
    return undefined;
  }

  evalFieldNode(dot: Value, field: FieldNode, args: Node[], final: Final): Value {
    this.at(field);
    return this.evalFieldChain(dot, dot, field, field.ident, args, final, this.dotBoxed);
  }

  evalChainNode(dot: Value, chain: ChainNode, args: Node[] | null, final: Final): Value {
    this.at(chain);
    if (chain.node.type === 'nil')
      this.errorf(`indirection through explicit nil in ${chain.toString()}`);
    const pipe = this.evalArg(dot, null, chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  evalVariableNode(dot: Value, variable: VariableNode, args: Node[] | null, final: Final): Value {
    this.at(variable);
    const v = this.lookupVar(variable.ident[0]);
    if (variable.ident.length === 1) {
      this.notAFunction(args ?? [], final);
      return v.value;
    }
    return this.evalFieldChain(
      dot,
      v.value,
      variable,
      variable.ident.slice(1),
      args,
      final,
      v.boxed ?? false,
    );
  }

  evalFieldChain(
    dot: Value,
    receiver: Value,
    node: Node,
    ident: string[],
    args: Node[] | null,
    final: Final,
    boxed = false,
  ): Value {
    const n = ident.length;
    for (let i = 0; i < n - 1; i++) {
      receiver = this.evalField(dot, ident[i], node, null, MISSING, receiver, boxed);
      boxed = this.lastBoxed;
    }
    return this.evalField(dot, ident[n - 1], node, args, final, receiver, boxed);
  }

  evalField(
    dot: Value,
    fieldName: string,
    node: Node,
    args: Node[] | null,
    final: Final,
    receiver: Value,
    boxed = false,
  ): Value {
    this.lastBoxed = false;
    if (receiver === undefined) {
      if (this.missingKey === 'error')
        this.errorf(`nil data; no entry for key ${goQuoteString(fieldName)}`);
      return undefined;
    }
    const typName = receiver === null || boxed ? 'interface {}' : typeOf(receiver).name;
    const ind = indirect(receiver);
    const r = ind.v;
    if (r === null) this.errorf(`nil pointer evaluating ${typName}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== MISSING;
    const k = kindOf(r);
    if (k === 'struct') {
      const t = (r as Typed).type;
      const fd = t.fields?.find((f) => f.name === fieldName);
      if (fd) {
        if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
        this.lastBoxed = fd.type.kind === 'interface';
        return ((r as Typed).v as Record<string, unknown>)[fieldName] as Value;
      }
    } else if (k === 'map') {
      if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
      const m = mapEntries(r);
      this.lastBoxed = holdsInterfaces(r);
      if (m && Object.prototype.hasOwnProperty.call(m, fieldName)) return m[fieldName] as Value;
      switch (this.missingKey) {
        case 'invalid':
          return undefined;
        case 'zero':
          return zeroElem(r);
        case 'error':
          this.errorf(`map has no entry for key ${goQuoteString(fieldName)}`);
      }
    } else if (k === 'ptr') {
      const et = (r as Typed).type.elem;
      if (et?.kind === 'struct' && !et.fields?.some((f) => f.name === fieldName)) {
        // no such field: fall through to the type error
      } else if (ind.isNil) this.errorf(`nil pointer evaluating ${typName}.${fieldName}`);
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${typName}`);
  }

  evalFunction(
    dot: Value,
    node: IdentifierNode,
    cmd: Node,
    args: Node[] | null,
    final: Final,
  ): Value {
    this.at(node);
    const name = node.ident;
    const fn = this.funcs.get(name);
    if (!fn) this.errorf(`${goQuoteString(name)} is not a defined function`);
    return this.evalCall(dot, fn, cmd, name, args, final);
  }

  evalCall(
    dot: Value,
    fn: FuncDef,
    node: Node,
    name: string,
    argNodes: Node[] | null,
    final: Final,
  ): Value {
    const args = argNodes ? argNodes.slice(1) : [];
    const numParams = fn.params.length;
    let numIn = args.length;
    if (final !== MISSING) numIn++;
    let numFixed = args.length;
    if (fn.variadic) {
      numFixed = numParams - 1;
      if (numIn < numFixed)
        this.errorf(
          `wrong number of args for ${name}: want at least ${numParams - 1} got ${args.length}`,
        );
    } else if (numIn !== numParams) {
      this.errorf(`wrong number of args for ${name}: want ${numParams} got ${numIn}`);
    }

    if (fn.builtin && (name === 'and' || name === 'or')) {
      let v: Value = undefined;
      for (const arg of args) {
        v = this.evalArg(dot, 'value', arg);
        if (templateTruth(v) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'value');
      return v;
    }

    const argv: Value[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++)
      argv.push(this.evalArg(dot, fn.params[i], args[i]));
    if (fn.variadic) {
      const t = fn.params[numParams - 1];
      for (; i < args.length; i++) argv.push(this.evalArg(dot, t, args[i]));
    }
    if (final !== MISSING) {
      let t = fn.params[numParams - 1];
      if (fn.variadic && numIn - 1 < numFixed) t = fn.params[numIn - 1];
      if (!fn.variadic) t = fn.params[numParams - 1];
      argv.push(this.validateType(final, t));
    }
    try {
      return fn.fn(argv);
    } catch (e) {
      if (e instanceof CallError) {
        this.at(node);
        this.errorf(`error calling ${name}: ${e.message}`);
      }
      throw e;
    }
  }

  validateType(value: Value, typ: Param | null): Value {
    if (value === undefined) {
      if (typ === null || typ === 'any') return null;
      if (typ === 'value') return undefined;
      this.errorf(`invalid value; expected ${paramTypeName[typ]}`);
    }
    if (typ === 'string' && typeof value !== 'string') {
      if (value === null) this.errorf('wrong type for value; expected string; got interface {}');
      this.errorf(`wrong type for value; expected string; got ${typeOf(value).name}`);
    }
    return value;
  }

  evalArg(dot: Value, typ: Param | null, n: Node): Value {
    this.at(n);
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || typ === 'any' || typ === 'value')
          return typ === 'value' ? undefined : null;
        this.errorf(`cannot assign nil to ${paramTypeName[typ]}`);
      // falls through (errorf never returns)
      case 'field':
        return this.validateType(this.evalFieldNode(dot, n, [n], MISSING), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, n, null, MISSING), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, n, n, null, MISSING), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, n, null, MISSING), typ);
    }
    if (typ === 'string') {
      if (n.type === 'string') return n.text;
      this.errorf(`expected string; found ${n.toString()}`);
    }
    return this.evalEmptyInterface(dot, n);
  }

  evalEmptyInterface(dot: Value, n: Node): Value {
    this.at(n);
    switch (n.type) {
      case 'bool':
        return n.value;
      case 'number':
        return this.idealConstant(n);
      case 'string':
        return n.text;
    }
    this.errorf(`can't handle assignment of ${n.toString()} to empty interface argument`);
  }

  printValue(n: Node, v: Value): void {
    this.at(n);
    if (v === undefined || v === null) {
      this.out.push('<no value>');
      return;
    }
    let p: Value = v;
    if (p instanceof Typed && p.type.kind === 'ptr') {
      const ind = indirect(p);
      if (ind.isNil) {
        this.out.push('<nil>');
        return;
      }
      p = ind.v;
    }
    this.out.push(printValue(p, 'v', noFlags(), 0));
  }
}

const systemDates: DateSource = { today: () => new Date() };
const dateSources = new Map<number, DateSource>();

/** Runs one tree of a template set on data; returns the output, or throws GoExecError (with partial output). */
export function executeTrees(
  trees: Map<string, Tree>,
  name: string,
  data: Value,
  options: ExecOptions = {},
  root?: Tree,
): string {
  let dates = systemDates;
  if (options.today) {
    // One DateSource per fixed instant, so the function table built for it is reused.
    const d = options.today();
    const key = d.getTime();
    dates = dateSources.get(key) ?? { today: () => d };
    if (dateSources.size > 64) dateSources.clear();
    dateSources.set(key, dates);
  }
  const state = new State(
    name,
    trees,
    options.missingKey ?? 'zero',
    dates,
    options.dialect ?? defaultDialect,
  );
  const tree = root ?? trees.get(name);
  if (!tree)
    throw new GoExecError(
      `template: ${name}: ${goQuoteString(name)} is an incomplete or empty template`,
    );
  state.vars = [{ name: '$', value: data }];
  try {
    state.walk(data, tree.root);
  } catch (e) {
    if (e instanceof GoExecError) throw new PartialOutputError(e.goMessage, state.out.join(''));
    if (e instanceof RangeError) {
      throw new PartialOutputError(
        `template: ${state.node ? errorContext(state.node) : name}: executing ${goQuoteString(name)} at <${state.node?.toString() ?? ''}>: exceeded maximum template depth (${maxExecDepth})`,
        state.out.join(''),
      );
    }
    throw e;
  }
  return state.out.join('');
}

/** An execution error together with what had been written before it. */
export class PartialOutputError extends GoExecError {
  constructor(
    goMessage: string,
    readonly output: string,
  ) {
    super(goMessage);
  }
}
