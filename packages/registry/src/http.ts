import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { MfcError } from '@mfc/diagnostics';
import { registryCodeError } from './errors.js';

/** One HTTP exchange: no redirects followed, no auth added (the client does both). */
export interface HttpRequest {
  method: string;
  url: URL;
  headers?: Record<string, string>;
  /** A buffer, or a stream whose length is in `Content-Length`. */
  body?: Buffer | Readable;
  /** Abort when no response headers arrive within this time. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: IncomingMessage['headers'];
  /** The body stream; read it, or call `discard()`. */
  body: IncomingMessage;
  url: URL;
  discard(): void;
  text(): Promise<string>;
  bytes(): Promise<Buffer>;
}

const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 32 });
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 32 });

export function header(
  res: { headers: IncomingMessage['headers'] },
  name: string,
): string | undefined {
  const v = res.headers[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Sends one request; resolves when the response headers are in. */
export function send(req: HttpRequest): Promise<HttpResponse> {
  const { url } = req;
  const isHttps = url.protocol === 'https:';
  const make = isHttps ? httpsRequest : httpRequest;
  return new Promise<HttpResponse>((resolve, reject) => {
    const r = make(
      url,
      {
        method: req.method,
        headers: req.headers,
        agent: isHttps ? httpsAgent : httpAgent,
        signal: req.signal,
      },
      (res) => {
        if (timer) clearTimeout(timer);
        const discard = () => {
          res.resume();
        };
        const bytes = async () => {
          const chunks: Buffer[] = [];
          for await (const c of res) chunks.push(c as Buffer);
          return Buffer.concat(chunks);
        };
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: res,
          url,
          discard,
          bytes,
          text: async () => (await bytes()).toString('utf8'),
        });
      },
    );
    const timer = req.timeoutMs
      ? setTimeout(
          () => r.destroy(new Error(`no answer within ${req.timeoutMs} ms`)),
          req.timeoutMs,
        )
      : undefined;
    r.on('error', (err) => {
      if (timer) clearTimeout(timer);
      reject(connectionError(url, err));
    });
    const body = req.body;
    if (body === undefined) r.end();
    else if (Buffer.isBuffer(body)) r.end(body);
    else {
      body.on('error', (err) => r.destroy(err));
      body.pipe(r);
    }
  });
}

/** A network failure as an MfcError naming the host (never the query, which may be presigned). */
export function connectionError(url: URL, err: unknown): MfcError {
  if (err instanceof MfcError) return err;
  const e = err as NodeJS.ErrnoException;
  const what = e?.code ?? (e instanceof Error ? e.message : String(err));
  return registryCodeError('REGISTRY_UNREACHABLE', `cannot reach ${url.host}: ${what}`, {
    hint:
      e?.code === 'EPROTO' || /wrong version number|ssl/i.test(String(e?.message))
        ? 'the registry may speak plain HTTP: add --insecure'
        : 'check the host name and your network',
    cause: err,
  });
}
