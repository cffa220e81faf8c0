/**
 * Ollama's chat data model and render modes (`template/template.go`
 * `Template.Execute`): messages mode, the legacy per-exchange prompt/response
 * mode with the cut at `.Response`, fill-in-the-middle, and collation.
 */
import {
  ActionNode,
  CommandNode,
  FieldNode,
  GoExecError,
  ListNode,
  PartialOutputError,
  PipeNode,
  Tree,
  Typed,
  executeTrees,
  goJsonMarshal as marshal,
  ifaceType,
  intType,
  parseTemplate,
  stringType,
  type ExecOptions,
  type GoTemplate,
  type GoType,
  type Node,
  type Value,
} from '@mfc/gotemplate';

// ---- Go types of the data a chat template sees ----

const sliceOfString: GoType = { kind: 'slice', name: '[]string', elem: stringType };
const sliceOfAny: GoType = { kind: 'slice', name: '[]interface {}', elem: ifaceType };

const jsonMapType: GoType = {
  kind: 'map',
  name: 'main.jsonMap',
  elem: ifaceType,
  stringer: (v) => (v === null ? '{}' : marshal(v as Record<string, unknown>)),
};

const toolCallFunctionType: GoType = {
  kind: 'struct',
  name: 'main.toolCallFunction',
  fields: [
    { name: 'Index', type: intType },
    { name: 'Name', type: stringType },
    { name: 'Arguments', type: jsonMapType },
  ],
};

const toolCallType: GoType = {
  kind: 'struct',
  name: 'main.toolCall',
  fields: [
    { name: 'ID', type: stringType },
    { name: 'Function', type: toolCallFunctionType },
  ],
};
const sliceOfToolCall: GoType = { kind: 'slice', name: '[]main.toolCall', elem: toolCallType };

export const messageType: GoType = {
  kind: 'struct',
  name: 'main.message',
  fields: [
    { name: 'Role', type: stringType },
    { name: 'Content', type: stringType },
    { name: 'Thinking', type: stringType },
    { name: 'Images', type: sliceOfString },
    { name: 'ToolCalls', type: sliceOfToolCall },
    { name: 'ToolName', type: stringType },
    { name: 'ToolCallID', type: stringType },
  ],
};
const messagePtr: GoType = { kind: 'ptr', name: '*main.message', elem: messageType };
const sliceOfMessagePtr: GoType = { kind: 'slice', name: '[]*main.message', elem: messagePtr };

const propertyTypeType: GoType = {
  kind: 'slice',
  name: 'main.propertyType',
  elem: stringType,
  stringer: (v) => {
    const a = (v as string[] | null) ?? [];
    if (a.length === 0) return '';
    if (a.length === 1) return a[0];
    return '[' + a.join(' ') + ']';
  },
  marshalJSON: (v) => {
    const a = v as string[] | null;
    if (a && a.length === 1) return a[0];
    return a === null ? null : [...a];
  },
};

export const toolPropertyType: GoType = { kind: 'struct', name: 'main.toolProperty', fields: [] };
const sliceOfToolProperty: GoType = {
  kind: 'slice',
  name: '[]main.toolProperty',
  elem: toolPropertyType,
};
const mapOfToolProperty: GoType = {
  kind: 'map',
  name: 'map[string]main.toolProperty',
  elem: toolPropertyType,
};
toolPropertyType.fields!.push(
  { name: 'AnyOf', type: sliceOfToolProperty, json: 'anyOf', omitempty: true },
  { name: 'Type', type: propertyTypeType, json: 'type', omitempty: true },
  { name: 'Items', type: ifaceType, json: 'items', omitempty: true },
  { name: 'Description', type: stringType, json: 'description', omitempty: true },
  { name: 'Enum', type: sliceOfAny, json: 'enum', omitempty: true },
  { name: 'Properties', type: mapOfToolProperty, json: 'properties', omitempty: true },
  { name: 'Required', type: sliceOfString, json: 'required', omitempty: true },
);

