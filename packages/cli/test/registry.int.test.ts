// Push and pull against Debian's docker-registry (distribution 2.8) with
// htpasswd auth; skopeo checks what mfc pushed and pushes what mfc pulls.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import {
  accessLines,
  have,
  makeModel,
  memoryTerminal,
  startRegistry,
  type TestRegistry,
} from '../../registry/test/harness.js';

const execFileAsync = promisify(execFile);
const missing = ['docker-registry', 'htpasswd', 'skopeo'].filter((p) => !have(p));
const skip = missing.length > 0;
if (skip)
  console.warn(
    `skipping registry tests: ${missing.join(', ')} not installed (apt-get install docker-registry apache2-utils skopeo)`,
  );

let reg: TestRegistry;
let work: string;
let env: NodeJS.ProcessEnv;

async function mfc(args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  const t = memoryTerminal();
  const timer = setTimeout(() => {
    console.error('still running after 20 s:', args.join(' '), t.errText());
  }, 20_000);
  const code = await main(args, { ...env, ...extraEnv }, t);
  clearTimeout(timer);
  return { code, out: t.outText(), err: t.errText() };
}

async function skopeo(args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('skopeo', args, {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, REGISTRY_AUTH_FILE: join(work, 'none.json') },
  });
  return stdout;
}

