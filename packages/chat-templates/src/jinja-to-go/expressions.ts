/** Jinja expressions → Go operands: literals, names, members of messages and loops, calls. */
import { describe, isLoopMember, propName, type J } from './ast.js';
import type { TranslationContext } from './context.js';
import { JinjaToGoError } from './error.js';
import { filterExpr, test } from './filters.js';
import { binary, unary } from './operators.js';
import type { LoopInfo, Scope } from './scope.js';
import { caseChange, jinjaString, konst, truthy, type Ty, type V } from './values.js';

const messageFields: Record<string, string | null | undefined> = {
  role: 'Role',
  content: 'Content',
  name: 'ToolName',
  tool_call_id: 'ToolCallID',
  tool_calls: null,
};

/** Translates expressions; operators, tests and filters are functions of it (operators.ts, filters.ts). */
export class ExpressionTranslator {
  constructor(readonly ctx: TranslationContext) {}

  previous(loop: LoopInfo): V {
    loop.prev ??= this.ctx.goName('previous');
    return { go: loop.prev, ty: 'message' };
  }

  lastOf(obj: V): V {
    if (obj.go !== '$.Messages')
      this.ctx.fail(
        'the last of a slice of the messages',
        'only messages[-1] is translated',
        '[-1]',
      );
    this.ctx.lastMessage ??= this.ctx.goName('last_message');
    return { go: this.ctx.lastMessage, ty: 'message' };
  }

  /** An expression's kind, without failing (the caller translates it later). */
  tyOf(n: J, scope: Scope): Ty {
    const notes = [...this.ctx.notes];
    try {
      return this.expr(n, scope).ty;
    } catch (e) {
      if (e instanceof JinjaToGoError) return 'unknown';
      throw e;
    } finally {
      this.ctx.notes.clear();
      for (const x of notes) this.ctx.notes.add(x);
    }
  }

  expr(n: J, scope: Scope): V {
    switch (n.type) {
      case 'StringLiteral':
      case 'IntegerLiteral':
      case 'FloatLiteral':
        return konst(n.value);
      case 'Identifier':
        return this.identifier(n.value, scope);
      case 'MemberExpression':
        return this.member(n, scope);
      case 'CallExpression':
        return this.call(n, scope);
      case 'BinaryExpression':
        return binary(this, n, scope);
      case 'UnaryExpression':
        return unary(this, n, scope);
      case 'TestExpression':
        return test(this, n, scope);
      case 'FilterExpression':
        return filterExpr(this, n, scope);
      case 'Ternary': {
        const c = this.expr(n.condition, scope);
        if (c.konst) return this.expr(truthy(c.value) ? n.trueExpr : n.falseExpr, scope);
        return this.ctx.fail(
          'a conditional expression here',
          'Go has no conditional expression',
          'if',
        );
      }
      default:
        return this.ctx.fail(describe(n), 'not supported in a translated template', undefined);
    }
  }

  identifier(name: string, scope: Scope): V {
    const v = scope.lookup(name);
    if (v) return { go: v.go, ty: v.ty, defFlag: v.defFlag, maybeNone: v.maybeNone };
    switch (name) {
      case 'messages':
        return { go: '$.Messages', ty: 'messages' };
      case 'bos_token':
        return konst(this.ctx.tokens.bos ?? '');
      case 'eos_token':
        return konst(this.ctx.tokens.eos ?? '');
      case 'add_generation_prompt':
        return konst(true);
      case 'true':
      case 'True':
        return konst(true);
      case 'false':
      case 'False':
        return konst(false);
      case 'none':
      case 'None':
        return konst(null);
      case 'tools':
      case 'documents':
      case 'custom_tools':
        this.ctx.notes.add(
          'tool definitions are not translated: the template renders as if no tools were given',
        );
        return konst(undefined);
      case 'loop':
        return this.ctx.fail('loop', 'loop is used outside a for loop or as a value');
      case 'namespace':
      case 'raise_exception':
      case 'range':
      case 'strftime_now':
        return this.ctx.fail(`${name}()`, 'not translated', name);
      default:
        // Everything else is undefined for a chat rendering (transformers passes only these).
        return konst(undefined);
    }
  }

