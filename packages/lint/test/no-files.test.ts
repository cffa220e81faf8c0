// `--no-files` / `"files": false`: everything but the file system (CI without the weights).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GgufValueType, kv } from '@mfc/gguf';
import { allRules, formatters, lintFiles, lintModelfile, loadConfigFile } from '../src/index.js';
import { ggufBytes } from './gguf-bytes.js';

/** Weights that are not there, an adapter that is not there, a typo, a disable for a file rule. */
const CI_MODELFILE = [
  'FROM ./weights/model.gguf',
  '# mfc-disable-next-line MF011',
  'ADAPTER ./lora.gguf',
  'PARAMETER temprature 0.7',
  '',
].join('\n');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mfc-no-files-'));
  await writeFile(join(dir, 'Modelfile'), CI_MODELFILE);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('linting without the file system', () => {
  it('reports missing paths normally, and only the rest with files: false', async () => {
    const file = join(dir, 'Modelfile');
    expect(codes(await lintModelfile(CI_MODELFILE, { file, config: false }))).toEqual([
      'MF011',
      'MF003',
    ]);
    // The disable comment covers a rule that does not run: not an unused directive (MF015).
    const off = await lintModelfile(CI_MODELFILE, { file, config: false, files: false });
    expect(codes(off)).toEqual(['MF003']);
  });

  it('turns off exactly the rules that look at files', () => {
    expect(allRules.filter((r) => r.meta.usesFiles).map((r) => r.meta.id)).toEqual([
      'MF011',
      'MF012',
      'MF019',
      'MF020',
      'MF021',
      'MF022',
    ]);
  });

  it('reads no GGUF: MF018 falls back to the known end-of-sequence tokens', async () => {
    const gguf = ggufBytes([
      kv.string('general.architecture', 'llama'),
      kv.string('general.type', 'model'),
      kv.array('tokenizer.ggml.tokens', GgufValueType.STRING, ['<unk>', '<|im_end|>']),
      kv.u32('tokenizer.ggml.eos_token_id', 1),
    ]);
    await writeFile(join(dir, 'chat.gguf'), gguf);
    const text = 'FROM ./chat.gguf\nTEMPLATE "{{ .Prompt }}"\nPARAMETER stop </s>\n';
    const file = join(dir, 'chat.Modelfile');
    // With the GGUF, </s> is not this model's end token (nor a token); without files it is a known one.
    expect(codes(await lintModelfile(text, { file, config: false }))).toEqual(['MF018', 'MF020']);
    expect(codes(await lintModelfile(text, { file, config: false, files: false }))).toEqual([]);
  });

  it('takes "files": false from the config file, and --no-files over a config', async () => {
    const sub = await mkdtemp(join(dir, 'cfg-'));
    await writeFile(join(sub, 'Modelfile'), CI_MODELFILE);
    await writeFile(join(sub, '.mfclintrc.json'), JSON.stringify({ files: false }));
    expect((await lintFiles([sub])).map(codes)).toEqual([['MF003']]);
    await writeFile(join(sub, '.mfclintrc.json'), JSON.stringify({ files: true }));
    expect((await lintFiles([sub])).map(codes)).toEqual([['MF011', 'MF003']]);
    expect((await lintFiles([sub], { files: false })).map(codes)).toEqual([['MF003']]);
  });

  it('rejects a "files" setting that is not a boolean, at its position', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{\n  "files": "no"\n}\n');
    expect(() => loadConfigFile(path, allRules)).toThrow(/"files" must be true or false/);
  });

  it('github output says how to lint without files when file rules reported', async () => {
    const file = join(dir, 'Modelfile');
    const rules = allRules.map((r) => r.meta);
    const withFiles = await lintModelfile(CI_MODELFILE, { file, config: false });
    const out = formatters.github([withFiles], { cwd: dir, rules });
    expect(out.trimEnd().split('\n').at(-1)).toBe(
      '::notice title=mfc lint --no-files::MF011 check files on disk (weights, adapters). ' +
        'Where they are not checked in, run `mfc lint --no-files` or set "files": false in .mfclintrc.json',
    );
    const without = await lintModelfile(CI_MODELFILE, { file, config: false, files: false });
    expect(formatters.github([without], { cwd: dir, rules })).not.toContain('--no-files');
  });
});
