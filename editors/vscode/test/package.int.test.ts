import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

/** The entries of a zip file (stored or deflated), read through its central directory. */
function readZip(bytes: Buffer): Map<string, Buffer> {
  let eocd = bytes.length - 22;
  while (eocd >= 0 && bytes.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  if (eocd < 0) throw new Error('not a zip file');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = bytes.readUInt16LE(at + 10);
    const size = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extra = bytes.readUInt16LE(at + 30);
    const comment = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const data = bytes.subarray(dataAt, dataAt + size);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

const here = fileURLToPath(new URL('..', import.meta.url));
const repoGrammar = fileURLToPath(
  new URL('../../../grammar/modelfile.tmLanguage.json', import.meta.url),
);

describe('the VS Code extension package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-vsix-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a .vsix with the language, the grammar from grammar/ and the client', () => {
    const out = join(dir, 'mfc.vsix');
    execFileSync(process.execPath, [join(here, 'scripts', 'package.mjs'), '--out', out], {
      stdio: 'pipe',
      timeout: 300_000,
    });
    const zip = readZip(readFileSync(out));
    const manifest = JSON.parse(zip.get('extension/package.json')!.toString('utf8'));
    expect(manifest.contributes.languages).toEqual([
      expect.objectContaining({
        id: 'modelfile',
        filenames: ['Modelfile'],
        filenamePatterns: ['*.Modelfile', 'Modelfile.*'],
        configuration: './language-configuration.json',
      }),
    ]);
    expect(manifest.contributes.grammars).toEqual([
      expect.objectContaining({
        language: 'modelfile',
        scopeName: 'source.modelfile',
        path: './syntaxes/modelfile.tmLanguage.json',
      }),
    ]);
    expect(manifest.contributes.configuration.properties['mfc.path'].default).toBe('mfc');
    expect(manifest.activationEvents).toContain('onLanguage:modelfile');
    // The grammar is the repository's file, byte for byte.
    expect(zip.get('extension/syntaxes/modelfile.tmLanguage.json')).toEqual(
      readFileSync(repoGrammar),
    );
    expect(zip.has('extension/language-configuration.json')).toBe(true);
    // The client is bundled (no node_modules in the package) and starts `mfc lsp --stdio`.
    const client = zip.get('extension/dist/extension.cjs')!.toString('utf8');
    expect(client).toContain('--stdio');
    expect([...zip.keys()].some((k) => k.includes('node_modules'))).toBe(false);
    expect([...zip.keys()].some((k) => k.startsWith('extension/src/'))).toBe(false);
  });
});
