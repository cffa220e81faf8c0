import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/**
 * A real HTTP server on 127.0.0.1 that implements the part of the Hugging
 * Face Hub API `@huggingface/hub` and mfc's downloader call: model info,
 * the file tree, paths-info, `resolve` with Range and ETags, `X-Error-Code`
 * errors and bearer-token auth; and, with the token, the write path of
 * `createRepo`/`uploadFiles`: repo creation, preupload, the LFS batch API
 * with basic PUT uploads, and ndjson commits. Used by tests (there is no internet here)
 * and usable as a tiny offline mirror via `HF_ENDPOINT`.
 */

/** A file's bytes: in memory, or a file on disk (for large weights). */
export type TestHubContent = Buffer | Uint8Array | string | { diskPath: string };

export interface TestHubRepo {
  /** `org/name`. */
  name: string;
  files: Record<string, TestHubContent>;
  /** Only readable with the server's token. */
  private?: boolean;
  /** Metadata readable by anyone; file bytes only with the server's token. */
  gated?: false | 'auto' | 'manual';
  /** Other branch/tag names that resolve to the same commit. */
  tags?: string[];
}

export interface TestHubRequest {
  method: string;
  url: string;
  range?: string;
  authorization?: string;
}

export interface TestHub {
  /** `http://127.0.0.1:PORT`: pass as `HF_ENDPOINT`. */
  url: string;
  /** The token that unlocks private and gated repos (`hf_…`). */
  token: string;
  requests: TestHubRequest[];
  /** The commit id the repo is served at. */
  commitOf(repo: string): string;
  addRepo(repo: TestHubRepo): Promise<void>;
  /** The next `resolve` of `path` sends only `bytes` bytes, then drops the connection. */
  interruptNext(repo: string, path: string, bytes: number): void;
  close(): Promise<void>;
}

interface ServedFile {
  path: string;
  size: number;
  oid: string;
  sha256?: string;
  read: (start: number, end: number) => NodeJS.ReadableStream;
}

interface ServedRepo {
  spec: TestHubRepo;
  commit: string;
  files: Map<string, ServedFile>;
}

const isLfs = (path: string, size: number) =>
  size > 10_000 || /\.(safetensors|gguf|bin|model)$/.test(path);

async function serveFile(path: string, content: TestHubContent): Promise<ServedFile> {
  let size: number;
  let read: ServedFile['read'];
  const sha256 = createHash('sha256');
  const sha1 = createHash('sha1');
  if (typeof content === 'object' && 'diskPath' in content) {
    const diskPath = content.diskPath;
    size = (await stat(diskPath)).size;
    sha1.update(`blob ${size}\0`);
    for await (const chunk of createReadStream(diskPath)) {
      sha256.update(chunk as Buffer);
      sha1.update(chunk as Buffer);
    }
    read = (start, end) => createReadStream(diskPath, { start, end: end - 1 });
  } else {
    const buf = typeof content === 'string' ? Buffer.from(content) : Buffer.from(content);
    size = buf.length;
    sha256.update(buf);
    sha1.update(`blob ${size}\0`).update(buf);
    read = (start, end) => Readable.from([buf.subarray(start, end)]);
  }
  const lfs = isLfs(path, size);
  const sha1hex = sha1.digest('hex');
  return { path, size, oid: sha1hex, sha256: lfs ? sha256.digest('hex') : undefined, read };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

function hubError(res: ServerResponse, status: number, code: string, message: string): void {
  json(res, status, { error: message }, { 'X-Error-Code': code, 'X-Error-Message': message });
}

function treeEntry(f: ServedFile) {
  return {
    type: 'file',
    oid: f.oid,
    size: f.size,
    path: f.path,
    ...(f.sha256 ? { lfs: { oid: f.sha256, size: f.size, pointerSize: 134 } } : {}),
  };
}

function dirEntries(files: Iterable<ServedFile>, under: string, recursive: boolean) {
  const prefix = under ? `${under}/` : '';
  const dirs = new Set<string>();
  const out: unknown[] = [];
  for (const f of files) {
    if (!f.path.startsWith(prefix)) continue;
    const rest = f.path.slice(prefix.length);
    const parts = rest.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (!recursive && i > 1) break;
      dirs.add(prefix + parts.slice(0, i).join('/'));
    }
    if (recursive || parts.length === 1) out.push(treeEntry(f));
  }
  return [
    ...[...dirs].sort().map((d) => ({
      type: 'directory',
      oid: createHash('sha1').update(d).digest('hex'),
      size: 0,
      path: d,
    })),
    ...out,
  ];
}

