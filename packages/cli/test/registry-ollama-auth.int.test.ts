// registry.ollama.ai's signed-token auth against the loopback stand-in: the
// token endpoint on the registry's own host verifies the ed25519 signature
// with the public key from the test's `~/.ollama/id_ed25519.pub` (made by
// ssh-keygen when installed); push and pull go through it, and neither the
// key, the signature nor the token is ever printed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { have, makeModel } from '../../registry/test/harness.js';
import { writeOpenSshKeyPair } from '../../registry/test/openssh.js';
import { runMfc } from './in-process.js';
import { StandIn } from './support/ollama-stand-in.js';

let work: string;
let standIn: StandIn;
let loopback2 = true;

/** A HOME with `.ollama/id_ed25519{,.pub}`, by ssh-keygen if installed; returns the .pub line. */
function makeOllamaKey(home: string): string {
  const dir = join(home, '.ollama');
  mkdirSync(dir, { recursive: true });
  const key = join(dir, 'id_ed25519');
  if (have('ssh-keygen')) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'mfc-test', '-f', key]);
  } else {
    const pair = writeOpenSshKeyPair();
    writeFileSync(key, pair.privateText, { mode: 0o600 });
    writeFileSync(`${key}.pub`, pair.publicLine);
  }
  return readFileSync(`${key}.pub`, 'utf8');
}

const env = (home: string): NodeJS.ProcessEnv => ({
  HOME: home,
  DOCKER_CONFIG: join(work, 'docker'),
  PATH: process.env.PATH,
});

describe("registry.ollama.ai's signed token requests (loopback stand-in)", () => {
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mfc-ollauth-'));
    const pub = makeOllamaKey(join(work, 'home'));
    standIn = new StandIn({ auth: 'ollama', publicKeyLine: pub });
    standIn.rate = 400 * 1024 * 1024;
    try {
      await standIn.start();
    } catch {
      loopback2 = false;
    }
  });
  afterAll(async () => {
    await standIn?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('push and pull through the signed token endpoint; secrets never printed', async (ctx) => {
    if (!loopback2) ctx.skip(); // 127.0.0.2 is not a loopback address here
    const home = join(work, 'home');
    const a = join(work, 'a');
    const name = `${standIn.host}/me/tiny:v1`;
    await makeModel(a, name);
    const local = readFileSync(join(a, 'manifests', standIn.host, 'me', 'tiny', 'v1'));

    const push = await runMfc(['push', name, '--insecure', '--models', a, '--debug'], env(home));
    expect(push.stderr).not.toMatch(/error/i);
    expect(push.code).toBe(0);
    expect(standIn.badSignatures).toBe(0);
    expect(standIn.tokenRequests).toBeGreaterThanOrEqual(1);
    expect(standIn.manifests.get('me/tiny:v1')?.equals(local)).toBe(true);

    const b = join(work, 'b');
    const pull = await runMfc(['pull', name, '--insecure', '--models', b, '--debug'], env(home));
    expect(pull.code).toBe(0);
    expect(readFileSync(join(b, 'manifests', standIn.host, 'me', 'tiny', 'v1'))).toEqual(local);
    expect(standIn.authSeenByStorage).toBe(0);
    expect(standIn.pings).toBe(0);
    expect(standIn.badSignatures).toBe(0);

    // what was sent: signed token requests (<pubkey>:<sig>) and Bearer tokens, never shown
    const signed = standIn.authHeaders.filter((h) => !h.startsWith('Bearer '));
    const tokens = standIn.authHeaders
      .filter((h) => h.startsWith('Bearer '))
      .map((h) => h.slice(7));
    expect(signed.length).toBeGreaterThanOrEqual(1);
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    const printed = push.stdout + push.stderr + pull.stdout + pull.stderr;
    const privateBody = readFileSync(join(home, '.ollama', 'id_ed25519'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('-----'));
    for (const secret of [...tokens, ...signed.map((h) => h.split(':')[1]), ...privateBody])
      expect(printed).not.toContain(secret);
  });

  it('a key the registry does not know: exit 1 naming the key, nothing secret printed', async (ctx) => {
    if (!loopback2) ctx.skip();
    const other = join(work, 'other-home');
    makeOllamaKey(other);
    const before = standIn.authHeaders.length;
    const r = await runMfc(
      ['pull', `${standIn.host}/me/tiny:v1`, '--insecure', '--models', join(work, 'c'), '--debug'],
      env(other),
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('refused the request signed with the Ollama key');
    expect(r.stderr).toContain(join(other, '.ollama', 'id_ed25519'));
    expect(standIn.badSignatures).toBeGreaterThanOrEqual(1);
    for (const h of standIn.authHeaders.slice(before)) {
      for (const part of h.split(':')) expect(r.stderr + r.stdout).not.toContain(part);
    }
  });
});
