// A loopback stand-in for registry.ollama.ai: text/plain manifests, no /v2/
// ping, blob GETs answered with 307 to "storage" on 127.0.0.2 that rejects
// Authorization headers and is throttled (so a pull can be killed halfway).
// Auth is either Docker-style (a token server on another port, no password)
// or Ollama's own: the token endpoint on the registry's host verifies the
// ed25519 signature of the request against the test's `id_ed25519.pub`.
// It also takes pushes (HEAD, POST/PATCH/PUT uploads, manifest PUT).
import { createHash, randomBytes, randomUUID, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { ed25519FromWire, ed25519PublicKey, EMPTY_BODY_HASH } from '@mfc/registry';

const MiB = 1024 * 1024;

export interface Blob {
  data: Buffer;
  digest: string;
}
export function blob(data: Buffer): Blob {
  return { data, digest: `sha256:${createHash('sha256').update(data).digest('hex')}` };
}

function listen(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve((server.address() as { port: number }).port));
  });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface StandInOptions {
  /** `docker`: token server on another port; `ollama`: signed requests to `/v2/token`. */
  auth?: 'docker' | 'ollama';
  /** The authorized_keys line (`ssh-ed25519 AAAA… comment`) the `ollama` token endpoint accepts. */
  publicKeyLine?: string;
}

export class StandIn {
  blobs = new Map<string, Blob>();
  manifests = new Map<string, Buffer>();
  served = 0;
  tokenRequests = 0;
  /** Token requests whose signature did not verify (ollama auth). */
  badSignatures = 0;
  /** Every Authorization header value the registry and the token endpoint saw. */
  authHeaders: string[] = [];
  authSeenByStorage = 0;
  pings = 0;
  /** bytes per second from storage */
  rate = 3 * MiB;
  registry!: Server;
  storage!: Server;
  tokens?: Server;
  regPort = 0;
  storagePort = 0;
  tokenPort = 0;
  readonly auth: 'docker' | 'ollama';
  private readonly publicKey?: KeyObject;
  private readonly publicB64?: string;
  private readonly granted = new Map<string, string[]>();
  private readonly nonces = new Set<string>();
  private readonly uploads = new Map<string, Buffer[]>();

  constructor(options: StandInOptions = {}) {
    this.auth = options.auth ?? 'docker';
    if (this.auth === 'ollama') {
      const b64 = options.publicKeyLine?.trim().split(/\s+/)[1];
      if (!b64) throw new Error('ollama auth needs the public key line');
      this.publicB64 = b64;
      this.publicKey = ed25519PublicKey(ed25519FromWire(Buffer.from(b64, 'base64')));
    }
  }

  get host(): string {
    return `127.0.0.1:${this.regPort}`;
  }

