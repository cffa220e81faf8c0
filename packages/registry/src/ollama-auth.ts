// registry.ollama.ai's own token scheme (distribution.md §1.6): the token
// request is signed with the user's OpenSSH ed25519 key instead of carrying a
// password. Ollama's `server/auth.go` is the model; byte-for-byte where it
// matters (the query encoding and the signed string).
import { createPrivateKey, createPublicKey, randomBytes, sign, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { MfcError } from '@mfc/diagnostics';
import { registryCodeError } from './errors.js';

/** `base64(hex(sha256("")))`: the body hash Ollama signs for a GET. */
export const EMPTY_BODY_HASH =
  'ZTNiMGM0NDI5OGZjMWMxNDlhZmJmNGM4OTk2ZmI5MjQyN2FlNDFlNDY0OWI5MzRjYTQ5NTk5MWI3ODUyYjg1NQ==';

/** An Ollama key pair: the private key object and the public key's SSH wire bytes. */
export interface OllamaKey {
  privateKey: KeyObject;
  /** The SSH wire-format public key (`string "ssh-ed25519", string key`). */
  publicWire: Buffer;
  path: string;
}

/** `$HOME/.ollama/id_ed25519`: where `ollama serve` creates the key (HOME only, as Ollama). */
export function ollamaKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME || homedir(), '.ollama', 'id_ed25519');
}

/** Hosts run by Ollama: registry.ollama.ai, ollama.com and their subdomains. */
export function isOllamaHost(host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  return /(^|\.)ollama\.(ai|com)$/.test(h);
}

class Reader {
  private at = 0;
  constructor(
    private readonly buf: Buffer,
    private readonly file: string,
  ) {}
  private fail(): never {
    throw registryCodeError('REGISTRY_BAD_KEY', `${this.file} is not a valid OpenSSH private key`, {
      location: { file: this.file },
      hint: 'Ollama writes it on its first start (ollama serve); move a damaged one away',
    });
  }
  u32(): number {
    if (this.at + 4 > this.buf.length) this.fail();
    const v = this.buf.readUInt32BE(this.at);
    this.at += 4;
    return v;
  }
  bytes(): Buffer {
    const n = this.u32();
    if (this.at + n > this.buf.length) this.fail();
    const v = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return v;
  }
  string(): string {
    return this.bytes().toString('latin1');
  }
  magic(text: string): void {
    const m = Buffer.from(text + '\0', 'latin1');
    if (!this.buf.subarray(0, m.length).equals(m)) this.fail();
    this.at = m.length;
  }
  bad(): never {
    return this.fail();
  }
}

/** ed25519 PKCS#8 DER prefix for a 32-byte seed (RFC 8410). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
/** ed25519 SPKI DER prefix for a 32-byte public key. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The SSH wire form of an ed25519 public key. */
export function sshWire(publicKey: Buffer): Buffer {
  const str = (b: Buffer) => {
    const n = Buffer.alloc(4);
    n.writeUInt32BE(b.length);
    return Buffer.concat([n, b]);
  };
  return Buffer.concat([str(Buffer.from('ssh-ed25519')), str(publicKey)]);
}

/** The 32-byte ed25519 key of an SSH wire-format public key (`ssh-ed25519` only). */
export function ed25519FromWire(wire: Buffer, file = 'public key'): Buffer {
  const r = new Reader(wire, file);
  if (r.string() !== 'ssh-ed25519') r.bad();
  const key = r.bytes();
  if (key.length !== 32) r.bad();
  return Buffer.from(key);
}

/** A node KeyObject for a 32-byte ed25519 public key. */
export function ed25519PublicKey(raw: Buffer): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, raw]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Parses an `openssh-key-v1` private key (the PEM `BEGIN OPENSSH PRIVATE KEY`
 * block `ssh-keygen` and Ollama write): unencrypted, one ed25519 key.
 */
export function parseOpenSshKey(text: string, file: string): OllamaKey {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(
    text,
  );
  const fail = (): never => new Reader(Buffer.alloc(0), file).bad();
  if (!m) fail();
  const r = new Reader(Buffer.from(m![1].replace(/\s+/g, ''), 'base64'), file);
  r.magic('openssh-key-v1');
  const cipher = r.string();
  r.string(); // kdf name
  r.bytes(); // kdf options
  if (cipher !== 'none') {
    throw registryCodeError('REGISTRY_BAD_KEY', `${file} is protected by a passphrase`, {
      location: { file },
      hint: "Ollama's key has none; remove it with ssh-keygen -p -N '' -f " + file,
    });
  }
  if (r.u32() !== 1) fail();
  const publicWire = Buffer.from(r.bytes());
  const priv = new Reader(r.bytes(), file);
  if (priv.u32() !== priv.u32()) fail(); // check ints
  if (priv.string() !== 'ssh-ed25519') {
    throw registryCodeError('REGISTRY_BAD_KEY', `${file} is not an ed25519 key`, {
      location: { file },
      hint: 'registry.ollama.ai signs with ed25519 keys (ssh-keygen -t ed25519)',
    });
  }
  const pub = priv.bytes();
  const secret = priv.bytes(); // seed || public key
  if (pub.length !== 32 || secret.length !== 64 || !secret.subarray(32).equals(pub)) fail();
  if (!ed25519FromWire(publicWire, file).equals(pub)) fail();
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, secret.subarray(0, 32)]),
    format: 'der',
    type: 'pkcs8',
  });
  return { privateKey, publicWire, path: file };
}

