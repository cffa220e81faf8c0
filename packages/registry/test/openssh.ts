// Writes an ed25519 key pair in OpenSSH's formats (what `ssh-keygen -t ed25519`
// and `ollama serve` write), for tests on machines without ssh-keygen.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sshWire } from '../src/ollama-auth.js';

function str(b: Buffer | string): Buffer {
  const data = Buffer.isBuffer(b) ? b : Buffer.from(b);
  const n = Buffer.alloc(4);
  n.writeUInt32BE(data.length);
  return Buffer.concat([n, data]);
}

/** `{ privateText, publicLine }`: an `openssh-key-v1` PEM block and an authorized_keys line. */
export function writeOpenSshKeyPair(comment = 'mfc-test'): {
  privateText: string;
  publicLine: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32);
  const pub = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const wire = sshWire(pub);
  const check = randomBytes(4);
  let priv = Buffer.concat([
    check,
    check,
    str('ssh-ed25519'),
    str(pub),
    str(Buffer.concat([seed, pub])),
    str(comment),
  ]);
  const pad: number[] = [];
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i);
  priv = Buffer.concat([priv, Buffer.from(pad)]);
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0', 'latin1'),
    str('none'),
    str('none'),
    str(''),
    Buffer.from([0, 0, 0, 1]),
    str(wire),
    str(priv),
  ]);
  const b64 = body.toString('base64').replace(/.{70}/g, '$&\n');
  return {
    privateText: `-----BEGIN OPENSSH PRIVATE KEY-----\n${b64.trimEnd()}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicLine: `ssh-ed25519 ${wire.toString('base64')} ${comment}\n`,
  };
}