const toolPropertiesType: GoType = {
  kind: 'map',
  name: 'main.toolProperties',
  elem: toolPropertyType,
  stringer: (v) => (v === null ? '{}' : marshal(new Typed(mapOfToolProperty, v))),
};

const toolParametersType: GoType = {
  kind: 'struct',
  name: 'main.toolParameters',
  fields: [
    { name: 'Type', type: stringType, json: 'type' },
    { name: 'Defs', type: ifaceType, json: '$defs', omitempty: true },
    { name: 'Items', type: ifaceType, json: 'items', omitempty: true },
    { name: 'Required', type: sliceOfString, json: 'required', omitempty: true },
    { name: 'Properties', type: toolPropertiesType, json: 'properties' },
  ],
};

const toolFunctionType: GoType = {
  kind: 'struct',
  name: 'main.toolFunction',
  fields: [
    { name: 'Name', type: stringType, json: 'name' },
    { name: 'Description', type: stringType, json: 'description' },
    { name: 'Parameters', type: toolParametersType, json: 'parameters' },
  ],
};

const toolType: GoType = {
  kind: 'struct',
  name: 'main.tool',
  fields: [
    { name: 'Type', type: stringType, json: 'type' },
    { name: 'Items', type: ifaceType, json: 'items', omitempty: true },
    { name: 'Function', type: toolFunctionType, json: 'function' },
  ],
};
toolType.stringer = (v) => marshal(new Typed({ ...toolType, stringer: undefined }, v));

const toolsType: GoType = {
  kind: 'slice',
  name: 'main.jsonTools',
  elem: toolType,
  stringer: (v) => marshal(new Typed({ ...toolsType, stringer: undefined }, v)),
};

// ---- decoding Ollama's chat request JSON into those types ----

/** encoding/json matches object keys to fields case-insensitively. */
function field(obj: unknown, key: string): unknown {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const rec = obj as Record<string, unknown>;
  if (key in rec) return rec[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function strSlice(v: unknown): Typed {
  return new Typed(sliceOfString, Array.isArray(v) ? v.map(str) : null);
}

function decodeProperty(v: unknown): Typed {
  const t = field(v, 'type');
  const types = typeof t === 'string' ? [t] : Array.isArray(t) ? t.map(str) : null;
  const anyOf = field(v, 'anyOf');
  const props = field(v, 'properties');
  const enumV = field(v, 'enum');
  const rec: Record<string, unknown> = {
    AnyOf: new Typed(sliceOfToolProperty, Array.isArray(anyOf) ? anyOf.map(decodeProperty) : null),
    Type: new Typed(propertyTypeType, types),
    Items: field(v, 'items') ?? null,
    Description: str(field(v, 'description')),
    Enum: new Typed(sliceOfAny, Array.isArray(enumV) ? enumV : null),
    Properties: new Typed(mapOfToolProperty, decodePropertyMap(props)),
    Required: strSlice(field(v, 'required')),
  };
  return new Typed(toolPropertyType, rec);
}

function decodePropertyMap(v: unknown): Record<string, unknown> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(v as Record<string, unknown>)) out[k] = decodeProperty(p);
  return out;
}

function decodeTool(v: unknown): Typed {
  const fn = field(v, 'function');
  const params = field(fn, 'parameters');
  return new Typed(toolType, {
    Type: str(field(v, 'type')),
    Items: field(v, 'items') ?? null,
    Function: new Typed(toolFunctionType, {
      Name: str(field(fn, 'name')),
      Description: str(field(fn, 'description')),
      Parameters: new Typed(toolParametersType, {
        Type: str(field(params, 'type')),
        Defs: field(params, '$defs') ?? null,
        Items: field(params, 'items') ?? null,
        Required: strSlice(field(params, 'required')),
        Properties: new Typed(toolPropertiesType, decodePropertyMap(field(params, 'properties'))),
      }),
    }),
  });
}

/** One chat message as Ollama's API carries it. */
export interface ChatMessage {
  role: string;
  content?: string;
  thinking?: string;
  images?: string[];
  tool_calls?: {
    id?: string;
    function: { index?: number; name: string; arguments?: Record<string, unknown> };
  }[];
  tool_name?: string;
  tool_call_id?: string;
}