/** The user's Ollama key, or undefined when there is none. */
export function loadOllamaKey(env: NodeJS.ProcessEnv = process.env): OllamaKey | undefined {
  const path = ollamaKeyPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw registryCodeError('REGISTRY_BAD_KEY', `cannot read ${path}: ${code ?? String(err)}`, {
      location: { file: path },
    });
  }
  return parseOpenSshKey(text, path);
}

/** Go's `url.QueryEscape`: everything but `A-Za-z0-9-_.~` escaped, space as `+`. */
export function goQueryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+');
}

/**
 * The token URL Ollama builds: the realm with `service`, one `scope` per
 * space-separated scope, `ts` and `nonce` added to its query, encoded like
 * Go's `url.Values.Encode` (keys sorted, values in order).
 */
export function ollamaTokenUrl(
  realm: URL,
  service: string | undefined,
  scope: string,
  now: number = Date.now(),
  nonce: string = randomBytes(16).toString('base64url'),
): URL {
  const values = new Map<string, string[]>();
  const add = (k: string, v: string) => values.set(k, [...(values.get(k) ?? []), v]);
  for (const [k, v] of realm.searchParams) add(k, v);
  add('service', service ?? '');
  for (const s of scope.split(' ')) add('scope', s);
  add('ts', String(Math.floor(now / 1000)));
  add('nonce', nonce);
  const query = [...values.keys()]
    .sort()
    .flatMap((k) => values.get(k)!.map((v) => `${goQueryEscape(k)}=${goQueryEscape(v)}`))
    .join('&');
  const url = new URL(realm.href);
  url.search = query;
  return url;
}

/** `Authorization: <pubkey-b64>:<sig-b64>` for a GET of `url` (no scheme word). */
export function ollamaAuthorization(key: OllamaKey, url: URL, method = 'GET'): string {
  const data = Buffer.from(`${method},${url.href},${EMPTY_BODY_HASH}`);
  const sig = sign(null, data, key.privateKey);
  return `${key.publicWire.toString('base64')}:${sig.toString('base64')}`;
}

/**
 * Which token scheme answers a Bearer challenge:
 * - an Ollama host (registry.ollama.ai, ollama.com, subdomains): the signed
 *   scheme when the key exists (anonymous Docker-style otherwise), and a realm
 *   on another host is refused, as Ollama refuses it since 2026-01;
 * - any other registry: the signed scheme only when the realm is the
 *   registry's own host, the Ollama key exists and no docker/podman
 *   credentials are stored for the host (stored credentials mean Docker token
 *   auth with Basic, as docker does); else Docker token auth.
 */
export function chooseTokenScheme(args: {
  requestHost: string;
  realm: URL;
  haveKey: boolean;
  haveCredentials: boolean;
}): 'ollama' | 'docker' {
  const { requestHost, realm } = args;
  const sameHost = realm.host.toLowerCase() === requestHost.toLowerCase();
  if (isOllamaHost(requestHost)) {
    if (!sameHost) {
      throw registryCodeError(
        'REGISTRY_REALM_HOST',
        `realm host "${realm.host}" does not match original host "${requestHost}"`,
        {
          hint: 'mfc signs token requests with your Ollama key only for the registry’s own host; check the registry name',
        },
      );
    }
    return args.haveKey ? 'ollama' : 'docker';
  }
  return sameHost && args.haveKey && !args.haveCredentials ? 'ollama' : 'docker';
}

/** The error for a registry that refused what the Ollama key signed (or the token it gave). */
export function ollamaKeyRefused(host: string, key: OllamaKey, what?: string): MfcError {
  return registryCodeError(
    'REGISTRY_UNAUTHORIZED',
    `${what ? `${what}: ` : ''}${host} refused the request signed with the Ollama key ${key.path}`,
    {
      hint: isOllamaHost(host)
        ? `add ${key.path}.pub at https://ollama.com/settings/keys and name the model <your user>/<model>`
        : `register ${key.path}.pub with the registry, or run 'mfc login ${host}' to use a password`,
    },
  );
}

/** The error for an Ollama host that wants a signed request when there is no key. */
export function ollamaKeyMissing(host: string, path: string, what?: string): MfcError {
  return registryCodeError(
    'REGISTRY_UNAUTHORIZED',
    `${what ? `${what}: ` : ''}${host} wants a request signed with your Ollama key, and there is none at ${path}`,
    {
      hint: `start ollama once (ollama serve creates the key), then add ${path}.pub at https://ollama.com/settings/keys`,
    },
  );
}
