import { MfcError } from '@mfc/diagnostics';
import type { Formatter } from './common.js';
import { github } from './github.js';
import { json } from './json.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export type { FormatOptions, Formatter } from './common.js';

export const formatters = { stylish, json, sarif, github } as const satisfies Record<
  string,
  Formatter
>;
export type FormatName = keyof typeof formatters;

export function getFormatter(name: string): Formatter {
  if (Object.hasOwn(formatters, name)) return formatters[name as FormatName];
  throw new MfcError('LINT_FORMAT', `unknown output format "${name}"`, {
    kind: 'usage',
    hint: `use one of: ${Object.keys(formatters).join(', ')}`,
  });
}
