import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ssh2 from 'ssh2';
import { ed25519KeyPair } from './ed25519-key-pair.ts';

const run = promisify(execFile);

/** A key pair whose public key starts with a zero byte: the one in 256 that ssh2's own generator spoiled. */
function pairWithLeadingZero() {
  for (let i = 0; i < 10_000; i++) {
    const pair = ed25519KeyPair('zero@test');
    // The blob: string "ssh-ed25519" (4 + 11 bytes), then the key's length (4), then the key.
    if (Buffer.from(pair.public.split(' ')[1]!, 'base64')[19] === 0) return pair;
  }
  throw new Error('no key starting with 0x00 in 10 000');
}

test('every key pair is read back by ssh2, a public key starting with a zero byte too', () => {
  for (const pair of [
    ed25519KeyPair('a@test'),
    pairWithLeadingZero(),
    ...Array.from({ length: 300 }, () => ed25519KeyPair()),
  ]) {
    const priv = ssh2.utils.parseKey(pair.private);
    const pub = ssh2.utils.parseKey(pair.public);
    assert.ok(!(priv instanceof Error), String(priv));
    assert.ok(!(pub instanceof Error), String(pub));
    assert.equal(priv.type, 'ssh-ed25519');
    assert.ok(priv.isPrivateKey());
    assert.deepEqual(priv.getPublicSSH(), pub.getPublicSSH());
    // The private key signs, and the public key checks the signature.
    const signature = priv.sign(Buffer.from('Chorale'));
    assert.ok(!(signature instanceof Error));
    assert.equal(pub.verify(Buffer.from('Chorale'), signature), true);
  }
});

test('OpenSSH reads the private key file and derives the same public line', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'chorale-ed25519-'));
  try {
    for (const pair of [ed25519KeyPair('chorale-sftp'), pairWithLeadingZero()]) {
      await writeFile(join(dir, 'key'), pair.private, { mode: 0o600 });
      const { stdout } = await run('ssh-keygen', ['-y', '-f', join(dir, 'key')]);
      assert.equal(stdout.trim(), pair.public);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