/** Runs the bundled CLI with `input` on stdin. */
function spawnMfc(
  args: string[],
  input: string,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(__dirname, '../bin/mfc.js'), ...args], {
      env,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe.skipIf(skip)('mfc push/pull against docker-registry', () => {
  beforeAll(async () => {
    reg = await startRegistry();
    work = mkdtempSync(join(tmpdir(), 'mfc-push-'));
    env = {
      HOME: join(work, 'home'),
      DOCKER_CONFIG: join(work, 'docker'),
      PATH: process.env.PATH,
      NO_COLOR: '1',
    };
    writeFileSync(join(work, 'none.json'), '{}');
  });
  afterAll(async () => {
    await reg?.stop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('without credentials: exit 1 naming mfc login', async () => {
    const a = join(work, 'a');
    await makeModel(a, `${reg.host}/team/tiny:v1`);
    const r = await mfc(['push', `${reg.host}/team/tiny:v1`, '--insecure', '--models', a]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/needs credentials/);
    expect(r.err).toContain(`mfc login ${reg.host}`);
  });

  it('login checks the password, stores it like docker (0600); a wrong one exits 1', async () => {
    const login = (password: string) =>
      spawnMfc(
        ['login', reg.host, '-u', reg.user, '--password-stdin', '--insecure'],
        password + '\n',
      );
    const bad = await login('wrong');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/refused the credentials/);
    expect(bad.stderr).toContain(`mfc login ${reg.host}`);
    expect(bad.stderr + bad.stdout).not.toContain('wrong');
    const good = await login(reg.password);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain('Login Succeeded');
    const config = join(work, 'docker', 'config.json');
    expect(statSync(config).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(config, 'utf8')).auths[reg.host].auth).toBe(
      Buffer.from(`${reg.user}:${reg.password}`).toString('base64'),
    );
    // a wrong stored password: pull fails with the same advice, and never prints it
    const { storeLogin } = await import('@mfc/registry');
    const saved = readFileSync(config);
    await storeLogin(reg.host, reg.user, 'wrong-secret', env);
    const r = await mfc([
      'pull',
      `${reg.host}/team/tiny:v1`,
      '--insecure',
      '--models',
      join(work, 'x'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/refused the credentials/);
    expect(r.err).toContain(`mfc login ${reg.host}`);
    expect(r.err).not.toContain('wrong-secret');
    writeFileSync(config, saved);
  });

  it('push → skopeo sees the exact manifest bytes; a second push uploads nothing; pull gives the same bytes', async () => {
    const a = join(work, 'a');
    const local = readFileSync(join(a, 'manifests', reg.host, 'team', 'tiny', 'v1'));
    const r1 = await mfc([
      'push',
      `${reg.host}/team/tiny:v1`,
      '--insecure',
      '--models',
      a,
      '--json',
    ]);
    expect(r1.code).toBe(0);
    const pushed = JSON.parse(r1.out);
    expect(pushed.blobs.map((b: { state: string }) => b.state)).toEqual([
      'uploaded',
      'uploaded',
      'uploaded',
    ]);

    const raw = await skopeo([
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${reg.user}:${reg.password}`,
      `docker://${reg.host}/team/tiny:v1`,
    ]);
    expect(Buffer.from(raw)).toEqual(local);

    const before = accessLines(reg.log()).length;
    const r2 = await mfc([
      'push',
      `${reg.host}/team/tiny:v1`,
      '--insecure',
      '--models',
      a,
      '--json',
    ]);
    expect(r2.code).toBe(0);
    expect(JSON.parse(r2.out).uploaded).toBe(0);
    const second = accessLines(reg.log()).slice(before);
    expect(second.filter((l) => l.method === 'PATCH' || l.method === 'POST')).toEqual([]);
    expect(second.filter((l) => l.method === 'HEAD' && l.status === 200)).toHaveLength(3);

    const b = join(work, 'b');
    const r3 = await mfc(['pull', `${reg.host}/team/tiny:v1`, '--insecure', '--models', b]);
    expect(r3.err).toMatch(/pulling [0-9a-f]{12} .* fetched/);
    expect(r3.code).toBe(0);
    expect(readFileSync(join(b, 'manifests', reg.host, 'team', 'tiny', 'v1'))).toEqual(local);
    const list = await mfc(['list', '--models', b]);
    expect(list.out).toContain(`${reg.host}/team/tiny:v1`);
  });

  it('mounts a layer another repository of the registry has', async () => {
    const a = join(work, 'a');
    const cp = await mfc([
      'cp',
      `${reg.host}/team/tiny:v1`,
      `${reg.host}/other/tiny2:v1`,
      '--models',
      a,
    ]);
    expect(cp.code).toBe(0);
    const before = accessLines(reg.log()).length;
    const r = await mfc([
      'push',
      `${reg.host}/other/tiny2:v1`,
      '--insecure',
      '--models',
      a,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.uploaded).toBe(0);
    expect(out.blobs.every((b: { state: string }) => b.state === 'mounted')).toBe(true);
    const lines = accessLines(reg.log()).slice(before);
    expect(
      lines.filter((l) => l.method === 'POST' && l.path.includes('mount=') && l.status === 201),
    ).toHaveLength(3);
  });

  it('pulls what skopeo pushed (an OCI layout written by hand, Ollama media types)', async () => {
    const layout = join(work, 'layout');
    mkdirSync(join(layout, 'blobs', 'sha256'), { recursive: true });
    const { createHash } = await import('node:crypto');
    const put = (data: Buffer) => {
      const hex = createHash('sha256').update(data).digest('hex');
      writeFileSync(join(layout, 'blobs', 'sha256', hex), data);
      return { digest: `sha256:${hex}`, size: data.length };
    };
    const gguf = readFileSync(join(__dirname, '../../../fixtures/generated/tiny-llama-f16.gguf'));
    const model = put(gguf);
    const config = put(Buffer.from('{"model_format":"gguf","model_family":"llama"}'));
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        // containers/image refuses Ollama layer types in a schema2 manifest, not in an OCI one
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        config: { mediaType: 'application/vnd.docker.container.image.v1+json', ...config },
        layers: [{ mediaType: 'application/vnd.ollama.image.model', ...model }],
      }),
    );
    const m = put(manifest);
    writeFileSync(join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(
      join(layout, 'index.json'),
      JSON.stringify({
        schemaVersion: 2,
        manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...m }],
      }),
    );
    await skopeo([
      'copy',
      '--dest-tls-verify=false',
      '--dest-creds',
      `${reg.user}:${reg.password}`,
      `oci:${layout}`,
      `docker://${reg.host}/skopeo/tiny:s1`,
    ]);
    const c = join(work, 'c');
    const r = await mfc(['pull', `${reg.host}/skopeo/tiny:s1`, '--insecure', '--models', c]);
    expect(r.code).toBe(0);
    const pulled = readFileSync(join(c, 'manifests', reg.host, 'skopeo', 'tiny', 's1'));
    const remote = await skopeo([
      'inspect',
      '--raw',
      '--tls-verify=false',
      '--creds',
      `${reg.user}:${reg.password}`,
      `docker://${reg.host}/skopeo/tiny:s1`,
    ]);
    expect(pulled).toEqual(Buffer.from(remote));
    // (Buffer.equals: toEqual walks 19 MB element by element)
    expect(readFileSync(join(c, 'blobs', model.digest.replace(':', '-'))).equals(gguf)).toBe(true);
  });

  it('reads credentials from a docker credential helper (credsStore), and login stores through it', async () => {
    const bin = join(work, 'helper-bin');
    mkdirSync(bin, { recursive: true });
    const stash = join(work, 'helper-stash.json');
    // a docker-credential helper: get prints the stash, store saves stdin, erase deletes it
    writeFileSync(
      join(bin, 'docker-credential-mfctest'),
      [
        '#!/bin/sh',
        `case "$1" in`,
        `  get) if [ -f '${stash}' ]; then cat '${stash}'; else echo 'credentials not found in native keychain'; exit 1; fi ;;`,
        `  store) cat > '${stash}' ;;`,
        `  erase) rm -f '${stash}' ;;`,
        'esac',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const helperEnv = {
      DOCKER_CONFIG: join(work, 'docker-helper'),
      PATH: `${bin}:${process.env.PATH}`,
    };
    mkdirSync(helperEnv.DOCKER_CONFIG, { recursive: true });
    writeFileSync(
      join(helperEnv.DOCKER_CONFIG, 'config.json'),
      JSON.stringify({ credsStore: 'mfctest' }),
    );
    const none = await mfc(
      ['pull', `${reg.host}/team/tiny:v1`, '--insecure', '--models', join(work, 'h0')],
      helperEnv,
    );
    expect(none.code).toBe(1);
    expect(none.err).toContain(`mfc login ${reg.host}`);
    const { storeLogin } = await import('@mfc/registry');
    const stored = await storeLogin(reg.host, reg.user, reg.password, { ...env, ...helperEnv });
    expect(stored.helper).toBe('mfctest');
    expect(JSON.parse(readFileSync(stash, 'utf8'))).toEqual({
      ServerURL: reg.host,
      Username: reg.user,
      Secret: reg.password,
    });
    expect(readFileSync(join(helperEnv.DOCKER_CONFIG, 'config.json'), 'utf8')).not.toContain(
      'auth"',
    );
    const r = await mfc(
      ['pull', `${reg.host}/team/tiny:v1`, '--insecure', '--models', join(work, 'h1')],
      helperEnv,
    );
    expect(r.err).not.toContain(reg.password);
    expect(r.code).toBe(0);
  });

  it("shows the registry's own error for an unknown tag", async () => {
    const r = await mfc([
      'pull',
      `${reg.host}/team/tiny:nope`,
      '--insecure',
      '--models',
      join(work, 'd'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('MANIFEST_UNKNOWN');
  });
});
