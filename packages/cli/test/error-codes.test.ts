// The CLI's own error codes are catalogued (its libraries' are in theirs):
// every code src/ throws is in cliErrors and every entry is thrown; an
// unexpected exception is an InternalError even with --json.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  catalogueChecks,
  codesIn,
  packageSources,
} from '../../../scripts/test-support/catalogue.js';
import { REPORT_BUGS } from '@mfc/diagnostics';
import { cliErrors } from '../src/error-codes.js';
import { reportJsonError } from '../src/main.js';
import type { Terminal } from '../src/ui/terminal.js';
import { mfc } from './support/mfc.js';

const sources = packageSources(import.meta.dirname);
const thrown = codesIn(sources, /\bcliError\(\s*'([A-Z0-9_]+)'/g);

describe('cliErrors', () => {
  catalogueChecks(cliErrors, thrown, sources);

  it('reports an unexpected exception as INTERNAL with the please-report hint in --json', () => {
    let out = '';
    const t = { out: (s: string) => void (out += s), err: () => {} } as unknown as Terminal;
    expect(reportJsonError(new TypeError('x is undefined'), t, false)).toBe(1);
    expect(JSON.parse(out).error).toEqual({
      code: 'INTERNAL',
      message: 'x is undefined',
      hint: REPORT_BUGS,
    });
  });

  it('import of a device: NOT_A_FILE, as every command says it (it was IMPORT_NOT_A_FILE)', async () => {
    const models = mkdtempSync(join(tmpdir(), 'mfc-import-'));
    const r = await mfc(['import', '/dev/null', '--json', '--models', models]);
    rmSync(models, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error).toMatchObject({
      code: 'NOT_A_FILE',
      message: 'this is a character device, not a file or a folder',
      hint: 'to read a pipe, give `-` and redirect it to standard input',
    });
  });
});
