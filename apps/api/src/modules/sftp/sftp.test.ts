import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { lecointre } from '../../testing/fixtures.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { attachTechnicalAccount, createTechnicalAccount } from '../cpro/connections.ts';
import { supplierProfiles, userIdOf } from '../cpro/cpro-test-support.ts';
import { CCI, facturxSample as facturx } from '../intake/intake-test-support.ts';
import { startSftpServer, type SftpServer } from './sftp-server.ts';
import { OpenSshClient } from './sftp-test-support.ts';

for (const kind of databaseKinds) {
  describe(`[${kind.name}] SFTP (mode EDI) with OpenSSH's sftp client (issue 11)`, () => {
    let t: TestApp;
    let manager: TestClient;
    let server: SftpServer;
    let client: OpenSshClient;
    let account: { id: number; login: string; password: string };
    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-sftp-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      manager = await signInWithMailCode(t, 'daniel@lecointre.fr');
      const structure = await manager.post('/api/structures', lecointre);
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      await t.deliverMails();
      const managerId = await userIdOf(t, 'daniel@lecointre.fr');
      const structureId = structure.body.id as number;
      account = await createTechnicalAccount(t.app.ctx, managerId, { structureId });
      await attachTechnicalAccount(t.app.ctx, managerId, account.id, { structureId, profiles: supplierProfiles });
      server = await startSftpServer(t.app.ctx, t.app.log, { port: 0, host: '127.0.0.1' });
      client = await OpenSshClient.create(server.port, server.hostPublicKey, account.login);
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    test('password sign-in, a Factur-X put in depot/ becomes a flow, integrated, its invoice sent', async () => {
      await writeFile(client.path('facture-fx.pdf'), await facturx('SFTP-FX-1'));
      const r = await client.sftp(['cd depot', 'put facture-fx.pdf', 'ls'], { password: account.password });
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      const deposit = await t.database.db
        .selectFrom('deposits')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(deposit.channel, 'EDI');
      assert.equal(deposit.file_name, 'facture-fx.pdf');
      assert.equal(deposit.flow_state, 'IN_RECU');
      await t.app.outbox.runDueJobs();
      const list = await manager.get('/api/invoices/issued');
      const inv = list.body.items.find((i: { number: string }) => i.number === 'SFTP-FX-1');
      assert.ok(inv, JSON.stringify(list.body.items.map((i: { number: string }) => i.number)));
      assert.notEqual(inv.status, 'BROUILLON');
    });
  });
}