  async start() {
    if (this.auth === 'docker') {
      const tokens = createServer((req, res) => {
        this.tokenRequests++;
        if (req.headers.authorization) this.authHeaders.push(req.headers.authorization);
        const url = new URL(req.url!, 'http://x');
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({ token: this.grant(url.searchParams.getAll('scope')), expires_in: 300 }),
        );
      });
      this.tokens = tokens;
      this.tokenPort = await listen(tokens, '127.0.0.1');
    }
    this.registry = createServer((req, res) => void this.handleRegistry(req, res));
    this.regPort = await listen(this.registry, '127.0.0.1');
    this.storage = createServer((req, res) => void this.handleStorage(req.url!, req.headers, res));
    this.storagePort = await listen(this.storage, '127.0.0.2');
  }

  private grant(scopes: string[]): string {
    const token = randomBytes(18).toString('base64url');
    this.granted.set(token, scopes);
    return token;
  }

  /** Does `auth` carry a token granting `action` on `repo`? */
  private allowed(auth: string | undefined, repo: string, action: 'pull' | 'push'): boolean {
    const token = /^Bearer (.+)$/.exec(auth ?? '')?.[1];
    const scopes = token ? this.granted.get(token) : undefined;
    return !!scopes?.some((s) => {
      const m = /^repository:(.+):([a-z,*]+)$/.exec(s);
      return m?.[1] === repo && m[2].split(',').includes(action);
    });
  }

  /** Ollama's token endpoint: checks the signature over `GET,<url>,<hash>`, ts and nonce. */
  private handleToken(req: IncomingMessage, res: ServerResponse) {
    this.tokenRequests++;
    const url = new URL(req.url!, `http://${req.headers.host}`);
    const refuse = (why: string) => {
      this.badSignatures++;
      res.statusCode = 401;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: why }] }));
    };
    const header = req.headers.authorization ?? '';
    const [pub, sig, ...rest] = header.split(':');
    if (!pub || !sig || rest.length) return refuse('want <pubkey>:<signature>');
    if (pub !== this.publicB64) return refuse('unknown key');
    const signed = Buffer.from(`GET,${url.href},${EMPTY_BODY_HASH}`);
    if (!verify(null, signed, this.publicKey!, Buffer.from(sig, 'base64')))
      return refuse('bad signature');
    const keys = [...url.searchParams.keys()];
    if (keys.join() !== [...keys].sort().join()) return refuse('query keys not sorted');
    const ts = Number(url.searchParams.get('ts'));
    if (!(Math.abs(Date.now() / 1000 - ts) < 300)) return refuse('stale ts');
    const nonce = url.searchParams.get('nonce') ?? '';
    if (!nonce || this.nonces.has(nonce)) return refuse('nonce reused');
    this.nonces.add(nonce);
    if (url.searchParams.get('service') !== 'ollama.com') return refuse('wrong service');
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ token: this.grant(url.searchParams.getAll('scope')) }));
  }

  private challenge(res: ServerResponse, repo: string, action: 'pull' | 'push') {
    const realm =
      this.auth === 'ollama'
        ? `http://127.0.0.1:${this.regPort}/v2/token`
        : `http://127.0.0.1:${this.tokenPort}/v2/token`;
    const scope = `repository:${repo}:${action === 'push' ? 'pull,push' : 'pull'}`;
    res.setHeader(
      'WWW-Authenticate',
      `Bearer realm="${realm}",service="ollama.com",scope="${scope}"`,
    );
    res.statusCode = 401;
    res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
  }

  private async handleRegistry(req: IncomingMessage, res: ServerResponse) {
    const path = req.url!;
    const method = req.method!;
    if (req.headers.authorization) this.authHeaders.push(req.headers.authorization);
    if (path === '/v2/' || path === '/v2') {
      this.pings++;
      res.statusCode = 404; // registry.ollama.ai has no /v2/ endpoint
      return res.end();
    }
    if (this.auth === 'ollama' && path.startsWith('/v2/token')) return this.handleToken(req, res);
    const m = /^\/v2\/([^/]+\/[^/]+)\/(manifests|blobs)\/([^?]*)(\?.*)?$/.exec(path);
    if (!m) return void res.writeHead(404).end();
    const [, repo, kind, rest] = m;
    const action = method === 'GET' || method === 'HEAD' ? 'pull' : 'push';
    if (!this.allowed(req.headers.authorization, repo, action)) {
      await readBody(req);
      return this.challenge(res, repo, action);
    }
    if (kind === 'manifests') {
      if (method === 'PUT') {
        const body = await readBody(req);
        this.manifests.set(`${repo}:${rest}`, body);
        res.statusCode = 201;
        res.setHeader('Docker-Content-Digest', blob(body).digest);
        return res.end();
      }
      const bytes = this.manifests.get(`${repo}:${rest}`);
      if (!bytes) {
        res.statusCode = 404;
        return res.end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
      }
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      return res.end(bytes);
    }
    if (rest.startsWith('uploads/')) return this.handleUpload(req, res, repo, rest.slice(8));
    const b = this.blobs.get(rest);
    if (!b) return void res.writeHead(404).end();
    if (method === 'HEAD') {
      res.setHeader('Content-Length', String(b.data.length));
      return res.end();
    }
    res.statusCode = 307;
    res.setHeader(
      'Location',
      `http://127.0.0.2:${this.storagePort}/data/${rest.slice(7)}?X-Amz-Signature=abc`,
    );
    res.end();
  }

  private async handleUpload(
    req: IncomingMessage,
    res: ServerResponse,
    repo: string,
    session: string,
  ) {
    const body = await readBody(req);
    const u = new URL(req.url!, 'http://x');
    if (req.method === 'POST') {
      const id = randomUUID();
      this.uploads.set(id, []);
      res.statusCode = 202;
      res.setHeader('Location', `/v2/${repo}/blobs/uploads/${id}`);
      return res.end();
    }
    const id = session.split('?')[0];
    const parts = this.uploads.get(id);
    if (!parts) return void res.writeHead(404).end();
    parts.push(body);
    if (req.method === 'PATCH') {
      const size = parts.reduce((s, p) => s + p.length, 0);
      res.statusCode = 202;
      res.setHeader('Location', `/v2/${repo}/blobs/uploads/${id}`);
      res.setHeader('Range', `0-${size - 1}`);
      return res.end();
    }
    if (req.method === 'PUT') {
      const b = blob(Buffer.concat(parts));
      this.uploads.delete(id);
      if (b.digest !== u.searchParams.get('digest')) {
        res.statusCode = 400;
        return res.end('{"errors":[{"code":"DIGEST_INVALID","message":"digest mismatch"}]}');
      }
      this.blobs.set(b.digest, b);
      res.statusCode = 201;
      res.setHeader('Docker-Content-Digest', b.digest);
      return res.end();
    }
    res.writeHead(405).end();
  }

  private async handleStorage(
    path: string,
    headers: IncomingMessage['headers'],
    res: ServerResponse,
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
      await new Promise((r) => (s ? s.close(r) : r(undefined)));
    }
  }
}