  private member(n: J, scope: Scope): V {
    const p = propName(n);
    if (n.object.type === 'Identifier' && n.object.value === 'loop' && !scope.lookup('loop')) {
      const loop = scope.nearestLoop();
      if (!loop) this.ctx.fail('loop', 'loop.* outside a for loop');
      switch (p) {
        case 'index0':
          return { go: loop.index, ty: 'int' };
        case 'first':
          return { go: `(eq ${loop.index} 0)`, ty: 'bool' };
        case 'last':
          return { go: `(eq (len (slice ${loop.iter} ${loop.index})) 1)`, ty: 'bool' };
        case 'length':
          return { go: `(len ${loop.iter})`, ty: 'int' };
        case 'revindex':
          return { go: `(len (slice ${loop.iter} ${loop.index}))`, ty: 'int' };
        case 'previtem':
          return this.previous(loop);
        case 'nextitem':
          return { go: `(index (slice ${loop.iter} ${loop.index}) 1)`, ty: 'message' };
        default:
          return this.ctx.fail(
            `loop.${p ?? '?'}`,
            'Go templates have no arithmetic to compute it',
            `loop.${p}`,
          );
      }
    }
    const obj = this.expr(n.object, scope);
    if (obj.konst && obj.ty === 'undefined') return konst(undefined);
    if (obj.ty === 'namespace' && n.object.type === 'Identifier' && p) {
      const a = scope.lookup(`${n.object.value}.${p}`);
      if (a) return { go: a.go, ty: a.ty, maybeNone: a.maybeNone };
      return konst(undefined);
    }
    if (obj.ty === 'message' && p !== undefined) {
      const field = messageFields[p];
      if (field === undefined) return konst(undefined);
      if (field === null) {
        this.ctx.notes.add(
          'tool calls are not translated: assistant messages render their text only',
        );
        return konst(undefined);
      }
      return { go: `${obj.go}.${field}`, ty: 'string' };
    }
    if (obj.ty === 'messages' && n.computed) {
      if (n.property.type === 'SliceExpression') {
        const sl = n.property;
        if (sl.step) this.ctx.fail('a slice with a step', 'Go’s slice has no step', '::');
        const a = sl.start ? this.expr(sl.start, scope) : konst(0);
        const b = sl.stop ? this.expr(sl.stop, scope) : undefined;
        for (const x of [a, b])
          if (x && (x.ty !== 'int' || (x.konst && (x.value as number) < 0)))
            this.ctx.fail(
              'a slice of the messages with a negative or computed bound',
              'Go’s slice cannot count from the end',
              '[',
            );
        return { go: `(slice ${obj.go} ${a.go}${b ? ' ' + b.go : ''})`, ty: 'messages' };
      }
      // X[loop.index0 + k] is (slice X $idx)[k]; X[loop.index0 - 1] the loop's previous item.
      const q = n.property;
      if (
        q.type === 'BinaryExpression' &&
        isLoopMember(q.left, scope, 'index0') &&
        q.right.type === 'IntegerLiteral'
      ) {
        const loop = scope.nearestLoop()!;
        const k: number =
          q.operator.value === '+'
            ? q.right.value
            : q.operator.value === '-'
              ? -q.right.value
              : NaN;
        if (k >= 0) return { go: `(index (slice ${obj.go} ${loop.index}) ${k})`, ty: 'message' };
        if (k === -1 && obj.go === loop.iter) return this.previous(loop);
      }
      const i = this.expr(n.property, scope);
      if (i.konst && i.value === -1) return this.lastOf(obj);
      if (i.ty !== 'int' || (i.konst && (i.value as number) < 0))
        this.ctx.fail(
          `messages[${i.konst ? String(i.value) : '…'}]`,
          'Go’s index cannot count from the end',
          i.konst ? `[${String(i.value)}]` : '[',
        );
      return { go: `(index ${obj.go} ${i.go})`, ty: 'message' };
    }
    return this.ctx.fail(describe(n), `a ${obj.ty} has no such member in Ollama’s data model`, p);
  }

  private call(n: J, scope: Scope): V {
    if (n.callee.type === 'MemberExpression') {
      const method = propName(n.callee);
      const obj = this.expr(n.callee.object, scope);
      if (method && ['strip', 'lstrip', 'rstrip'].includes(method) && n.args.length === 0)
        return this.trim(obj, method);
      if (method && ['upper', 'lower', 'title', 'capitalize'].includes(method) && obj.konst)
        return konst(caseChange(jinjaString(obj.value), method));
      return this.ctx.fail(
        `.${method ?? '?'}()`,
        'string methods other than strip() are not translated',
        `.${method}(`,
      );
    }
    const name = n.callee.type === 'Identifier' ? n.callee.value : describe(n.callee);
    if (this.ctx.macros.has(name))
      return this.ctx.fail(`the macro "${name}"`, 'macros are not translated', `${name}(`);
    return this.ctx.fail(`${name}()`, 'calls are not translated', `${name}(`);
  }

  trim(v: V, how: string): V {
    if (v.konst) {
      const s = jinjaString(v.value);
      return konst(how === 'lstrip' ? s.trimStart() : how === 'rstrip' ? s.trimEnd() : s.trim());
    }
    if (v.ty !== 'string' && v.ty !== 'unknown')
      this.ctx.fail('trim of a non-string', 'only strings are trimmed');
    this.ctx.notes.add(
      'the Jinja trims message text (strip/trim) and Go templates cannot: text is used as sent',
    );
    return v;
  }
}