/** The values a chat template is rendered with (Ollama's chat request shape). */
export interface ChatValues {
  messages?: ChatMessage[];
  tools?: unknown[] | null;
  prompt?: string;
  suffix?: string;
  think?: boolean;
  think_level?: string;
  is_think_set?: boolean;
}

interface Msg {
  Role: string;
  Content: string;
  Thinking: string;
  Images: Typed;
  ToolCalls: Typed;
  ToolName: string;
  ToolCallID: string;
}

function convertMessage(m: unknown): Msg {
  const calls = field(m, 'tool_calls');
  return {
    Role: str(field(m, 'role')),
    Content: str(field(m, 'content')),
    Thinking: str(field(m, 'thinking')),
    Images: strSlice(field(m, 'images')),
    ToolCalls: new Typed(
      sliceOfToolCall,
      Array.isArray(calls) && calls.length > 0
        ? calls.map((c) => {
            const fn = field(c, 'function');
            const args = field(fn, 'arguments');
            const idx = field(fn, 'index');
            return new Typed(toolCallType, {
              ID: str(field(c, 'id')),
              Function: new Typed(toolCallFunctionType, {
                Index: BigInt(typeof idx === 'number' ? Math.trunc(idx) : 0),
                Name: str(field(fn, 'name')),
                Arguments: new Typed(
                  jsonMapType,
                  args !== null && typeof args === 'object' && !Array.isArray(args) ? args : null,
                ),
              }),
            });
          })
        : null,
    ),
    ToolName: str(field(m, 'tool_name')),
    ToolCallID: str(field(m, 'tool_call_id')),
  };
}

/** Ollama's collate: consecutive same-role messages (but tool) joined by a blank line; system texts joined into .System. */
export function collate(messages: readonly unknown[]): { system: string; messages: Msg[] } {
  const systems: string[] = [];
  const out: Msg[] = [];
  for (const raw of messages) {
    const m = convertMessage(raw);
    if (m.Role === 'system') systems.push(m.Content);
    const last = out[out.length - 1];
    if (last && last.Role === m.Role && m.Role !== 'tool') last.Content += '\n\n' + m.Content;
    else out.push(m);
  }
  return { system: systems.join('\n\n'), messages: out };
}

export type RenderMode = 'messages' | 'prompt-response' | 'fill-in-the-middle';

/** Which mode Ollama uses for these vars and values. */
export function renderMode(vars: readonly string[], values: ChatValues = {}): RenderMode {
  if (values.prompt && values.suffix) return 'fill-in-the-middle';
  return vars.includes('messages') ? 'messages' : 'prompt-response';
}

/** The Typed message list a messages-mode template iterates. */
function messageSlice(msgs: Msg[]): Typed {
  return new Typed(
    sliceOfMessagePtr,
    msgs.map((m) => new Typed(messagePtr, new Typed(messageType, { ...m }))),
  );
}

/** The root list Ollama executes: a legacy template gets `{{ .Response }}` appended. */
function withResponse(t: GoTemplate): Tree {
  const vars = t.vars();
  const tree = t.tree;
  if (vars.includes('messages') || vars.includes('response')) return tree;
  const copy = new Tree(tree.name, tree.parseName, tree.text);
  copy.root = tree.root.copy();
  const pipe = new PipeNode(tree, 0, 0);
  const cmd = new CommandNode(tree, 0);
  cmd.args.push(new FieldNode(tree, 0, '.Response'));
  pipe.cmds.push(cmd);
  copy.root.nodes.push(new ActionNode(tree, 0, 0, pipe));
  return copy;
}

