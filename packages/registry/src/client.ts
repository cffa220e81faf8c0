import type { Readable } from 'node:stream';
import { parseChallenges, type Challenge } from './challenge.js';
import { findCredentials, type Credentials } from './credentials.js';
import { registryCodeError, registryError, unauthorizedError } from './errors.js';
import { header, send, type HttpResponse } from './http.js';
import {
  chooseTokenScheme,
  isOllamaHost,
  ollamaKeyMissing,
  ollamaKeyPath,
  ollamaKeyRefused,
  loadOllamaKey,
  ollamaAuthorization,
  ollamaTokenUrl,
  type OllamaKey,
} from './ollama-auth.js';
import type { RegistryRef } from './reference.js';

export type Access = 'pull' | 'push';

export interface ClientOptions {
  env?: NodeJS.ProcessEnv;
  /** Use these instead of looking in the credential files; `null` = anonymous. */
  credentials?: Credentials | null;
  userAgent?: string;
  /** Milliseconds to wait for response headers (default 30 s). */
  timeoutMs?: number;
}

export interface ClientRequest {
  method: string;
  /** A path below the base URL (`/v2/…`) or an absolute URL (a session `Location`). */
  url: string | URL;
  headers?: Record<string, string>;
  /** Made anew for each attempt (an auth retry or a 307 re-sends the body). */
  body?: () => Buffer | Readable;
  /** Scope of the token this request needs (`repository:<repo>:pull`…). */
  scope?: string;
  /** Follow redirects (default true); cross-host ones lose the Authorization header. */
  followRedirects?: boolean;
  signal?: AbortSignal;
}

interface Token {
  value: string;
  expiresAt: number;
}

/** The scope string for `repository` (`repository:ns/model:pull,push`). */
export function repositoryScope(repository: string, access: Access): string {
  return `repository:${repository}:${access === 'push' ? 'pull,push' : 'pull'}`;
}

/**
 * Talks to one registry: adds auth, answers challenges, follows redirects.
 * No `/v2/` ping: the first request goes straight to the resource, and a 401
 * tells how to authenticate (Basic, or a Bearer token from the realm; tokens
 * are cached per scope). Redirects to another host are followed without the
 * Authorization header (presigned storage URLs reject it).
 */
export class RegistryClient {
  readonly ref: RegistryRef;
  readonly base: URL;
  private readonly env: NodeJS.ProcessEnv;
  private credentials: Credentials | null | undefined;
  private basic = false;
  private bearer: Challenge | undefined;
  private readonly tokens = new Map<string, Token>();
  private readonly userAgent: string;
  private readonly timeoutMs: number;
  private ollamaKey: OllamaKey | null | undefined;

