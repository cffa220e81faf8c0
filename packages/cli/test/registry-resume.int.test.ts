// A loopback stand-in for registry.ollama.ai: Bearer token auth from a token
// server on another port, text/plain manifests, no /v2/ ping, and blob GETs
// answered with 307 to "storage" on 127.0.0.2 that rejects Authorization
// headers and is throttled, so that a pull can be killed halfway and resumed.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryTerminal } from '../../registry/test/harness.js';

const bin = join(__dirname, '../bin/mfc.js');
const MiB = 1024 * 1024;

interface Blob {
  data: Buffer;
  digest: string;
}
function blob(data: Buffer): Blob {
  return { data, digest: `sha256:${createHash('sha256').update(data).digest('hex')}` };
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as { port: number }).port));
  });
}

class StandIn {
  blobs = new Map<string, Blob>();
  manifests = new Map<string, Buffer>();
  served = 0;
  tokenRequests = 0;
  authSeenByStorage = 0;
  pings = 0;
  /** bytes per second from storage */
  rate = 3 * MiB;
  registry!: Server;
  storage!: Server;
  tokens!: Server;
  regPort = 0;
  storagePort = 0;
  tokenPort = 0;

  async start() {
    this.tokens = createServer((req, res) => {
      this.tokenRequests++;
      const url = new URL(req.url!, 'http://x');
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          token: `tok:${url.searchParams.getAll('scope').join(' ')}`,
          expires_in: 300,
        }),
      );
    });
    this.tokenPort = await listen(this.tokens, '127.0.0.1');
    this.registry = createServer((req, res) =>
      this.handleRegistry(req.url!, req.headers.authorization, res),
    );
    this.regPort = await listen(this.registry, '127.0.0.1');
    this.storage = createServer((req, res) => void this.handleStorage(req.url!, req.headers, res));
    this.storagePort = await listen(this.storage, '127.0.0.2');
  }

  private handleRegistry(
    path: string,
    auth: string | undefined,
    res: import('node:http').ServerResponse,
  ) {
    if (path === '/v2/' || path === '/v2') {
      this.pings++;
      res.statusCode = 404; // registry.ollama.ai has no /v2/ endpoint
      return res.end();
    }
    const m = /^\/v2\/([^/]+\/[^/]+)\/(manifests|blobs)\/([^/?]+)/.exec(path);
    if (!m) return void res.writeHead(404).end();
    if (auth !== `Bearer tok:repository:${m[1]}:pull`) {
      res.setHeader(
        'WWW-Authenticate',
        `Bearer realm="http://127.0.0.1:${this.tokenPort}/v2/token",service="ollama.com",scope="repository:${m[1]}:pull"`,
      );
      res.statusCode = 401;
      return res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    }
    if (m[2] === 'manifests') {
      const bytes = this.manifests.get(`${m[1]}:${m[3]}`);
      if (!bytes) {
        res.statusCode = 404;
        return res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      }
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return res.end(bytes);
    }
    if (!this.blobs.has(m[3])) return void res.writeHead(404).end();
    res.statusCode = 307;
    res.setHeader(
      'Location',
      `http://127.0.0.2:${this.storagePort}/data/${m[3].slice(7)}?X-Amz-Signature=abc`,
    );
    res.end();
  }

  private async handleStorage(
    path: string,
    headers: import('node:http').IncomingHttpHeaders,
    res: import('node:http').ServerResponse,
  ) {
    if (headers.authorization) {
      this.authSeenByStorage++;
      res.statusCode = 400;
      return res.end(
        '<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>',
      );
    }
    const hex = /^\/data\/([0-9a-f]{64})/.exec(path)?.[1];
    const b = hex && this.blobs.get(`sha256:${hex}`);
    if (!b) return void res.writeHead(404).end();
    let start = 0;
    let end = b.data.length - 1;
    const range = /^bytes=(\d+)-(\d*)$/.exec(String(headers.range ?? ''));
    if (range) {
      start = Number(range[1]);
      if (range[2]) end = Math.min(end, Number(range[2]));
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${b.data.length}`);
    }
    res.setHeader('Content-Length', String(end - start + 1));
    const step = 64 * 1024;
    for (let at = start; at <= end; at += step) {
      if (res.destroyed) return;
      const chunk = b.data.subarray(at, Math.min(end + 1, at + step));
      this.served += chunk.length;
      res.write(chunk);
      await sleep((chunk.length / this.rate) * 1000);
    }
    res.end();
  }

  /** A model: one big random "GGUF" blob and a config, manifest without trailing newline. */
  addModel(repo: string, tag: string, size: number): { manifest: Buffer; big: Blob } {
    const big = blob(randomBytes(size));
    const config = blob(Buffer.from('{"model_format":"gguf","model_family":"llama"}'));
    this.blobs.set(big.digest, big);
    this.blobs.set(config.digest, config);
    const manifest = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
        config: {
          mediaType: 'application/vnd.docker.container.image.v1+json',
          digest: config.digest,
          size: config.data.length,
        },
        layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: big.digest, size }],
      }),
    );
    this.manifests.set(`${repo}:${tag}`, manifest);
    return { manifest, big };
  }

  async stop() {
    for (const s of [this.registry, this.storage, this.tokens]) {
      s?.closeAllConnections();
      await new Promise((r) => s?.close(r));
    }
  }
}

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
