import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { databaseKinds, startTestApp, type TestApp } from '../../testing/test-app.ts';
import { startSftpServer } from './sftp-server.ts';

// The host key lives in DATA_DIR/sftp; it does not depend on the database (SQLite only).
describe("SFTP server's host key", () => {
  let t: TestApp;
  let dataDir: string;
  const folder = () => join(dataDir, 'sftp');
  const start = () => startSftpServer(t.app.ctx, t.app.log, { port: 0, host: '127.0.0.1' });
  /** The key the server shows to a client that connects, as its known_hosts would record it. */
  const keyShown = (port: number) =>
    new Promise<string>((resolve, reject) => {
      const c = new ssh2.Client();
      c.on('error', () => {}); // the connection is cut once the key is seen
      c.connect({
        host: '127.0.0.1',
        port,
        username: 'personne',
        password: 'x',
        hostVerifier: (key: Buffer) => {
          const parsed = ssh2.utils.parseKey(key);
          if (parsed instanceof Error) reject(parsed);
          else resolve(`${parsed.type} ${key.toString('base64')}`);
          c.end();
          return false;
        },
      });
    });

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'chorale-host-key-'));
    t = await startTestApp(databaseKinds[0]!, { DATA_DIR: dataDir });
  });
  after(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('made at the first start, kept at the next ones, shown to clients, its .pub written', async () => {
    const first = await start();
    const shown = await keyShown(first.port);
    await first.close();
    const second = await start();
    try {
      assert.equal(second.hostPublicKey, first.hostPublicKey);
      assert.equal(shown, first.hostPublicKey);
      assert.equal(await keyShown(second.port), first.hostPublicKey);
      const pub = await readFile(join(folder(), 'ssh_host_ed25519_key.pub'), 'utf8');
      assert.equal(pub, `${first.hostPublicKey} chorale-sftp\n`);
    } finally {
      await second.close();
    }
  });

  test('a key file the server cannot read is put aside and a new key made: the server still starts', async () => {
    const spoiled =
      '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmU=\n-----END OPENSSH PRIVATE KEY-----\n';
    await writeFile(join(folder(), 'ssh_host_ed25519_key'), spoiled, { mode: 0o600 });
    const server = await start();
    const made = server.hostPublicKey;
    try {
      assert.match(made, /^ssh-ed25519 AAAA/);
      assert.equal(await keyShown(server.port), made);
      const aside = (await readdir(folder())).filter((n) => n.startsWith('ssh_host_ed25519_key.illisible-'));
      assert.equal(aside.length, 1, String(aside));
      assert.equal(await readFile(join(folder(), aside[0]!), 'utf8'), spoiled);
    } finally {
      await server.close();
    }
    // The new key is the one kept.
    const again = await start();
    await again.close();
    assert.equal(again.hostPublicKey, made);
  });
});
