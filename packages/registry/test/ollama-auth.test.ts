import { createHash, verify } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseTokenScheme,
  ed25519FromWire,
  ed25519PublicKey,
  EMPTY_BODY_HASH,
  goQueryEscape,
  loadOllamaKey,
  ollamaAuthorization,
  ollamaTokenUrl,
  parseOpenSshKey,
} from '../src/index.js';
import { writeOpenSshKeyPair } from './openssh.js';

describe("registry.ollama.ai's signed token request", () => {
  it('the signed body hash is base64(hex(sha256("")))', () => {
    const hex = createHash('sha256').update('').digest('hex');
    expect(EMPTY_BODY_HASH).toBe(Buffer.from(hex).toString('base64'));
  });

  it('builds the token URL like Go url.Values.Encode: keys sorted, QueryEscape', () => {
    const url = ollamaTokenUrl(
      new URL('https://registry.ollama.ai/v2/token?b=1'),
      'ollama',
      'repository:me/tiny:pull,push repository:library/x:pull',
      1_767_000_000_123,
      'AAECAwQFBgcICQoLDA0ODw',
    );
    expect(url.href).toBe(
      'https://registry.ollama.ai/v2/token?b=1&nonce=AAECAwQFBgcICQoLDA0ODw' +
        '&scope=repository%3Ame%2Ftiny%3Apull%2Cpush&scope=repository%3Alibrary%2Fx%3Apull' +
        '&service=ollama&ts=1767000000',
    );
    expect(goQueryEscape("a b*~!'()")).toBe('a+b%2A~%21%27%28%29');
    // a fresh nonce each time: 16 random bytes, base64url without padding
    const n = ollamaTokenUrl(new URL('https://h/t'), 's', '-').searchParams.get('nonce');
    expect(n).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('reads an OpenSSH ed25519 key and signs GET,<url>,<hash> verifiably', () => {
    const pair = writeOpenSshKeyPair();
    const key = parseOpenSshKey(pair.privateText, 'id_ed25519');
    const [type, pubB64] = pair.publicLine.split(' ');
    expect(type).toBe('ssh-ed25519');
    expect(key.publicWire.toString('base64')).toBe(pubB64);
    const url = new URL('https://registry.ollama.ai/v2/token?nonce=x&scope=-&service=ollama&ts=1');
    const header = ollamaAuthorization(key, url);
    const [pub, sig] = header.split(':');
    expect(pub).toBe(pubB64);
    const publicKey = ed25519PublicKey(ed25519FromWire(Buffer.from(pub, 'base64')));
    const signed = Buffer.from(`GET,${url.href},${EMPTY_BODY_HASH}`);
    expect(verify(null, signed, publicKey, Buffer.from(sig, 'base64'))).toBe(true);
    expect(verify(null, Buffer.from('GET,other'), publicKey, Buffer.from(sig, 'base64'))).toBe(
      false,
    );
  });

  it('loads the key from $HOME/.ollama/id_ed25519 (none → undefined); junk is a clear error', () => {
    const home = mkdtempSync(join(tmpdir(), 'mfc-okey-'));
    try {
      expect(loadOllamaKey({ HOME: home })).toBeUndefined();
      mkdirSync(join(home, '.ollama'));
      writeFileSync(join(home, '.ollama', 'id_ed25519'), writeOpenSshKeyPair().privateText);
      expect(loadOllamaKey({ HOME: home })?.path).toBe(join(home, '.ollama', 'id_ed25519'));
      writeFileSync(join(home, '.ollama', 'id_ed25519'), 'not a key');
      expect(() => loadOllamaKey({ HOME: home })).toThrow(/not a valid OpenSSH private key/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a passphrase-protected key is refused with a hint', () => {
    const text = writeOpenSshKeyPair().privateText;
    const b64 = text.split('\n').slice(1, -2).join('');
    const body = Buffer.from(b64, 'base64');
    // swap the cipher name "none" for "aes0" (same length): an encrypted key's header
    const at = body.indexOf('none');
    body.write('aes0', at, 'latin1');
    const pem = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.toString('base64')}\n-----END OPENSSH PRIVATE KEY-----\n`;
    expect(() => parseOpenSshKey(pem, 'k')).toThrow(/protected by a passphrase/);
  });
});

describe('chooseTokenScheme', () => {
  const realm = (u: string) => new URL(u);
  it('Ollama hosts: signed with a key, anonymous without; a realm elsewhere is refused', () => {
    const base = { requestHost: 'registry.ollama.ai', haveCredentials: false };
    expect(
      chooseTokenScheme({
        ...base,
        realm: realm('https://registry.ollama.ai/v2/token'),
        haveKey: true,
      }),
    ).toBe('ollama');
    expect(
      chooseTokenScheme({
        ...base,
        realm: realm('https://registry.ollama.ai/v2/token'),
        haveKey: false,
      }),
    ).toBe('docker');
    expect(() =>
      chooseTokenScheme({ ...base, realm: realm('https://evil.example/token'), haveKey: true }),
    ).toThrow('realm host "evil.example" does not match original host "registry.ollama.ai"');
  });
  it('other registries: signed only for a same-host realm, a key and no stored credentials', () => {
    const same = realm('http://127.0.0.1:5000/v2/token');
    const base = { requestHost: '127.0.0.1:5000', realm: same };
    expect(chooseTokenScheme({ ...base, haveKey: true, haveCredentials: false })).toBe('ollama');
    expect(chooseTokenScheme({ ...base, haveKey: true, haveCredentials: true })).toBe('docker');
    expect(chooseTokenScheme({ ...base, haveKey: false, haveCredentials: false })).toBe('docker');
    // Docker Hub style: token server on another host (or port) is Docker token auth
    expect(
      chooseTokenScheme({
        requestHost: '127.0.0.1:5000',
        realm: realm('http://127.0.0.1:5001/token'),
        haveKey: true,
        haveCredentials: false,
      }),
    ).toBe('docker');
  });
});
