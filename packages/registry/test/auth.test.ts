import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authKeys,
  findCredentials,
  lookupAuths,
  parseChallenges,
  parseRegistryErrors,
  registryError,
  removeLogin,
  storeLogin,
  unauthorizedError,
} from '../src/index.js';

describe('parseChallenges', () => {
  it('reads a Docker token challenge', () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:samalba/my-app:pull,push',
        },
      },
    ]);
  });
  it('reads Basic, escapes, tokens and several challenges', () => {
    expect(parseChallenges('Basic realm="Registry \\"Realm\\""')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry "Realm"' } },
    ]);
    const two = parseChallenges('Basic realm=x, Bearer realm="https://a/t", service=s');
    expect(two.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(two[1].params).toEqual({ realm: 'https://a/t', service: 's' });
    expect(parseChallenges(undefined)).toEqual([]);
  });
});

describe('registry errors', () => {
  it("shows the registry's code and message", () => {
    const body =
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]}';
    expect(parseRegistryErrors(body)).toEqual([
      { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' },
    ]);
    const e = registryError('pulling manifest', 404, body, { host: 'h' });
    expect(e.code).toBe('REGISTRY_MANIFEST_UNKNOWN');
    expect(e.message).toBe('pulling manifest: MANIFEST_UNKNOWN: manifest unknown');
    expect(e.hint).toMatch(/tag/);
    expect(registryError('x', 502, '<html>bad</html>', { host: 'h' }).message).toBe('x: HTTP 502');
    expect(
      parseRegistryErrors('{"error":"pull model manifest: file does not exist"}')[0].message,
    ).toMatch(/file does not exist/);
  });
  it('names mfc login for refused credentials', () => {
    const e = unauthorizedError('pulling', 'localhost:5000', true);
    expect(e.message).toMatch(/refused the credentials for localhost:5000/);
    expect(e.hint).toMatch(/mfc login localhost:5000/);
  });
});

describe('credential files', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mfc-creds-'));
    env = { HOME: join(dir, 'home'), DOCKER_CONFIG: join(dir, 'docker'), PATH: '' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds docker auths under every spelling docker used', async () => {
    mkdirSync(join(dir, 'docker'));
    const auth = Buffer.from('u:p:with:colons').toString('base64');
    writeFileSync(
      join(dir, 'docker', 'config.json'),
      JSON.stringify({
        auths: { 'https://reg.example:5000': { auth }, 'https://index.docker.io/v1/': { auth } },
      }),
    );
    expect(await findCredentials('reg.example:5000', 'a/b', env)).toMatchObject({
      username: 'u',
      password: 'p:with:colons',
    });
    expect((await findCredentials('docker.io', undefined, env))?.username).toBe('u');
    expect(await findCredentials('other', undefined, env)).toBeUndefined();
  });

  it("prefers containers' auth.json, most specific key first", async () => {
    const file = join(dir, 'auth.json');
    const b = (s: string) => Buffer.from(s).toString('base64');
    writeFileSync(
      file,
      JSON.stringify({
        auths: { 'r.io': { auth: b('host:1') }, 'r.io/team': { auth: b('team:2') } },
      }),
    );
    const e = { ...env, REGISTRY_AUTH_FILE: file };
    expect((await findCredentials('r.io', 'team/model', e))?.username).toBe('team');
    expect((await findCredentials('r.io', 'other/model', e))?.username).toBe('host');
    expect(lookupAuths({ auths: { 'r.io': { username: 'x', password: 'y' } } }, 'r.io')).toEqual({
      username: 'x',
      password: 'y',
    });
    expect(authKeys('h', 'a/b').slice(0, 3)).toEqual(['h/a/b', 'h/a', 'h']);
  });

  it('login writes docker config.json with mode 0600, logout removes the entry', async () => {
    mkdirSync(join(dir, 'docker'));
    const path = join(dir, 'docker', 'config.json');
    writeFileSync(
      path,
      JSON.stringify({ auths: { other: { auth: 'eDp5' } }, detachKeys: 'ctrl-x' }),
    );
    await storeLogin('localhost:5000', 'alice', 's3cret', env);
    const written = JSON.parse(readFileSync(path, 'utf8'));
    expect(written.auths['localhost:5000']).toEqual({
      auth: Buffer.from('alice:s3cret').toString('base64'),
    });
    expect(written.auths.other).toEqual({ auth: 'eDp5' });
    expect(written.detachKeys).toBe('ctrl-x');
    expect(readFileSync(path, 'utf8')).toContain('\n\t"auths"');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect((await findCredentials('localhost:5000', undefined, env))?.password).toBe('s3cret');
    expect((await removeLogin('localhost:5000', env)).removed).toBe(true);
    expect(JSON.parse(readFileSync(path, 'utf8')).auths).toEqual({ other: { auth: 'eDp5' } });
    expect((await removeLogin('localhost:5000', env)).removed).toBe(false);
  });

  it('login creates the folder and file when there is none', async () => {
    const r = await storeLogin('docker.io', 'bob', 'pw', env);
    expect(
      JSON.parse(readFileSync(r.path, 'utf8')).auths['https://index.docker.io/v1/'],
    ).toBeDefined();
  });
});
