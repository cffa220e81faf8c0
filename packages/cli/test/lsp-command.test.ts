import { describe, expect, it } from 'vitest';
import { plainStyle } from '@mfc/diagnostics';
import { main } from '../src/main.js';
import type { Terminal } from '../src/ui/terminal.js';

function memoryTerminal(): Terminal & { text: () => string } {
  let all = '';
  return {
    out: (t) => void (all += t),
    err: (t) => void (all += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    outStyle: plainStyle,
    errStyle: plainStyle,
    text: () => all,
  };
}

describe('mfc lsp', () => {
  it('needs --stdio (exit 2), and says how editors start it', async () => {
    const t = memoryTerminal();
    expect(await main(['lsp'], {}, t)).toBe(2);
    expect(t.text()).toContain('mfc lsp needs --stdio');
  });

  it('is listed in --help and explains itself', async () => {
    const t = memoryTerminal();
    expect(await main(['--help'], {}, t)).toBe(0);
    expect(t.text()).toContain('lsp');
    const h = memoryTerminal();
    expect(await main(['lsp', '--help'], {}, h)).toBe(0);
    expect(h.text()).toContain('mfc lsp --stdio');
  });
});
