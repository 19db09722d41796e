import { generateKeyPairSync, randomBytes } from 'node:crypto';

/** The DER before the key: SubjectPublicKeyInfo (RFC 8410) and PKCS#8 of an Ed25519 key. */
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An Ed25519 key pair in OpenSSH's formats: the private key as `ssh-keygen` writes it
 * (`-----BEGIN OPENSSH PRIVATE KEY-----`, unencrypted) and the public key line
 * (`ssh-ed25519 AAAA… comment`).
 *
 * Written here rather than by ssh2's `generateKeyPairSync`: ssh2 1.17 strips every leading zero byte
 * of the public key it reads from the DER, so one key in 256 (a public key starting with 0x00) came
 * out 31 bytes long and unreadable — the host key of the SFTP server then could not be loaded at
 * start-up (CI, 04/12/2026: « Malformed OpenSSH private key »).
 */
export function ed25519KeyPair(comment = ''): { private: string; public: string } {
  // DER buffers straight from the generator: the key is their last 32 bytes, after a fixed prefix.
  // Not KeyObject.export({ format: 'jwk' }): on Node 20 it can deadlock with the garbage collector
  // finalising an earlier key generation (seen here, one run in 15).
  const der = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  if (!der.publicKey.subarray(0, 12).equals(SPKI_PREFIX) || der.publicKey.length !== 44)
    throw new Error('Ed25519 public key in an unexpected DER form');
  if (!der.privateKey.subarray(0, 16).equals(PKCS8_PREFIX) || der.privateKey.length !== 48)
    throw new Error('Ed25519 private key in an unexpected DER form');
  const pub = der.publicKey.subarray(12);
  const seed = der.privateKey.subarray(16);

  const publicBlob = Buffer.concat([string('ssh-ed25519'), string(pub)]);
  const check = randomBytes(4);
  const secret = Buffer.concat([
    check,
    check,
    string('ssh-ed25519'),
    string(pub),
    string(Buffer.concat([seed, pub])),
    string(comment),
  ]);
  // Padded with 1, 2, 3… to the cipher's block size (8 for « none »).
  const padding = Buffer.from(Array.from({ length: (8 - (secret.length % 8)) % 8 }, (_, i) => i + 1));
  const body = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    string('none'),
    string('none'),
    string(''),
    uint32(1),
    string(publicBlob),
    string(Buffer.concat([secret, padding])),
  ]);
  const lines = body.toString('base64').match(/.{1,70}/g) ?? [];
  return {
    private: ['-----BEGIN OPENSSH PRIVATE KEY-----', ...lines, '-----END OPENSSH PRIVATE KEY-----', ''].join('\n'),
    public: `ssh-ed25519 ${publicBlob.toString('base64')}${comment ? ` ${comment}` : ''}`,
  };
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

/** An SSH « string »: its length on 4 bytes, then its bytes. */
function string(value: string | Buffer): Buffer {
  const bytes = typeof value === 'string' ? Buffer.from(value) : value;
  return Buffer.concat([uint32(bytes.length), bytes]);
}
