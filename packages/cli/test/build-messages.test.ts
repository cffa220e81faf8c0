import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { workspace } from './helpers.js';

let ws: ReturnType<typeof workspace>;
beforeEach(() => {
  ws = workspace('mfc-build-msg-');
});
afterEach(() => ws.cleanup());

describe('build error messages', () => {
  it('a FROM folder without weights: "model files", at the FROM line, naming the folder', async () => {
    mkdirSync(join(ws.dir, 'empty'));
    const file = ws.write('Modelfile', 'FROM ./empty\n');
    const r = await ws.mfc(['build', '-f', file, '-t', 'x', '--json']);
    expect(r.code).toBe(1);
    const { error } = JSON.parse(r.stdout);
    expect(error.code).toBe('BUILD_NO_MODEL_FILES');
    expect(error.message).toBe(`no model files found in ${join(ws.dir, 'empty')}`);
    // The position is the Modelfile's line, in the Modelfile (not the folder's name with its line).
    expect(error.location).toMatchObject({ file, range: { start: { line: 1 } } });
  });
});
