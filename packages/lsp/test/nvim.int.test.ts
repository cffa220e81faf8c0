import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { mfcBin } from './lsp-client.js';

const hasNvim = spawnSync('sh', ['-c', 'command -v nvim'], { encoding: 'utf8' }).status === 0;
if (!hasNvim)
  console.warn('nvim.int.test.ts: skipped, nvim is not installed (apt-get install neovim)');

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  code: string;
  source: string;
  message: string;
}

/** Neovim's built-in LSP client, headless, reads the diagnostics of `mfc lsp --stdio`. */
describe.skipIf(!hasNvim)('mfc lsp in Neovim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-nvim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the linter findings as Neovim diagnostics', () => {
    const file = join(dir, 'Modelfile');
    const out = join(dir, 'diagnostics.json');
    writeFileSync(file, 'FROM llama3.2\nPARAMETER temprature 0.7\nPARAMETER top_p 1.5\n');
    const init = fileURLToPath(new URL('./nvim-init.lua', import.meta.url));
    execFileSync('nvim', ['--headless', '--clean', '-u', init], {
      cwd: dir,
      timeout: 60_000,
      stdio: 'ignore',
      env: {
        ...process.env,
        MFC_NVIM_FILE: file,
        MFC_NVIM_OUT: out,
        MFC_NODE: process.execPath,
        MFC_BIN: mfcBin,
        OLLAMA_MODELS: join(dir, 'models'),
      },
    });
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      ok: boolean;
      diagnostics: NvimDiagnostic[];
    };
    expect(result.ok).toBe(true);
    const found = result.diagnostics
      .map((d) => [d.code, d.lnum, d.col, d.end_col, d.severity, d.source])
      .sort();
    expect(found).toEqual([
      ['MF003', 1, 10, 20, 1, 'mfc'],
      ['MF007', 2, 16, 19, 2, 'mfc'],
    ]);
    expect(result.diagnostics.find((d) => d.code === 'MF003')?.message).toContain(
      "did you mean 'temperature'?",
    );
  });
});
