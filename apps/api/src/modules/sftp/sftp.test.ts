import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ssh2 from 'ssh2';
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
import { CCI, facturxSample as facturx, fiveLineUbl, tarGz } from '../intake/intake-test-support.ts';
import { startSftpServer, type SftpServer } from './sftp-server.ts';
import { writeFlowReports } from './return-jobs.ts';
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
      // Whatever `before` reached: a server left open would keep the test process alive.
      await server?.close();
      await t?.close();
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

    const deposits = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('deposits')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    test('key sign-in: a 20-invoice .tar.gz (2 invalid) ends IN_INTEGRE_PARTIEL; reports and status returns read back from retour/; the manager follows the flow', async () => {
      const publicKey = await client.keygen('id_edi');
      const added = await manager.post(`/api/technical-accounts/${account.id}/ssh-keys`, { publicKey });
      assert.equal(added.status, 201, JSON.stringify(added.body));
      assert.match(added.body.fingerprint, /^SHA256:/);
      const batch = tarGz(
        Array.from({ length: 20 }, (_, i) => ({
          name: `lot/facture-${i + 1}.xml`,
          bytes:
            i === 4
              ? Buffer.from('<notes>pas une facture</notes>')
              : i === 11
                ? Buffer.from(
                    fiveLineUbl(`SFTP-LOT-${i + 1}`)
                      .toString('utf8')
                      .replaceAll(lecointre.identifier, '35600000000048'),
                  )
                : fiveLineUbl(`SFTP-LOT-${i + 1}`),
        })),
      );
      await writeFile(client.path('IN_DP_E1_UBL_INVOICE_lot.tar.gz'), batch);
      const put = await client.sftp(['cd depot', 'put IN_DP_E1_UBL_INVOICE_lot.tar.gz'], { key: 'id_edi' });
      assert.equal(put.code, 0, `${put.stdout}\n${put.stderr}`);
      const flow = await t.database.db
        .selectFrom('deposits')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(flow.syntax, 'IN_DP_E1_UBL_INVOICE', 'the syntax comes from the file name');
      await t.app.outbox.runDueJobs();
      await t.app.outbox.runDueJobs();

      const followed = (await manager.get('/api/invoices/deposits')).body;
      const mine = followed.items.find((f: { depositId: number }) => f.depositId === flow.id);
      assert.ok(mine, 'the manager sees the flow of his structure’s technical account');
      assert.equal(mine.flowState, 'IN_INTEGRE_PARTIEL');
      assert.equal(mine.channel, 'EDI');
      assert.deepEqual(mine.summary, { total: 20, integrated: 18, refused: 2 });

      const report = await manager.get(`/api/invoices/deposits/${flow.id}/report`);
      assert.equal(report.status, 200, 'the manager reads its report');
      // Someone who does not manage the account's structure sees nothing of it.
      const other = await signInWithMailCode(t, 'achats@cci.fr');
      assert.ok(
        !(await other.get('/api/invoices/deposits')).body.items.some(
          (f: { depositId: number }) => f.depositId === flow.id,
        ),
      );
      assert.equal((await other.get(`/api/invoices/deposits/${flow.id}/report`)).status, 404);
      const number = mine.flowNumber as string;
      const got = await client.sftp(['cd retour', 'ls -l', `get CR_${number}.json`, `get CR_${number}.pdf`], {
        key: 'id_edi',
      });
      assert.equal(got.code, 0, `${got.stdout}\n${got.stderr}`);
      const cr = JSON.parse(await readFile(client.path(`CR_${number}.json`), 'utf8'));
      assert.equal(cr.numeroFluxDepot, number);
      assert.equal(cr.etatCourantFlux, 'IN_INTEGRE_PARTIEL');
      assert.equal(cr.listeFacturesIntegrees.length, 18);
      assert.equal(cr.listeErreurDP.length, 2);
      for (const e of cr.listeErreurDP) assert.match(e.libelleErreurDP, /refusée/);
      const pdf = await readFile(client.path(`CR_${number}.pdf`));
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
      // A report job run again (after a crash) writes nothing twice.
      await writeFlowReports(t.app.ctx, { depositId: flow.id });
      const reports = await t.database.db
        .selectFrom('edi_return_files')
        .select('name')
        .where('deposit_id', '=', flow.id)
        .where('kind', 'in', ['RAPPORT_PDF', 'RAPPORT_JSON'])
        .execute();
      assert.deepEqual(reports.map((r) => r.name).sort(), [`CR_${number}.json`, `CR_${number}.pdf`]);

      const issued = (await manager.get('/api/invoices/issued?pageSize=100')).body.items.map(
        (i: { number: string }) => i.number,
      );
      assert.ok(issued.includes('SFTP-LOT-1') && issued.includes('SFTP-LOT-20'), JSON.stringify(issued));
      assert.ok(!issued.includes('SFTP-LOT-5'));

      // Status returns: every change of the flow's invoices (deposit, then routing to the recipient).
      await t.app.outbox.runDueJobs();
      const listing = got.stdout + (await client.sftp(['ls retour'], { key: 'id_edi' })).stdout;
      assert.match(listing, /STATUT_\d{8}T\d{6}Z_\d+_\d+_DEPOSEE\.json/);
      const returns = await t.database.db
        .selectFrom('edi_return_files')
        .select(['name', 'content'])
        .where('kind', '=', 'STATUT')
        .where('deposit_id', '=', flow.id)
        .execute();
      const available = returns.find((r) => r.name.endsWith('_MISE_A_DISPOSITION.json'));
      assert.ok(available, returns.map((r) => r.name).join(', '));
      const status = JSON.parse(available.content!);
      assert.equal(status.numeroFluxDepot, number);
      assert.equal(status.statut, 'MISE_A_DISPOSITION');
      assert.equal(status.identifiantDestinataire, CCI);
    });

    test('a key not registered is refused; cd .. out of the root and other paths are refused', async () => {
      await client.keygen('id_other');
      const wrong = await client.sftp(['ls'], { key: 'id_other' });
      assert.notEqual(wrong.code, 0);
      assert.match(wrong.stderr, /Permission denied|Connection closed/);

      const up = await client.sftp(['cd ..'], { key: 'id_edi' });
      assert.notEqual(up.code, 0);
      assert.match(up.stderr, /il sort de votre dossier SFTP/);
      const escape = await client.sftp(['get ../../etc/passwd'], { key: 'id_edi' });
      assert.notEqual(escape.code, 0);
      const absolute = await client.sftp(['ls /etc'], { key: 'id_edi' });
      assert.notEqual(absolute.code, 0);
      assert.match(absolute.stderr, /not found|No such file/);
      const link = await client.sftp(['symlink retour depot/lien'], { key: 'id_edi' });
      assert.notEqual(link.code, 0);
      const root = await client.sftp(['ls'], { key: 'id_edi' });
      assert.equal(root.code, 0, root.stderr);
      assert.deepEqual(
        root.stdout
          .replace(/^sftp> .*$/gm, '')
          .split(/\s+/)
          .filter(Boolean)
          .sort(),
        ['depot', 'retour'],
      );
    });

    test('an interrupted upload leaves nothing: no flow, no temporary file', async () => {
      const before = await deposits();
      await new Promise<void>((resolve, reject) => {
        const c = new ssh2.Client();
        c.on('error', reject);
        c.on('ready', () =>
          c.sftp((err, sftp) => {
            if (err) return reject(err);
            sftp.open('/depot/coupe.xml', 'w', (err2, handle) => {
              if (err2) return reject(err2);
              sftp.write(handle, fiveLineUbl('SFTP-COUPE'), 0, 200, 0, (err3) => {
                if (err3) return reject(err3);
                // The connection drops before CLOSE.
                c.end();
              });
            });
          }),
        );
        c.on('close', () => resolve());
        c.connect({ host: '127.0.0.1', port: server.port, username: account.login, password: account.password });
      });
      await new Promise((r) => setTimeout(r, 300));
      await t.app.outbox.runDueJobs();
      assert.equal(await deposits(), before);
      const uploads = join(t.app.ctx.config.dataDir, 'sftp', 'uploads', String(process.pid));
      assert.deepEqual(await readdir(uploads), []);
    });

    test('a file sent under a temporary name is deposited when renamed; an empty file is refused with its reason in retour/', async () => {
      const before = await deposits();
      await writeFile(client.path('f.xml'), fiveLineUbl('SFTP-PART-1'));
      await writeFile(client.path('vide.xml'), '');
      const r = await client.sftp(
        ['cd depot', 'put f.xml f.xml.part', 'rename f.xml.part IN_DP_E1_UBL_INVOICE_f.xml', '-put vide.xml'],
        { password: account.password },
      );
      assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
      assert.equal(await deposits(), before + 1, 'only the renamed file became a flow');
      const flow = await t.database.db
        .selectFrom('deposits')
        .selectAll()
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      assert.equal(flow.file_name, 'IN_DP_E1_UBL_INVOICE_f.xml');
      assert.equal(flow.syntax, 'IN_DP_E1_UBL_INVOICE');
      const refusal = await t.database.db
        .selectFrom('edi_return_files')
        .select(['name', 'content'])
        .where('kind', '=', 'REFUS')
        .executeTakeFirstOrThrow();
      assert.match(refusal.name, /^REFUS_\d{8}T\d{6}Z_vide\.xml\.json$/);
      assert.match(JSON.parse(refusal.content!).motif, /vide/);
    });
  });
}
