// A real HTTP server on 127.0.0.1 that serves files with Range support (or
// without, to test the error), counting the bytes it sends.
import { createServer, type Server } from 'node:http';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

export interface RangeServer {
  url(name: string): string;
  bytesSent: number;
  requests: number;
  close(): Promise<void>;
}

export async function startRangeServer(
  files: Record<string, string>,
  options: { ranges?: boolean } = {},
): Promise<RangeServer> {
  const state = { bytesSent: 0, requests: 0 };
  const server: Server = createServer((req, res) => {
    state.requests++;
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0]);
    const path = files[name];
    if (!path) {
      res.writeHead(404).end('not found');
      return;
    }
    const size = statSync(path).size;
    const m = /^bytes=(\d+)-(\d+)?$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = size - 1;
    let status = 200;
    if (m && options.ranges !== false) {
      start = Number(m[1]);
      end = Math.min(m[2] === undefined ? size - 1 : Number(m[2]), size - 1);
      if (start >= size) {
        res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end();
        return;
      }
      status = 206;
    }
    const length = end - start + 1;
    const body = Buffer.alloc(length);
    const fd = openSync(path, 'r');
    readSync(fd, body, 0, length, start);
    closeSync(fd);
    state.bytesSent += length;
    res.writeHead(status, {
      'Content-Length': String(length),
      'Accept-Ranges': options.ranges === false ? 'none' : 'bytes',
      ...(status === 206 ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (name) => `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    get bytesSent() {
      return state.bytesSent;
    },
    get requests() {
      return state.requests;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
