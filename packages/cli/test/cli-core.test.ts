// The CLI's core in process: argv → exit code and output through main(),
// error reporting, colour and progress.
import { describe, expect, it } from 'vitest';
import {
  InternalError,
  MfcError,
  REPORT_BUGS,
  UsageError,
  formatBytes,
  plainStyle,
} from '@mfc/diagnostics';
import { reportError } from '../src/main.js';
import { createProgress } from '../src/ui/progress.js';
import { wantsColor, type Terminal } from '../src/ui/terminal.js';
import { VERSION } from '../src/version.js';
import { mfc } from './support/mfc.js';

function memoryTerminal(
  stderrIsTTY = false,
): Terminal & { errText: () => string; outText: () => string } {
  let out = '';
  let err = '';
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    stdoutIsTTY: false,
    stderrIsTTY,
    outStyle: plainStyle,
    errStyle: plainStyle,
    errText: () => err,
    outText: () => out,
  };
}

describe('main(argv)', () => {
  it.each([
    {
      argv: ['--version'],
      code: 0,
      stdout: new RegExp(`^mfc ${VERSION.replaceAll('.', '\\.')}\n$`),
    },
    { argv: ['version'], code: 0, stdout: new RegExp(`^mfc ${VERSION.replaceAll('.', '\\.')}\n$`) },
    { argv: ['--help'], code: 0, stdout: /Usage: mfc <command>[^]*Exit codes/ },
    { argv: ['help', 'lint'], code: 0, stdout: /Usage: mfc lint/ },
    { argv: ['lint', '--help'], code: 0, stdout: /Examples:/ },
    { argv: [], code: 2, stdout: /Usage: mfc <command>/ },
  ])('mfc $argv exits $code', async ({ argv, code, stdout }) => {
    const r = await mfc(argv);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(stdout);
    expect(r.stderr).toBe('');
  });

  it.each([
    { argv: ['frobnicate'], stderr: "unknown command 'frobnicate'" },
    { argv: ['lin'], stderr: "did you mean 'mfc lint'?" },
    { argv: ['--frob'], stderr: "unknown option '--frob' before a command" },
    { argv: ['lint', '--frob', 'x'], stderr: "see 'mfc lint --help'" },
  ])('mfc $argv is a usage error', async ({ argv, stderr }) => {
    const r = await mfc(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(stderr);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('error reporting', () => {
  it('maps job errors to 1 and usage errors to 2, without stack traces', () => {
    const t = memoryTerminal();
    expect(
      reportError(
        new MfcError('GGUF_BAD_MAGIC', 'not a GGUF file', {
          location: { file: 'x.bin', byteOffset: 0 },
        }),
        t,
        false,
      ),
    ).toBe(1);
    expect(t.errText()).toBe('x.bin at byte 0: error not a GGUF file [GGUF_BAD_MAGIC]\n');
    const u = memoryTerminal();
    expect(reportError(new UsageError('missing FILE', "see 'mfc inspect --help'"), u, false)).toBe(
      2,
    );
    expect(u.errText()).toBe("error missing FILE [USAGE]\nhint: see 'mfc inspect --help'\n");
  });

  it('prints a bug (InternalError) with the please-report hint, exit 1', () => {
    const t = memoryTerminal();
    expect(reportError(new InternalError('no stage for x'), t, false)).toBe(1);
    expect(t.errText()).toBe(`error no stage for x [INTERNAL]\nhint: ${REPORT_BUGS}\n`);
  });

  it('turns file-system errors into one line naming the path', () => {
    const t = memoryTerminal();
    const err = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/nope' });
    expect(reportError(err, t, false)).toBe(1);
    expect(t.errText()).toBe('/nope: error no such file or directory [ENOENT]\n');
  });

  it('prints the stack only with --debug', () => {
    const t = memoryTerminal();
    reportError(new Error('boom'), t, true);
    expect(t.errText()).toMatch(/error: boom\nError: boom\n\s+at /);
  });
});

describe('colour and progress', () => {
  it('uses colour only on a TTY and never with NO_COLOR', () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(false, {})).toBe(false);
    expect(wantsColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor(true, {}, false)).toBe(false);
  });

  it('formats byte counts with SI units', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1_500_000)).toBe('1.50 MB');
    expect(formatBytes(2_000_000_000)).toBe('2.00 GB');
  });

  it('draws a bar on a TTY with bytes, percentage and rate', () => {
    const t = memoryTerminal(true);
    let clock = 0;
    const p = createProgress(t, { label: 'copying', total: 1000 }, 'auto', () => clock);
    clock = 1000;
    p.update(500);
    p.finish();
    expect(t.errText()).toContain('50% 500 B/1.00 KB 500 B/s');
    expect(t.errText().endsWith('100% 1.00 KB/1.00 KB 1.00 KB/s\n')).toBe(true);
  });

  it('emits JSON events in json mode and nothing when stderr is not a TTY', () => {
    const t = memoryTerminal(false);
    createProgress(t, { label: 'hashing', total: 10 }, 'auto').update(5);
    expect(t.errText()).toBe('');
    const j = memoryTerminal(false);
    const p = createProgress(j, { label: 'hashing', total: 10 }, 'json', () => 0);
    p.finish();
    const events = j
      .errText()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => e.event)).toEqual(['start', 'end']);
    expect(events[1]).toMatchObject({ label: 'hashing', done: 10, total: 10 });
  });
});