export async function startTestHub(
  repos: TestHubRepo[] = [],
  options: { token?: string } = {},
): Promise<TestHub> {
  const token = options.token ?? 'hf_test_token_0123456789';
  const served = new Map<string, ServedRepo>();
  const interruptions = new Map<string, number>();
  const requests: TestHubRequest[] = [];
  /** LFS objects uploaded (sha256 → bytes), waiting for a commit to name them. */
  const lfsObjects = new Map<string, Buffer>();

  async function addRepo(spec: TestHubRepo): Promise<void> {
    const files = new Map<string, ServedFile>();
    for (const [path, content] of Object.entries(spec.files))
      files.set(path, await serveFile(path, content));
    const commitHash = createHash('sha1').update(spec.name);
    for (const f of [...files.values()].sort((a, b) => a.path.localeCompare(b.path)))
      commitHash.update(`${f.path}\0${f.oid}\0`);
    served.set(spec.name, { spec, commit: commitHash.digest('hex'), files });
  }
  for (const r of repos) await addRepo(r);

  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${token}`;

  /** The repo and revision, or an error response already sent. */
  function lookup(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    rev: string,
    forContent: boolean,
  ): ServedRepo | undefined {
    const repo = served.get(name);
    if (!repo || (repo.spec.private && !authorized(req))) {
      hubError(res, req.headers.authorization ? 404 : 401, 'RepoNotFound', 'Repository not found');
      return undefined;
    }
    const revs = new Set(['main', 'HEAD', repo.commit, ...(repo.spec.tags ?? [])]);
    if (!revs.has(decodeURIComponent(rev))) {
      hubError(res, 404, 'RevisionNotFound', `Invalid rev id: ${rev}`);
      return undefined;
    }
    if (forContent && repo.spec.gated && !authorized(req)) {
      hubError(
        res,
        403,
        'GatedRepo',
        `Access to model ${name} is restricted. You must have access to it and be authenticated to access it.`,
      );
      return undefined;
    }
    return repo;
  }

  function modelInfo(repo: ServedRepo) {
    return {
      _id: repo.commit.slice(0, 24),
      id: repo.spec.name,
      modelId: repo.spec.name,
      sha: repo.commit,
      private: repo.spec.private ?? false,
      gated: repo.spec.gated ?? false,
      disabled: false,
      downloads: 0,
      likes: 0,
      lastModified: '2026-01-01T00:00:00.000Z',
      createdAt: '2026-01-01T00:00:00.000Z',
      tags: [],
      library_name: 'transformers',
      siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })),
    };
  }

  function resolve(
    req: IncomingMessage,
    res: ServerResponse,
    repo: ServedRepo,
    path: string,
  ): void {
    const file = repo.files.get(path);
    if (!file) {
      hubError(res, 404, 'EntryNotFound', `${path} does not exist on "main"`);
      return;
    }
    const etag = `"${file.sha256 ?? file.oid}"`;
    const headers: Record<string, string> = {
      ETag: etag,
      'X-Repo-Commit': repo.commit,
      'Accept-Ranges': 'bytes',
      'Content-Type': 'application/octet-stream',
      ...(file.sha256 ? { 'X-Linked-ETag': etag, 'X-Linked-Size': String(file.size) } : {}),
    };
    let start = 0;
    let end = file.size;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range);
      if (!m || (m[1] === '' && m[2] === '')) {
        res.writeHead(416, { 'Content-Range': `bytes */${file.size}` }).end();
        return;
      }
      if (m[1] === '') {
        start = Math.max(0, file.size - Number(m[2]));
      } else {
        start = Number(m[1]);
        end = m[2] === '' ? file.size : Math.min(file.size, Number(m[2]) + 1);
      }
      if (start >= file.size || start >= end) {
        res.writeHead(416, { 'Content-Range': `bytes */${file.size}` }).end();
        return;
      }
      status = 206;
      headers['Content-Range'] = `bytes ${start}-${end - 1}/${file.size}`;
    }
    if (req.headers['if-none-match'] === etag && status === 200) {
      res.writeHead(304, headers).end();
      return;
    }
    headers['Content-Length'] = String(end - start);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const key = `${repo.spec.name}/${path}`;
    const cut = interruptions.get(key);
    if (cut !== undefined) {
      interruptions.delete(key);
      // Send the first bytes, let them reach the client, then drop the connection.
      const body = file.read(start, Math.min(end, start + cut));
      body.pipe(res, { end: false });
      body.on('end', () => res.write('', () => setTimeout(() => res.socket?.destroy(), 50)));
      return;
    }
    file.read(start, end).pipe(res);
  }

  async function body(req: IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  /** The write routes; true when the request was one of them. */
  async function handleWrite(
    req: IncomingMessage,
    res: ServerResponse,
    p: string[],
    base: string,
  ): Promise<boolean> {
    const isWrite =
      (p[0] === 'api' && p[1] === 'repos' && p[2] === 'create') ||
      (p[0] === 'api' && p[1] === 'models' && (p[4] === 'preupload' || p[4] === 'commit')) ||
      (p[1]?.endsWith('.git') && p[2] === 'info' && p[3] === 'lfs') ||
      p[0] === 'lfs-upload';
    if (!isWrite || req.method === 'GET') return false;
    // LFS uploads go to the presigned href the batch answer gave (no token, as on the Hub).
    if (p[0] !== 'lfs-upload' && !authorized(req)) {
      hubError(res, 401, 'Unauthorized', 'writing needs a token');
      return true;
    }
    if (p[2] === 'create') {
      const b = JSON.parse((await body(req)).toString()) as {
        name: string;
        organization?: string;
        private?: boolean;
      };
      const name = b.organization ? `${b.organization}/${b.name}` : b.name;
      if (served.has(name)) {
        hubError(res, 409, 'Conflict', 'You already created this model repo');
        return true;
      }
      await addRepo({ name, files: {}, private: b.private });
      json(res, 200, { url: `${base}/${name}`, name });
      return true;
    }
    if (p[0] === 'lfs-upload') {
      const bytes = await body(req);
      if (createHash('sha256').update(bytes).digest('hex') !== p[1]) {
        hubError(res, 400, 'BadRequest', 'the upload does not match its oid');
        return true;
      }
      lfsObjects.set(p[1], bytes);
      res.writeHead(200).end();
      return true;
    }
    if (p[1]?.endsWith('.git')) {
      const b = JSON.parse((await body(req)).toString()) as {
        objects: { oid: string; size: number }[];
      };
      json(res, 200, {
        transfer: 'basic',
        objects: b.objects.map((o) => ({
          oid: o.oid,
          size: o.size,
          authenticated: true,
          actions: lfsObjects.has(o.oid)
            ? undefined
            : { upload: { href: `${base}/lfs-upload/${o.oid}` } },
        })),
      });
      return true;
    }
    const name = `${p[2]}/${p[3]}`;
    const repo = served.get(name);
    if (!repo) {
      hubError(res, 404, 'RepoNotFound', 'Repository not found');
      return true;
    }
    if (p[4] === 'preupload') {
      const b = JSON.parse((await body(req)).toString()) as {
        files: { path: string; size: number }[];
      };
      json(res, 200, {
        files: b.files.map((f) => ({
          path: f.path,
          uploadMode: isLfs(f.path, f.size) ? 'lfs' : 'regular',
        })),
      });
      return true;
    }
    // commit: ndjson of header, file (base64), lfsFile (sha256 oid) and deletedFile lines.
    const files: Record<string, TestHubContent> = { ...repo.spec.files };
    for (const line of (await body(req)).toString().split('\n')) {
      if (!line.trim()) continue;
      const op = JSON.parse(line) as {
        key: string;
        value: { path: string; content?: string; oid?: string };
      };
      if (op.key === 'file') files[op.value.path] = Buffer.from(op.value.content ?? '', 'base64');
      else if (op.key === 'lfsFile') {
        const bytes = lfsObjects.get(op.value.oid ?? '');
        if (!bytes) {
          hubError(res, 400, 'BadRequest', `LFS object ${op.value.oid} was never uploaded`);
          return true;
        }
        files[op.value.path] = bytes;
      } else if (op.key === 'deletedFile') delete files[op.value.path];
    }
    await addRepo({ ...repo.spec, files });
    const commit = served.get(name)!.commit;
    json(res, 200, {
      success: true,
      commitOid: commit,
      commitUrl: `${base}/${name}/commit/${commit}`,
    });
    return true;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      method: req.method ?? 'GET',
      url: url.pathname + url.search,
      range: req.headers.range,
      authorization: req.headers.authorization,
    });
    const p = url.pathname.split('/').slice(1).map(decodeURIComponent);
    if (req.headers.authorization && !authorized(req)) {
      hubError(res, 401, 'Unauthorized', 'Invalid credentials in Authorization header');
      return;
    }
    if (
      await handleWrite(req, res, p, `http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    )
      return;
    // /api/models/{org}/{name}/revision/{rev}
    if (p[0] === 'api' && p[1] === 'models' && p[4] === 'revision' && req.method === 'GET') {
      const repo = lookup(req, res, `${p[2]}/${p[3]}`, p.slice(5).join('/'), false);
      if (repo) json(res, 200, modelInfo(repo));
      return;
    }
    // /api/models/{org}/{name}/tree/{rev}[/{path}]
    if (p[0] === 'api' && p[1] === 'models' && p[4] === 'tree' && req.method === 'GET') {
      const repo = lookup(req, res, `${p[2]}/${p[3]}`, p[5] ?? 'main', false);
      if (repo)
        json(
          res,
          200,
          dirEntries(
            repo.files.values(),
            p.slice(6).join('/'),
            url.searchParams.get('recursive') === 'true',
          ),
        );
      return;
    }
    // /api/models/{org}/{name}/paths-info/{rev}
    if (p[0] === 'api' && p[1] === 'models' && p[4] === 'paths-info' && req.method === 'POST') {
      const repo = lookup(req, res, `${p[2]}/${p[3]}`, p[5] ?? 'main', false);
      if (!repo) return;
      let body = '';
      for await (const chunk of req) body += chunk;
      let paths: unknown;
      try {
        paths = (JSON.parse(body) as { paths?: unknown }).paths;
      } catch {
        hubError(res, 400, 'BadRequest', 'body must be JSON');
        return;
      }
      if (!Array.isArray(paths)) {
        hubError(res, 400, 'BadRequest', '"paths" must be an array');
        return;
      }
      const out = paths.flatMap((q) => {
        const f = repo.files.get(String(q));
        return f ? [treeEntry(f)] : [];
      });
      json(res, 200, out);
      return;
    }
    // /{org}/{name}/resolve/{rev}/{path…}
    if (p[2] === 'resolve' && (req.method === 'GET' || req.method === 'HEAD')) {
      const repo = lookup(req, res, `${p[0]}/${p[1]}`, p[3] ?? '', true);
      if (repo) resolve(req, res, repo, p.slice(4).join('/'));
      return;
    }
    hubError(res, 404, 'NotFound', `no route for ${req.method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      if (!res.headersSent) hubError(res, 500, 'InternalError', String(err));
      else res.destroy();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    commitOf: (repo) => served.get(repo)!.commit,
    addRepo,
    interruptNext: (repo, path, bytes) => interruptions.set(`${repo}/${path}`, bytes),
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
