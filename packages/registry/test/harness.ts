// Test and benchmark helpers: a real Debian `docker-registry` on 127.0.0.1
// with htpasswd auth, and an in-memory terminal for driving the CLI in process.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash, createPrivateKey, createPublicKey, randomUUID, sign } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { plainStyle } from '@mfc/diagnostics';
import { MediaType, openStore } from '@mfc/store';

export function have(program: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestRegistry {
  host: string;
  port: number;
  dir: string;
  user: string;
  password: string;
  /** The registry's access log so far (stdout and stderr of the process). */
  log(): string;
  /** With `auth: 'token'`: the token server's requests so far. */
  tokenRequests?: { authorized: boolean; scopes: string[] }[];
  stop(): Promise<void>;
}

/**
 * libtrust's key ID (what distribution matches a JWT's `kid` against): the
 * SHA-256 of the PKIX DER public key, first 240 bits, base32, in groups of 4.
 */
function libtrustKeyId(publicDer: Buffer): string {
  const bytes = createHash('sha256').update(publicDer).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join(':');
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

/**
 * A Docker token server (distribution's token auth spec) on 127.0.0.1: Basic
 * auth'd `user`/`password` get the requested repository actions in an RS256
 * JWT; anyone else an empty grant; a wrong password 401. Its key's
 * self-signed certificate (made with openssl) is the registry's rootcertbundle.
 */
async function startTokenServer(
  dir: string,
  user: string,
  password: string,
  service: string,
  issuer: string,
) {
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=mfc-test-token',
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ],
    { stdio: 'ignore' },
  );
  const privateKey = createPrivateKey(readFileSync(keyPath));
  const kid = libtrustKeyId(
    createPublicKey(privateKey).export({ format: 'der', type: 'spki' }) as Buffer,
  );
  const requests: { authorized: boolean; scopes: string[] }[] = [];
  const good = 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
  const server = createHttpServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    const auth = req.headers.authorization;
    const scopes = url.searchParams.getAll('scope');
    requests.push({ authorized: auth === good, scopes });
    if (auth && auth !== good) {
      res.statusCode = 401;
      res.setHeader('Content-Type', 'application/json');
      return res.end('{"details":"incorrect username or password"}');
    }
    const access =
      auth === good
        ? scopes.flatMap((s) => {
            const m = /^(repository):(.+):([a-z,*]+)$/.exec(s);
            return m ? [{ type: m[1], name: m[2], actions: m[3].split(',') }] : [];
          })
        : [];
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: 'JWT', alg: 'RS256', kid };
    const claims = {
      iss: issuer,
      sub: auth === good ? user : '',
      aud: url.searchParams.get('service') ?? service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const token = `${input}.${b64url(sign('RSA-SHA256', Buffer.from(input), privateKey))}`;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ token, expires_in: 300, issued_at: new Date().toISOString() }));
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
  });
  return {
    realm: `http://127.0.0.1:${port}/token`,
    certPath,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/**
 * Starts `docker-registry serve` with filesystem storage and htpasswd auth
 * (`auth: false`: none; `auth: 'token'`: Docker token auth from a token
 * server on another port, see `startTokenServer`).
 */
export async function startRegistry(
  options: { auth?: boolean | 'token' } = {},
): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'mfc-registry-'));
  const port = await freePort();
  const user = 'tester';
  const password = 'correct horse';
  const auth = options.auth === true || options.auth === undefined;
  const tokens =
    options.auth === 'token'
      ? await startTokenServer(dir, user, password, 'mfc-test-registry', 'mfc-test-issuer')
      : undefined;
  if (auth) {
    const line = execFileSync('htpasswd', ['-Bbn', user, password], { encoding: 'utf8' });
    writeFileSync(join(dir, 'htpasswd'), line.trim() + '\n');
  }
  mkdirSync(join(dir, 'storage'));
  const config = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'storage')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    ...(auth
      ? ['auth:', '  htpasswd:', '    realm: mfc-test', `    path: ${join(dir, 'htpasswd')}`]
      : []),
    ...(tokens
      ? [
          'auth:',
          '  token:',
          `    realm: ${tokens.realm}`,
          '    service: mfc-test-registry',
          '    issuer: mfc-test-issuer',
          `    rootcertbundle: ${tokens.certPath}`,
        ]
      : []),
    '',
  ].join('\n');
  writeFileSync(join(dir, 'config.yml'), config);
  const logPath = join(dir, 'access.log');
  const fd = openSync(logPath, 'w');
  const child: ChildProcess = spawn('docker-registry', ['serve', join(dir, 'config.yml')], {
    stdio: ['ignore', fd, fd],
    env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' },
  });
  closeSync(fd);
  const host = `127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`http://${host}/v2/`);
      if (res.status === 200 || res.status === 401) break;
    } catch {
      // not up yet
    }
    if (i > 100 || child.exitCode !== null) {
      throw new Error(`docker-registry did not start:\n${readFileSync(logPath, 'utf8')}`);
    }
    await sleep(100);
  }
  return {
    host,
    port,
    dir,
    user,
    password,
    log: () => readFileSync(logPath, 'utf8'),
    tokenRequests: tokens?.requests,
    stop: async () => {
      await tokens?.close();
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        // distribution drains open (keep-alive) connections first: do not wait for that
        const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
        await done;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests in the access log (`"METHOD /path HTTP/1.1" status`), in order. */
export function accessLines(log: string): { method: string; path: string; status: number }[] {
  const out: { method: string; path: string; status: number }[] = [];
  for (const m of log.matchAll(/"([A-Z]+) (\S+) HTTP\/[\d.]+" (\d{3})/g)) {
    out.push({ method: m[1], path: m[2], status: Number(m[3]) });
  }
  return out;
}

/** A terminal that keeps what the CLI prints. */
export function memoryTerminal() {
  let out = '';
  let err = '';
  return {
    out: (t: string) => void (out += t),
    err: (t: string) => void (err += t),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    outStyle: plainStyle,
    errStyle: plainStyle,
    outText: () => out,
    errText: () => err,
  };
}

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const tinyGguf = join(repoRoot, 'fixtures/generated/tiny-llama-f16.gguf');

/** A model in the store at `modelsDir`: the given GGUF plus a template and a config. */
export async function makeModel(
  modelsDir: string,
  name: string,
  gguf = tinyGguf,
  template = '{{ .Prompt }}',
) {
  const store = await openStore(modelsDir);
  const model = await store.blobs.ingestFile(gguf);
  const tpl = await store.blobs.writeBytes(template);
  const config = await store.blobs.writeBytes(
    JSON.stringify({
      model_format: 'gguf',
      model_family: 'llama',
      model_type: 'tiny',
      file_type: 'F16',
      architecture: 'amd64',
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: [model.digest, tpl.digest] },
    }),
  );
  const { parseModelName } = await import('@mfc/store');
  return store.writeManifest(
    parseModelName(name),
    { mediaType: MediaType.config, digest: config.digest, size: config.size },
    [
      { mediaType: MediaType.model, digest: model.digest, size: model.size },
      { mediaType: MediaType.template, digest: tpl.digest, size: tpl.size },
    ],
  );
}
