// Issue 12: « Rechercher » (every webinar criterion, sorting, 50 lines a page) and the CSV / XLSX
// exports of all the results, through HTTP, on both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { addDays, businessDate, formatParisDate } from '@chorale/domain';
import {
  createActiveAccount,
  databaseKinds,
  signInWithMailCode,
  startTestApp,
  type TestApp,
  type TestClient,
} from '../../testing/test-app.ts';
import { assignMainManager } from '../organisation/assign-main-manager.ts';
import { lecointre } from '../../testing/fixtures.ts';

const line = (unitPrice: string, quantity = '1') => ({ name: 'Chaises A Tolux', quantity, unitPrice, vatRate: '20' });

/** The bytes of a download as the browser gets them (the test client reads text). */
async function download(t: TestApp, client: TestClient, url: string) {
  const res = await t.app.inject({
    method: 'GET',
    url,
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    remoteAddress: '198.51.100.1',
  });
  return { status: res.statusCode, headers: res.headers, bytes: res.rawPayload };
}

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Rechercher: criteria, sorting, paging and exports`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let outsider: TestClient;
    let supplierId = 0;
    const n: Record<string, string> = {};

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-search-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      await createActiveAccount(t, 'curieux@ailleurs.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: '13001727000013', email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      outsider = await signInWithMailCode(t, 'curieux@ailleurs.fr');
      const make = async (key: string, header: Record<string, unknown>, price: string, send = true) => {
        const draft = await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: '13001727000013',
          paymentMode: 'CHEQUE',
          invoiceDate: '2026-01-15',
          ...header,
        });
        assert.equal(draft.status, 201, JSON.stringify(draft.body));
        await supplier.post(`/api/invoices/${draft.body.id}/lines`, line(price));
        if (send) {
          const sent = await supplier.post(`/api/invoices/${draft.body.id}/submit`);
          assert.equal(sent.status, 200, JSON.stringify(sent.body));
          n[key] = sent.body.number;
        } else n[key] = draft.body.draftNumber;
      };
      // 1 200,00 TTC to the CCI, service ACHATS, with commitment and market numbers.
      await make(
        'achats',
        {
          number: 'F-ACH-1',
          recipientServiceCode: 'ACHATS',
          commitmentNumber: 'ENG-2026-001',
          marketNumber: 'MARCHE-42',
        },
        '1000',
      );
      // 240,00 TTC to the CCI, service FORMATION, already paid (A2), dated in March.
      await make(
        'formation',
        {
          number: 'F-FOR-2',
          recipientServiceCode: 'FORMATION',
          billingFramework: 'A2_FACTURE_FOURNISSEUR_DEJA_PAYEE',
          invoiceDate: '2026-03-02',
        },
        '200',
      );
      // A credit note of 120,00 TTC to the CCI.
      await make('avoir', { number: 'AV-3', type: 'AVOIR', originalInvoiceNumber: 'F-ACH-1' }, '100');
      // 3 600,00 TTC to the State.
      await make(
        'etat',
        {
          number: 'F-ETAT-4',
          recipientIsState: true,
          recipientIdentifier: '',
          recipientServiceCode: 'FACTURES_PUBLIQUES',
          commitmentNumber: 'ETAT-ENG-9',
        },
        '3000',
      );
      // A draft to the Commune de Lyon, never sent.
      await make('brouillon', { recipientIdentifier: '21690123100011', commitmentNumber: 'LYON-1' }, '50', false);
      await t.app.outbox.runDueJobs();
    });
    after(() => t.close());

    const numbers = async (client: TestClient, side: 'issued' | 'received', query: string) => {
      const res = await client.get(`/api/invoices/${side}?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return (res.body.items as { number: string }[]).map((i) => i.number).sort();
    };
    const issued = (query: string) => numbers(supplier, 'issued', query);
    const received = (query: string) => numbers(entity, 'received', query);

    test('no criterion: every invoice the supplier issued, 50 lines a page by default', async () => {
      const res = await supplier.get('/api/invoices/issued');
      assert.equal(res.body.pageSize, 50);
      assert.equal(res.body.total, 5);
      assert.deepEqual(await issued(''), Object.values(n).sort());
    });

    test('Destinataire : État, Hors État, Toutes structures; a structure by name, SIRET or SIREN', async () => {
      assert.deepEqual(await issued('recipientScope=ETAT'), [n.etat]);
      assert.deepEqual(await issued('recipientScope=HORS_ETAT'), [n.achats, n.avoir, n.brouillon, n.formation].sort());
      assert.equal((await issued('recipientScope=TOUTES')).length, 5);
      assert.deepEqual(await issued('counterparty=commune'), [n.brouillon]);
      assert.deepEqual(await issued('counterparty=13001727000013'), [n.achats, n.avoir, n.formation].sort());
      // « Rechercher sur le SIREN »: the 9 first digits find every establishment of the company
      assert.deepEqual(await issued('counterparty=130017270&siren=true'), [n.achats, n.avoir, n.formation].sort());
      assert.deepEqual(await issued('counterparty=130017270&siren=false'), [n.achats, n.avoir, n.formation].sort());
      assert.deepEqual(await issued('counterparty=130017271&siren=true'), []);
      // a LIKE wildcard is a literal character, not « anything »
      assert.deepEqual(await issued('counterparty=%25'), []);
    });

    test('Service, période de date fournisseur, numéro, type, cadre, état courant', async () => {
      assert.deepEqual(await issued('counterpartyService=format'), [n.formation]);
      assert.deepEqual(await issued('invoiceDateFrom=2026-03-01&invoiceDateTo=2026-03-31'), [n.formation]);
      assert.deepEqual(await issued('invoiceDateTo=2026-02-28&recipientScope=ETAT'), [n.etat]);
      assert.deepEqual(await issued('number=etat'), [n.etat]);
      assert.deepEqual(await issued('type=AVOIR'), [n.avoir]);
      assert.deepEqual(await issued('billingFramework=A2_FACTURE_FOURNISSEUR_DEJA_PAYEE'), [n.formation]);
      assert.deepEqual(await issued('status=BROUILLON'), [n.brouillon]);
      assert.deepEqual(await issued('status=BROUILLON,REJETEE'), [n.brouillon]);
      assert.equal((await issued('status=MISE_A_DISPOSITION')).length, 4);
      const bad = await supplier.get('/api/invoices/issued?status=PAYEE');
      assert.equal(bad.status, 400);
    });

    test('Fournisseur / service fournisseur: the supplier’s own structure', async () => {
      assert.equal((await issued(`structureId=${supplierId}`)).length, 5);
      assert.deepEqual(await issued(`structureId=${supplierId + 999}`), []);
    });

    test('critères avancés: amounts TTC, dates de dépôt, engagement, marché', async () => {
      assert.deepEqual(await issued('amountMin=1200'), [n.achats, n.etat].sort());
      assert.deepEqual(await issued('amountMin=200&amountMax=1199,99'), [n.formation]);
      const today = businessDate(new Date()); // the Paris day, as the deposit dates are
      assert.equal((await issued(`depositedFrom=${today}&depositedTo=${today}`)).length, 4); // drafts have none
      assert.deepEqual(await issued('depositedTo=2020-01-01'), []);
      assert.deepEqual(await issued('commitmentNumber=eng-2026'), [n.achats]);
      assert.deepEqual(await issued('marketNumber=42'), [n.achats]);
      assert.deepEqual(await issued('commitmentNumber=eng&marketNumber=42&recipientScope=HORS_ETAT'), [n.achats]);
      const bad = await supplier.get('/api/invoices/issued?amountMin=abc');
      assert.equal(bad.status, 400);
    });

    test('three criteria at once', async () => {
      assert.deepEqual(
        await issued('recipientScope=HORS_ETAT&type=FACTURE&amountMax=500'),
        [n.brouillon, n.formation].sort(),
      );
    });

    test('sorting on a column, both ways, and paging', async () => {
      const order = async (q: string) =>
        ((await supplier.get(`/api/invoices/issued?${q}`)).body.items as { number: string }[]).map((i) => i.number);
      assert.deepEqual(await order('sort=gross&order=asc'), [n.brouillon, n.avoir, n.formation, n.achats, n.etat]);
      assert.deepEqual(await order('sort=gross&order=desc'), [n.etat, n.achats, n.formation, n.avoir, n.brouillon]);
      assert.deepEqual(
        await order('sort=invoiceDate&order=desc&recipientScope=HORS_ETAT&type=FACTURE').then((x) => x[0]),
        n.formation,
      );
      const page2 = await supplier.get('/api/invoices/issued?sort=gross&order=asc&pageSize=2&page=2');
      assert.equal(page2.body.total, 5);
      assert.deepEqual(
        page2.body.items.map((i: { number: string }) => i.number),
        [n.formation, n.achats],
      );
    });

    test('the recipient searches what it received, by supplier, service and state; never drafts', async () => {
      assert.deepEqual(await received(''), [n.achats, n.avoir, n.formation].sort());
      assert.deepEqual(await received('counterparty=lecointre'), [n.achats, n.avoir, n.formation].sort());
      assert.deepEqual(
        await received('counterparty=899346076&siren=true&type=FACTURE'),
        [n.achats, n.formation].sort(),
      );
      assert.deepEqual(await received('counterpartyService=achats'), [n.achats]);
      const row = (await entity.get('/api/invoices/received?number=F-ACH-1')).body.items[0];
      assert.equal(row.payment.daysElapsed, 0);
      assert.equal(row.payment.late, false);
      assert.equal(row.netCents, 100000);
      assert.equal(row.netPayableCents, 120000);
      // someone with no membership sees nothing
      assert.deepEqual(await numbers(outsider, 'issued', ''), []);
      assert.deepEqual(await numbers(outsider, 'received', ''), []);
    });

    test('CSV export: every result (not one page), French spreadsheet conventions', async () => {
      const res = await download(
        t,
        supplier,
        '/api/invoices/issued/export.csv?recipientScope=HORS_ETAT&sort=gross&order=desc&pageSize=1',
      );
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.equal(res.headers['x-total-count'], '4');
      const text = res.bytes.toString('utf8');
      assert.ok(text.startsWith('\uFEFF'), 'BOM for Excel');
      const lines = text.slice(1).trimEnd().split('\r\n');
      assert.equal(lines.length, 5);
      assert.match(lines[0]!, /^Type facture;Fournisseur \(identifiant\);Fournisseur;Destinataire \(identifiant\)/);
      const first = lines[1]!.split(';');
      assert.deepEqual(
        [
          first[0],
          first[1],
          first[3],
          first[5],
          first[6],
          first[7],
          first[9],
          first[10],
          first[12],
          first[14],
          first[15],
        ],
        [
          'Facture',
          '89934607600024',
          '13001727000013',
          'ACHATS',
          n.achats,
          '15/01/2026',
          '1000,00',
          '1200,00',
          'Mise à disposition du destinataire',
          'ENG-2026-001',
          'MARCHE-42',
        ],
      );
      assert.equal(lines[4]!.split(';')[6], n.brouillon);
      // the outsider exports nothing but the header
      const none = await download(t, outsider, '/api/invoices/issued/export.csv');
      assert.equal(none.bytes.toString('utf8').trimEnd().split('\r\n').length, 1);
    });

    test('payment delay: 30 days from « Mise à disposition », then late with interest (ECB + 8 points, + 40 €)', async () => {
      const row = (await entity.get('/api/invoices/received?number=F-ACH-1')).body.items[0];
      const onTime = (await entity.get(`/api/invoices/${row.id}`)).body.payment;
      assert.equal(onTime.periodDays, 30);
      assert.equal(onTime.late, false);
      assert.equal(onTime.interest, null);
      // The invoice reached its recipient 40 days ago: 10 days late on 1 200,00 TTC.
      // 40 calendar days back in Paris, at noon UTC (the same Paris day at any hour and season:
      // 40 × 24 h back from 23:05 in December lands on the next Paris day of October, in summer time).
      const madeDay = addDays(businessDate(new Date()), -40);
      const made = new Date(`${madeDay}T12:00:00Z`);
      await t.app.ctx.db
        .updateTable('invoices')
        .set({ made_available_at: made.toISOString(), due_date: addDays(madeDay, 30) })
        .where('id', '=', row.id)
        .execute();
      const late = (await entity.get(`/api/invoices/${row.id}`)).body.payment;
      assert.deepEqual([late.daysElapsed, late.daysLate, late.late], [40, 10, true]);
      const rate = Number(late.interest.ratePercent);
      assert.equal(rate, Number(late.interest.ecbRate) + 8);
      assert.equal(late.interest.interestCents, Math.round((120_000 * rate * 10) / 100 / 365));
      assert.equal(late.interest.indemnityCents, 4000);
      const listed = (await entity.get('/api/invoices/received?late=true')).body.items;
      assert.deepEqual(
        listed.map((i: { number: string }) => i.number),
        [n.achats],
      );
      assert.deepEqual([listed[0].payment.late, listed[0].payment.daysLate], [true, 10]);
    });

    test('XLSX export: a workbook with typed cells, every result', async () => {
      const res = await download(t, entity, '/api/invoices/received/export.xlsx?sort=number&order=asc');
      assert.equal(res.status, 200);
      assert.match(String(res.headers['content-type']), /spreadsheetml/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.bytes as unknown as ArrayBuffer);
      const sheet = wb.worksheets[0]!;
      assert.equal(sheet.name, 'Factures reçues');
      assert.equal(sheet.getRow(1).getCell(1).value, 'Type facture');
      assert.equal(sheet.actualRowCount, 4);
      const values = [2, 3, 4].map((r) => sheet.getRow(r).getCell(7).value);
      assert.deepEqual(values, [n.avoir, n.achats, n.formation].sort());
      const achats = [2, 3, 4].map((r) => sheet.getRow(r)).find((r) => r.getCell(7).value === n.achats)!;
      assert.equal(achats.getCell(11).value, 1200);
      assert.equal(achats.getCell(6).value, 'ACHATS');
      assert.ok(achats.getCell(8).value instanceof Date);
      assert.equal((achats.getCell(8).value as Date).toISOString().slice(0, 10), '2026-01-15');
      assert.equal(achats.getCell(21).value, 'oui'); // made late by the previous test
    });

    test('CSV export: each line says what the list says (Paris days across midnight and DST, due date, days, late)', async () => {
      // Instants near midnight in Paris, on both sides of the 2026 clock changes (29 March, 25 October).
      const items = (await entity.get('/api/invoices/received?sort=number&order=asc')).body.items as {
        id: number;
      }[];
      const instants = ['2026-03-28T23:30:00.000Z', '2026-03-29T00:30:00.000Z', '2026-10-24T22:30:00.000Z'];
      for (const [i, item] of items.entries())
        await t.app.ctx.db
          .updateTable('invoices')
          .set({ status_at: instants[i % 3]!, deposited_at: instants[(i + 1) % 3]! })
          .where('id', '=', item.id)
          .execute();
      const listed = (await entity.get('/api/invoices/received?sort=number&order=asc')).body.items as {
        number: string;
        statusAt: string;
        depositedAt: string;
        payment: { dueDate: string; daysElapsed: number; late: boolean } | null;
      }[];
      const csv = await download(t, entity, '/api/invoices/received/export.csv?sort=number&order=asc');
      const lines = csv.bytes.toString('utf8').slice(1).trimEnd().split('\r\n').slice(1);
      assert.equal(lines.length, listed.length);
      assert.ok(
        listed.some((i) => i.payment),
        'an invoice with a due date',
      );
      for (const [i, item] of listed.entries()) {
        const cells = lines[i]!.split(';');
        assert.deepEqual(
          [cells[6], cells[8], cells[13], cells[18], cells[19], cells[20]],
          [
            item.number,
            formatParisDate(businessDate(new Date(item.depositedAt)), ''),
            formatParisDate(businessDate(new Date(item.statusAt)), ''),
            formatParisDate(item.payment?.dueDate ?? '', ''),
            item.payment ? String(item.payment.daysElapsed) : '',
            item.payment ? (item.payment.late ? 'oui' : 'non') : '',
          ],
        );
      }
      // The Paris days themselves (not the UTC ones): 29/03 (00:30 winter time, 01:30), 25/10 (00:30 summer time).
      assert.deepEqual(
        instants.map((x) => formatParisDate(businessDate(new Date(x)), '')),
        ['29/03/2026', '29/03/2026', '25/10/2026'],
      );
    });
  });
}