  constructor(ref: RegistryRef, options: ClientOptions = {}) {
    this.ref = ref;
    this.base = new URL(ref.baseUrl);
    this.env = options.env ?? process.env;
    this.credentials = options.credentials;
    this.userAgent = options.userAgent ?? 'mfc';
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** The credentials for this registry (looked up once). */
  async creds(): Promise<Credentials | null> {
    if (this.credentials === undefined) {
      this.credentials =
        (await findCredentials(this.ref.host, this.ref.repository, this.env)) ?? null;
    }
    return this.credentials;
  }

  url(path: string | URL): URL {
    return path instanceof URL ? path : new URL(path, this.base);
  }

  private sameOrigin(u: URL): boolean {
    return u.host === this.base.host;
  }

  private async authorization(scope: string | undefined): Promise<string | undefined> {
    if (this.basic) {
      const c = await this.creds();
      if (c) return 'Basic ' + Buffer.from(`${c.username}:${c.password}`).toString('base64');
    }
    if (this.bearer) {
      const key = scope ?? '';
      const t = this.tokens.get(key);
      if (t && t.expiresAt > Date.now()) return `Bearer ${t.value}`;
      return `Bearer ${await this.fetchToken(this.bearer, key, key)}`;
    }
    return undefined;
  }

  /** The user's Ollama key (`~/.ollama/id_ed25519`), read once; null when there is none. */
  private key(): OllamaKey | null {
    if (this.ollamaKey === undefined) this.ollamaKey = loadOllamaKey(this.env) ?? null;
    return this.ollamaKey;
  }

  /** How the token was asked for last (for tests and --debug: never the token). */
  tokenScheme: 'ollama' | 'docker' | undefined;

  /**
   * GETs a token from the challenge's realm for `scope`: Docker token auth
   * (Basic credentials if stored), or registry.ollama.ai's request signed
   * with the Ollama key (see `chooseTokenScheme` for which).
   */
  private async fetchToken(challenge: Challenge, scope: string, key: string): Promise<string> {
    const realm = challenge.params.realm;
    if (!realm) {
      throw registryCodeError(
        'REGISTRY_BAD_CHALLENGE',
        `${this.ref.host} sent a Bearer challenge without a realm`,
      );
    }
    const realmUrl = new URL(realm, this.base);
    const c = await this.creds();
    const scheme = chooseTokenScheme({
      requestHost: this.base.host,
      realm: realmUrl,
      haveKey: this.key() !== null,
      haveCredentials: c !== null,
    });
    let res: HttpResponse | undefined;
    let url = realmUrl;
    let signedRefused = false;
    if (scheme === 'ollama') {
      url = ollamaTokenUrl(realmUrl, challenge.params.service, scope);
      res = await send({
        method: 'GET',
        url,
        headers: {
          'User-Agent': this.userAgent,
          Authorization: ollamaAuthorization(this.key()!, url),
        },
        timeoutMs: this.timeoutMs,
      });
      // Another registry on the same host that does not know the scheme: ask as docker does.
      if ([400, 401, 403].includes(res.status) && !isOllamaHost(this.base.host)) {
        res.discard();
        res = undefined;
        signedRefused = true;
      } else this.tokenScheme = 'ollama';
    }
    if (!res) {
      url = new URL(realmUrl.href);
      if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
      for (const s of scope.split(' ').filter(Boolean)) url.searchParams.append('scope', s);
      const headers: Record<string, string> = { 'User-Agent': this.userAgent };
      if (c)
        headers.Authorization =
          'Basic ' + Buffer.from(`${c.username}:${c.password}`).toString('base64');
      res = await send({ method: 'GET', url, headers, timeoutMs: this.timeoutMs });
      this.tokenScheme = 'docker';
    }
    const body = await res.text();
    if (res.status === 401 || res.status === 403) {
      if (this.tokenScheme === 'ollama' || (signedRefused && c === null))
        throw ollamaKeyRefused(this.ref.host, this.key()!, `getting a token from ${url.host}`);
      if (isOllamaHost(this.ref.host) && !this.key())
        throw ollamaKeyMissing(this.ref.host, ollamaKeyPath(this.env), `getting a token`);
      throw unauthorizedError(`getting a token from ${url.host}`, this.ref.host, c !== null);
    }
    if (res.status !== 200)
      throw registryError(`getting a token from ${url.host}`, res.status, body, { host: url.host });
    let json: { token?: string; access_token?: string; expires_in?: number };
    try {
      json = JSON.parse(body) as typeof json;
    } catch {
      throw registryCodeError(
        'REGISTRY_BAD_TOKEN',
        `the token server ${url.host} did not answer JSON`,
      );
    }
    const value = json.token ?? json.access_token;
    if (!value)
      throw registryCodeError('REGISTRY_BAD_TOKEN', `the token server ${url.host} sent no token`);
    const seconds =
      typeof json.expires_in === 'number' && json.expires_in > 0 ? json.expires_in : 60;
    // renew 10 s early
    this.tokens.set(key, { value, expiresAt: Date.now() + Math.max(1, seconds - 10) * 1000 });
    return value;
  }

  /**
   * Sends a request with auth and redirects handled. 401 → one retry after
   * answering the challenge; a second 401 is REGISTRY_UNAUTHORIZED (with the
   * `mfc login` hint). Other statuses are returned to the caller.
   */
  async request(req: ClientRequest, what: string): Promise<HttpResponse> {
    let url = this.url(req.url);
    let method = req.method;
    let answeredChallenge = false;
    let withBody = true;
    for (let hop = 0; hop < 12; hop++) {
      const headers: Record<string, string> = { 'User-Agent': this.userAgent, ...req.headers };
      if (this.sameOrigin(url)) {
        const auth = await this.authorization(req.scope);
        if (auth) headers.Authorization = auth;
      }
      const body = withBody ? req.body?.() : undefined;
      if (!withBody) delete headers['Content-Length'];
      const res = await send({
        method,
        url,
        headers,
        body,
        timeoutMs: this.timeoutMs,
        signal: req.signal,
      });
      if (res.status === 401 && this.sameOrigin(url)) {
        const text = await res.text();
        if (answeredChallenge && this.bearer && this.tokenScheme === 'ollama')
          throw ollamaKeyRefused(this.ref.host, this.key()!, what);
        if (answeredChallenge && this.bearer && isOllamaHost(this.ref.host) && !this.key())
          throw ollamaKeyMissing(this.ref.host, ollamaKeyPath(this.env), what);
        if (answeredChallenge)
          throw unauthorizedError(
            what,
            this.ref.host,
            (await this.creds()) !== null,
            firstCode(text),
          );
        answeredChallenge = true;
        const challenges = parseChallenges(header(res, 'www-authenticate'));
        const bearer = challenges.find((c) => c.scheme === 'bearer');
        const basic = challenges.find((c) => c.scheme === 'basic');
        if (bearer) {
          this.bearer = bearer;
          // Ask for what we need and what the registry says it needs, cached under ours.
          const wanted = [
            ...(req.scope ?? '').split(' '),
            ...(bearer.params.scope ?? '').split(' '),
          ];
          const scopes = [...new Set(wanted.filter(Boolean))].join(' ');
          const key = req.scope ?? scopes;
          this.tokens.delete(key);
          await this.fetchToken(bearer, scopes, key);
          req = { ...req, scope: key };
          continue;
        }
        if (basic) {
          if ((await this.creds()) === null) throw unauthorizedError(what, this.ref.host, false);
          this.basic = true;
          continue;
        }
        throw unauthorizedError(
          what,
          this.ref.host,
          (await this.creds()) !== null,
          firstCode(text),
        );
      }
      const location = header(res, 'location');
      if (
        req.followRedirects !== false &&
        location &&
        [301, 302, 303, 307, 308].includes(res.status)
      ) {
        res.discard();
        url = new URL(location, url);
        if (
          res.status === 303 ||
          ((res.status === 301 || res.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          withBody = false;
        }
        continue;
      }
      return res;
    }
    throw registryCodeError('REGISTRY_REDIRECT_LOOP', `${what}: too many redirects`);
  }

  /** Like `request`, but any status not in `ok` becomes the registry's error. */
  async expect(req: ClientRequest, what: string, ok: number[]): Promise<HttpResponse> {
    const res = await this.request(req, what);
    if (!ok.includes(res.status)) {
      const body = await res.text().catch(() => '');
      throw registryError(what, res.status, body, { host: this.ref.host });
    }
    return res;
  }
}

function firstCode(body: string): string | undefined {
  try {
    const j = JSON.parse(body) as { errors?: { code?: string; message?: string }[] };
    const e = j.errors?.[0];
    return e?.code ? `${e.code}${e.message ? `: ${e.message}` : ''}` : undefined;
  } catch {
    return undefined;
  }
}
