// Docker token auth against a real docker-registry: the registry trusts a
// token server (node, another port) whose RS256 key's self-signed
// certificate is its rootcertbundle. mfc login, push and pull, and skopeo,
// all go through the token server; a wrong password says to run mfc login.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { have, makeModel, startRegistry, type TestRegistry } from '../../registry/test/harness.js';
import { mfc as runInProcess } from './support/mfc.js';

const missing = ['docker-registry', 'skopeo', 'openssl'].filter((p) => !have(p));
const skip = missing.length > 0;
if (skip)
  console.warn(
    `skipping token-auth registry tests: ${missing.join(', ')} not installed (apt-get install docker-registry skopeo openssl)`,
  );

let reg: TestRegistry;
let work: string;
const env = (docker = 'docker'): NodeJS.ProcessEnv => ({
  HOME: join(work, 'home'),
  DOCKER_CONFIG: join(work, docker),
  REGISTRY_AUTH_FILE: join(work, 'none.json'),
});

describe.skipIf(skip)('docker-registry with token auth', () => {
  beforeAll(async () => {
    reg = await startRegistry({ auth: 'token' });
    work = mkdtempSync(join(tmpdir(), 'mfc-token-'));
    writeFileSync(join(work, 'none.json'), '{}');
  });
  afterAll(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('login (wrong password → exit 1 naming mfc login), push, skopeo inspect, pull', async () => {
    const name = `${reg.host}/team/tiny:v1`;
    const a = join(work, 'a');
    await makeModel(a, name);
    const local = readFileSync(join(a, 'manifests', reg.host, 'team', 'tiny', 'v1'));

    // no credentials: the token server grants nothing, the registry refuses
    const anon = await runInProcess(['push', name, '--insecure', '--models', a], { env: env() });
    expect(anon.code).toBe(1);
    expect(anon.stderr).toContain(`mfc login ${reg.host}`);

    const login = (password: string) =>
      runInProcess(['login', reg.host, '-u', reg.user, '--password-stdin', '--insecure'], {
        env: env(),
        input: password + '\n',
      });
    const bad = await login('not-the-password');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/refused the credentials/);
    expect(bad.stderr).toContain(`mfc login ${reg.host}`);
    expect(bad.stderr + bad.stdout).not.toContain('not-the-password');
    const good = await login(reg.password);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('Login Succeeded');
    expect(reg.tokenRequests!.some((r) => r.authorized)).toBe(true);

    const push = await runInProcess(['push', name, '--insecure', '--models', a, '--json'], {
      env: env(),
    });
    expect(push.code, push.stderr).toBe(0);
    expect(JSON.parse(push.stdout).uploaded).toBeGreaterThan(0);
    // (async: the token server runs in this process and must answer skopeo)
    const { stdout: raw } = await promisify(execFile)(
      'skopeo',
      [
        'inspect',
        '--raw',
        '--tls-verify=false',
        '--creds',
        `${reg.user}:${reg.password}`,
        `docker://${name}`,
      ],
      { encoding: 'buffer', timeout: 60_000 },
    );
    expect(raw.equals(local)).toBe(true);

    const b = join(work, 'b');
    const pull = await runInProcess(['pull', name, '--insecure', '--models', b], { env: env() });
    expect(pull.code, pull.stderr).toBe(0);
    expect(readFileSync(join(b, 'manifests', reg.host, 'team', 'tiny', 'v1')).equals(local)).toBe(
      true,
    );
    const printed = [anon, good, push, pull].map((r) => r.stdout + r.stderr).join('');
    expect(printed).not.toContain(reg.password);
    expect(printed).not.toMatch(/eyJ[\w-]+\.eyJ/); // no JWT

    // a wrong stored password: pull exits 1 with the same advice
    const { storeLogin } = await import('@mfc/registry');
    await storeLogin(reg.host, reg.user, 'stale-secret', env('docker-stale'));
    const stale = await runInProcess(['pull', name, '--insecure', '--models', join(work, 'c')], {
      env: env('docker-stale'),
    });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/refused the credentials/);
    expect(stale.stderr).toContain(`mfc login ${reg.host}`);
    expect(stale.stderr).not.toContain('stale-secret');
  });
});
