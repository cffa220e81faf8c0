import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const writer = join(__dirname, 'support', 'atomic-writer.ts');
const tsx = ['--import', 'tsx'];

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mfc-safefs-int-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function hasStrace(): boolean {
  try {
    execFileSync('strace', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('safe-fs in a real process', () => {
  it('removes its temp files on SIGINT and dies of the signal', async () => {
    const target = join(dir, 'out.gguf');
    writeFileSync(target, 'old');
    const child = spawn(process.execPath, [...tsx, writer, 'hang', target], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tempPath = await new Promise<string>((resolve) =>
      child.stdout.on('data', (d: Buffer) => resolve(d.toString().trim())),
    );
    // Both partial files exist while it runs.
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(tempPath)).toBe(true);
    expect(readdirSync(dir).length).toBe(3);
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
    child.kill('SIGINT');
    expect(await exited).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual(['out.gguf']);
    expect(readFileSync(target, 'utf8')).toBe('old');
  }, 60_000);

  it.skipIf(!hasStrace())(
    'fsyncs the file before the rename and the folder after it (strace)',
    () => {
      const target = join(dir, 'config.json');
      const log = join(dir, 'strace.log');
      execFileSync(
        'strace',
        [
          '-f',
          '-o',
          log,
          '-e',
          'trace=openat,fsync,fdatasync,rename,renameat,renameat2',
          process.execPath,
          ...tsx,
          writer,
          'write',
          target,
        ],
        { stdio: 'ignore' },
      );
      expect(readFileSync(target, 'utf8')).toBe('new contents');
      const lines = readFileSync(log, 'utf8').split('\n');
      rmSync(log);
      // openat(AT_FDCWD, "<dir>/.config.json.<pid>-<hex>.partial", O_WRONLY|O_CREAT|O_EXCL…) = 21
      const esc = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const openTmp = lines.findIndex((l) =>
        new RegExp(
          `openat\\(.*"${esc}/\\.config\\.json\\.\\d+-[0-9a-f]{12}\\.partial".*O_EXCL.*= \\d+$`,
        ).test(l),
      );
      expect(openTmp).toBeGreaterThanOrEqual(0);
      const tmpFd = /= (\d+)$/.exec(lines[openTmp])![1];
      const fsyncTmp = lines.findIndex(
        (l, i) => i > openTmp && new RegExp(`fsync\\(${tmpFd}\\)`).test(l),
      );
      const renamed = lines.findIndex(
        (l) => /rename(at2?)?\(/.test(l) && l.includes(`"${target}"`),
      );
      const openDir = lines.findIndex(
        (l, i) =>
          i > renamed && l.includes(`"${dir}"`) && /O_DIRECTORY/.test(l) && /= \d+$/.test(l),
      );
      expect(fsyncTmp).toBeGreaterThan(openTmp);
      expect(renamed).toBeGreaterThan(fsyncTmp);
      expect(openDir).toBeGreaterThan(renamed);
      const dirFd = /= (\d+)$/.exec(lines[openDir])![1];
      const fsyncDir = lines.findIndex(
        (l, i) => i > openDir && new RegExp(`fsync\\(${dirFd}\\)`).test(l),
      );
      expect(fsyncDir).toBeGreaterThan(openDir);
    },
    60_000,
  );
});