/** A copy of the tree with everything from the first `.Response` on removed. */
function cutAtResponse(tree: Tree): Tree {
  const root = tree.root.copy();
  let cut = false;
  const prune = (n: Node): Node | null => {
    if (n.type === 'field' && n.ident.includes('Response')) {
      cut = true;
      return null;
    }
    if (cut) return null;
    switch (n.type) {
      case 'list':
        n.nodes = n.nodes.map(prune).filter((x): x is Node => x !== null);
        break;
      case 'if':
      case 'with':
      case 'range': {
        const l = prune(n.list);
        n.list = (l as ListNode | null) ?? new ListNode(n.tree, 0);
        if (n.elseList)
          n.elseList = (prune(n.elseList) as ListNode | null) ?? new ListNode(n.tree, 0);
        break;
      }
      case 'action': {
        const p = prune(n.pipe);
        if (!p) return null;
        n.pipe = p as PipeNode;
        break;
      }
      case 'pipe': {
        const cmds: CommandNode[] = [];
        for (const c of n.cmds) {
          const args = c.args.map(prune).filter((x): x is Node => x !== null);
          if (args.length === 0) return null;
          c.args = args;
          cmds.push(c);
        }
        if (cmds.length === 0) return null;
        n.cmds = cmds;
        break;
      }
    }
    return n;
  };
  prune(root);
  const t = new Tree('', tree.parseName, tree.text);
  t.root = root;
  return t;
}

export interface ChatRenderResult {
  output: string;
  /** Go's execution error, if one stopped rendering (output holds what was written before). */
  error?: string;
  mode: RenderMode;
}

/**
 * Renders a chat exactly as Ollama prepares a prompt. Parse errors throw
 * TemplateParseError; execution errors are returned with the partial output.
 */
export function renderChat(
  template: string | GoTemplate,
  values: ChatValues = {},
  options: ExecOptions = {},
): ChatRenderResult {
  const t = typeof template === 'string' ? parseTemplate(template) : template;
  const vars = t.vars();
  const tree = withResponse(t);
  const trees = new Map(t.trees);
  trees.set(t.name, tree);
  const common = (m: Record<string, unknown>): Record<string, unknown> => {
    m.Think = values.think ?? false;
    m.ThinkLevel = values.think_level ?? '';
    m.IsThinkSet = values.is_think_set ?? false;
    return m;
  };
  const out: string[] = [];
  const exec = (
    data: Record<string, unknown>,
    ts: Map<string, Tree>,
    missingKey: 'zero' | 'invalid',
  ): string | undefined => {
    try {
      out.push(
        executeTrees(ts, t.name, data as Value, { dialect: t.dialect, ...options, missingKey }),
      );
      return undefined;
    } catch (e) {
      if (e instanceof PartialOutputError) {
        out.push(e.output);
        return e.goMessage;
      }
      if (e instanceof GoExecError) return e.goMessage;
      throw e;
    }
  };
  const mode = renderMode(vars, values);
  const result = (error?: string): ChatRenderResult =>
    error ? { output: out.join(''), error, mode } : { output: out.join(''), mode };

  if (mode === 'fill-in-the-middle') {
    return result(
      exec(common({ Prompt: values.prompt, Suffix: values.suffix, Response: '' }), trees, 'zero'),
    );
  }
  const { system, messages } = collate(values.messages ?? []);
  if (mode === 'messages') {
    const tools =
      values.tools === undefined || values.tools === null
        ? null
        : new Typed(toolsType, values.tools.map(decodeTool));
    return result(
      exec(
        common({ System: system, Messages: messageSlice(messages), Tools: tools, Response: '' }),
        trees,
        'zero',
      ),
    );
  }
  let sys = '';
  let prompt = '';
  let response = '';
  const flush = (): string | undefined => {
    const err = exec(common({ System: sys, Prompt: prompt, Response: response }), trees, 'zero');
    sys = prompt = response = '';
    return err;
  };
  for (const m of messages) {
    if (m.Role === 'system') {
      if (prompt !== '' || response !== '') {
        const err = flush();
        if (err) return result(err);
      }
      sys = m.Content;
    } else if (m.Role === 'user') {
      if (response !== '') {
        const err = flush();
        if (err) return result(err);
      }
      prompt = m.Content;
    } else if (m.Role === 'assistant') {
      response = m.Content;
    }
  }
  const last = cutAtResponse(tree);
  return result(
    exec(
      common({ System: sys, Prompt: prompt, Response: response }),
      new Map([[t.name, last]]),
      'invalid',
    ),
  );
}
