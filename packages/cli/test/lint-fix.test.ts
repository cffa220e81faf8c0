import { readdir, readFile, mkdtemp, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMfc } from './in-process.js';

const BROKEN =
  'FROM m\nparamter Temperature 0.7\nPARAMETER mirostat 1\nSYSTEM hi\nSYSTEM hi\nPARAMETER flash_attention true\n';
const FIXED = 'FROM m\nparameter temperature 0.7\nSYSTEM hi\nPARAMETER flash_attention true\n';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfc-lint-fix-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('mfc lint --fix', () => {
  it('writes the fixed file atomically (mode kept, no temp left) and reports what remains', async () => {
    const file = join(dir, 'Modelfile');
    await writeFile(file, BROKEN);
    await chmod(file, 0o640);
    const r = await runMfc(['lint', '--fix', '--format', 'json', file]);
    expect(await readFile(file, 'utf8')).toBe(FIXED);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect(await readdir(dir)).toEqual(['Modelfile']);
    expect(r.code).toBe(1); // flash_attention is not fixable: an error remains
    expect(r.stderr).toBe(`${file}: fixed 4 problem(s)\n`);
    const [entry] = JSON.parse(r.stdout) as {
      output: string;
      messages: { ruleId: string }[];
    }[];
    expect(entry.output).toBe(FIXED);
    expect(entry.messages.map((m) => m.ruleId)).toEqual(['MF003']);
    // Nothing left to fix: the file is not touched again.
    const again = await runMfc(['lint', '--fix', file]);
    expect(again.stderr).toBe('');
    expect(again.stdout).toContain("unknown parameter 'flash_attention'");
  });

  it('keeps a UTF-16 file UTF-16 and a CRLF file CRLF', async () => {
    const file = join(dir, 'utf16.Modelfile');
    const text = 'FROM m\r\nPARAMETER temprature 1\r\n';
    await writeFile(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const r = await runMfc(['lint', '--fix', file]);
    expect(r.code).toBe(0);
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe('FROM m\r\nPARAMETER temperature 1\r\n');
  });

  it('--fix-dry-run prints the fixed text and writes nothing; the report goes to stderr', async () => {
    const file = join(dir, 'dry.Modelfile');
    await writeFile(file, BROKEN);
    const r = await runMfc(['lint', '--fix-dry-run', file]);
    expect(r.stdout).toBe(FIXED);
    expect(r.stderr).toContain("unknown parameter 'flash_attention'");
    expect(r.code).toBe(1);
    expect(await readFile(file, 'utf8')).toBe(BROKEN);
  });
});
