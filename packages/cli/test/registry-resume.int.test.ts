// A loopback stand-in for registry.ollama.ai: Bearer token auth from a token
// server on another port, text/plain manifests, no /v2/ ping, and blob GETs
// answered with 307 to "storage" on 127.0.0.2 that rejects Authorization
// headers and is throttled, so that a pull can be killed halfway and resumed.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryTerminal } from '../../registry/test/harness.js';
import { StandIn } from './support/ollama-stand-in.js';

const bin = join(__dirname, '../bin/mfc.js');
const MiB = 1024 * 1024;

let standIn: StandIn;
let work: string;
let loopback2 = true;
const env = (): NodeJS.ProcessEnv => ({
  HOME: join(work, 'home'),
  DOCKER_CONFIG: join(work, 'docker'),
  PATH: process.env.PATH,
  NO_COLOR: '1',
  MFC_PULL_PART_SIZE: String(2 * MiB),
  MFC_PULL_CONCURRENCY: '4',
});

/** Spawns `mfc pull` and kills it with SIGKILL once `fraction` of the blob was served. */
async function pullKilledAt(ref: string, models: string, size: number, fraction: number) {
  const child = spawn(process.execPath, [bin, 'pull', ref, '--insecure', '--models', models], {
    env: env(),
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_c, s) => r(s)));
  const start = standIn.served;
  while (standIn.served - start < size * fraction && child.exitCode === null) await sleep(20);
  child.kill('SIGKILL');
  const signal = await exited;
  return { signal, stderr };
}

describe('pull from an Ollama-registry stand-in (307 to storage, text/plain, Bearer)', () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mfc-resume-'));
    standIn = new StandIn();
    try {
      await standIn.start();
    } catch {
      loopback2 = false;
    }
  });
  afterAll(async () => {
    await standIn?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a pull killed with SIGKILL halfway resumes and transfers < 1.3x the blob in total', async (ctx) => {
    if (!loopback2) ctx.skip(); // 127.0.0.2 is not a loopback address here
    const size = 24 * MiB;
    const { manifest, big } = standIn.addModel('library/big', 'latest', size);
    const models = join(work, 'models');
    const ref = `127.0.0.1:${standIn.regPort}/library/big`;
    const killed = await pullKilledAt(ref, models, size, 0.5);
    expect(killed.signal).toBe('SIGKILL');
    const servedBefore = standIn.served;
    expect(servedBefore).toBeLessThan(size);

    // prune --dry-run sees the interrupted download and leaves it
    const t = memoryTerminal();
    expect(await main(['prune', '--dry-run', '--models', models], env(), t)).toBe(0);
    expect(t.outText()).toContain(`would delete interrupted download ${big.digest}`);
    expect(
      existsSync(join(models, '.mfc', 'downloads', big.digest.replace(':', '-'), 'state.json')),
    ).toBe(true);

    const u = memoryTerminal();
    const code = await main(['pull', ref, '--insecure', '--models', models], env(), u);
    expect(u.errText()).toMatch(/resumed at/);
    expect(code).toBe(0);
    console.info(`resume: ${(standIn.served / size).toFixed(3)}x the blob served in total`);
    expect(standIn.served).toBeLessThan(size * 1.3);
    expect(standIn.authSeenByStorage).toBe(0);
    expect(standIn.pings).toBe(0);
    expect(standIn.tokenRequests).toBeLessThanOrEqual(3); // one per process (+ the kill's)
    expect(
      readFileSync(
        join(models, 'manifests', `127.0.0.1:${standIn.regPort}`, 'library', 'big', 'latest'),
      ).equals(manifest),
    ).toBe(true);
    expect(readFileSync(join(models, 'blobs', big.digest.replace(':', '-'))).equals(big.data)).toBe(
      true,
    );
    expect(readdirSync(join(models, '.mfc', 'downloads'))).toEqual([]);
  });

  it('mfc prune deletes an interrupted download', async (ctx) => {
    if (!loopback2) ctx.skip();
    const size = 8 * MiB;
    const { big } = standIn.addModel('library/other', 'v1', size);
    const models = join(work, 'models2');
    await pullKilledAt(`127.0.0.1:${standIn.regPort}/library/other:v1`, models, size, 0.3);
    const dir = join(models, '.mfc', 'downloads', big.digest.replace(':', '-'));
    expect(existsSync(dir)).toBe(true);
    const t = memoryTerminal();
    expect(await main(['prune', '--models', models], env(), t)).toBe(0);
    expect(t.outText()).toContain(`deleted interrupted download ${big.digest}`);
    expect(existsSync(dir)).toBe(false);
  });

  it("reports the registry's error for an unknown tag", async (ctx) => {
    if (!loopback2) ctx.skip();
    const t = memoryTerminal();
    const code = await main(
      [
        'pull',
        `127.0.0.1:${standIn.regPort}/library/big:nope`,
        '--insecure',
        '--models',
        join(work, 'm3'),
      ],
      env(),
      t,
    );
    expect(code).toBe(1);
    expect(t.errText()).toContain('MANIFEST_UNKNOWN: manifest unknown');
  });
});
