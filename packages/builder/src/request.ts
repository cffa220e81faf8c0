import type { Location, Range } from '@mfc/diagnostics';
import { builderError, modelfileError } from './error-codes.js';
import { convertParameter, type OllamaCommand } from '@mfc/modelfile';
import { float32Shortest } from '@mfc/gocompat';

export interface BuildMessage {
  role: string;
  content: string;
}

/** A parameter value as it reaches the params blob (float32 already reduced to its shortest decimal). */
export type ParamValue = number | boolean | string[];

/** What a Modelfile asks for, like the request `ollama create` sends (`Modelfile.CreateRequest`). */
export interface BuildRequest {
  /** FROM arguments in order, with where each came from. */
  from: { text: string; location: Location }[];
  /** ADAPTER (last one wins, as in Ollama). */
  adapter?: { text: string; location: Location };
  drafts: { text: string; location: Location }[];
  template: string;
  /** Where the (last) TEMPLATE is, for template errors. */
  templateLocation?: Location;
  system: string;
  licenses: string[];
  renderer: string;
  parser: string;
  requires: string;
  /** Parameters in first-appearance order; `stop` accumulates, others: last wins. */
  params: Map<string, ParamValue>;
  messages: BuildMessage[];
  /** Deprecated parameters, in Ollama's words (`warning: parameter … is deprecated`), with their lines. */
  warnings: { message: string; location: Location }[];
}

/** Go's golang.org/x/mod/semver validity (after Ollama adds a leading `v`). */
const SEMVER =
  /^v(0|[1-9]\d*)(\.(0|[1-9]\d*)(\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?)?)?$/;

/**
 * Turns parsed commands into a build request, converting PARAMETER values
 * with Ollama's rules. `ranges[i]` (optional) is the source range of
 * `commands[i]`, for error positions.
 */
export function buildRequestFromCommands(
  commands: readonly OllamaCommand[],
  options: { file?: string; ranges?: readonly (Range | undefined)[] } = {},
): BuildRequest {
  const req: BuildRequest = {
    from: [],
    drafts: [],
    template: '',
    system: '',
    licenses: [],
    renderer: '',
    parser: '',
    requires: '',
    params: new Map(),
    messages: [],
    warnings: [],
  };
  commands.forEach((c, i) => {
    const range = options.ranges?.[i];
    const location: Location = {
      ...(options.file ? { file: options.file } : {}),
      ...(range ? { range } : {}),
    };
    switch (c.name) {
      case 'model':
        req.from.push({ text: c.args, location });
        break;
      case 'adapter':
        req.adapter = { text: c.args, location };
        break;
      case 'draft':
        req.drafts.push({ text: c.args, location });
        break;
      case 'template':
        req.template = c.args;
        req.templateLocation = location;
        break;
      case 'system':
        req.system = c.args;
        break;
      case 'license':
        req.licenses.push(c.args);
        break;
      case 'renderer':
        req.renderer = c.args;
        break;
      case 'parser':
        req.parser = c.args;
        break;
      case 'requires': {
        const v = c.args.startsWith('v') ? c.args : `v${c.args}`;
        if (!SEMVER.test(v)) {
          throw builderError(
            'BUILD_BAD_REQUIRES',
            'requires must be a valid semver (e.g. 0.14.0)',
            { location },
          );
        }
        req.requires = v.slice(1);
        break;
      }
      case 'message': {
        const cut = c.args.indexOf(': ');
        const [role, content] =
          cut < 0 ? [c.args, ''] : [c.args.slice(0, cut), c.args.slice(cut + 2)];
        req.messages.push({ role, content });
        break;
      }
      default: {
        const conv = convertParameter(c.name, c.args);
        if (!conv.ok) throw modelfileError(conv.code, conv.message, { location });
        if ('deprecated' in conv) {
          req.warnings.push({ message: conv.message, location });
          break;
        }
        if (conv.type === 'string[]') {
          // Appended in place: copying the list for every line made N lines cost N²/2.
          const prev = req.params.get(c.name);
          if (Array.isArray(prev)) prev.push(conv.value as string);
          else req.params.set(c.name, [conv.value as string]);
        } else if (conv.type === 'float') {
          const f = conv.value as number;
          if (!Number.isFinite(f)) {
            // Ollama's client fails here with `json: unsupported value`.
            throw builderError('BUILD_BAD_PARAMETER', `json: unsupported value: ${c.args}`, {
              location,
              hint: `${c.name} must be a finite number`,
            });
          }
          req.params.set(c.name, float32Shortest(f));
        } else {
          req.params.set(c.name, conv.value as number | boolean);
        }
      }
    }
  });
  if (req.from.length === 0) {
    throw modelfileError('MODELFILE_NO_FROM', 'no FROM line', {
      location: options.file ? { file: options.file } : {},
    });
  }
  return req;
}
