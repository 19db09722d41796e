// Issue 12: « Tableau de bord » of Factures émises and Factures reçues — counts and amounts by
// status, by month and by due date, equal to counts made in SQL and to the « Rechercher » each bar
// opens; both databases.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { businessDate, delayBucketDueDates, dgpRunningStatuses, monthDays, monthsBetween } from '@chorale/domain';
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

const CCI = '13001727000013';
const DAY = 86_400_000;
const PERIOD = 'from=2026-01-01&to=2026-03-31';

interface Entry {
  count: number;
  amounts: { currency: string; cents: number }[];
}
type ByStatus = (Entry & { status: string })[];
type ByMonth = (Entry & { month: string; status: string })[];
type Delay = (Entry & { bucket: 'LATE' | 'DUE_SOON' | 'ON_TIME' })[];

for (const kind of databaseKinds) {
  describe(`[${kind.name}] Tableau de bord: by status, by month, by due date`, () => {
    let t: TestApp;
    let supplier: TestClient;
    let entity: TestClient;
    let outsider: TestClient;
    let supplierId = 0;
    const ids: Record<string, number> = {};

    before(async () => {
      t = await startTestApp(kind, { DATA_DIR: `/tmp/chorale-dashboard-${kind.name}-${process.pid}` });
      await createActiveAccount(t, 'daniel@lecointre.fr');
      await createActiveAccount(t, 'achats@cci.fr');
      await createActiveAccount(t, 'curieux@ailleurs.fr');
      supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      supplierId = (await supplier.post('/api/structures', lecointre)).body.id;
      await assignMainManager(t.app.ctx, { identifier: CCI, email: 'achats@cci.fr' });
      entity = await signInWithMailCode(t, 'achats@cci.fr');
      outsider = await signInWithMailCode(t, 'curieux@ailleurs.fr');
      const make = async (key: string, invoiceDate: string, unitPrice: string, send = true) => {
        const draft = await supplier.post('/api/invoices', {
          supplierStructureId: supplierId,
          recipientIdentifier: CCI,
          paymentMode: 'CHEQUE',
          invoiceDate,
        });
        assert.equal(draft.status, 201, JSON.stringify(draft.body));
        ids[key] = draft.body.id;
        await supplier.post(`/api/invoices/${ids[key]}/lines`, {
          name: 'Chaises',
          quantity: '1',
          unitPrice,
          vatRate: '20',
        });
        if (send) assert.equal((await supplier.post(`/api/invoices/${ids[key]}/submit`)).status, 200);
      };
      await make('january', '2026-01-15', '1000'); // 1 200,00 TTC, stays « Mise à disposition »
      await make('paid', '2026-01-20', '200'); // 240,00 TTC, paid
      await make('rejected', '2026-03-02', '100'); // 120,00 TTC, rejected
      await make('draft', '2026-03-10', '50', false); // 60,00 TTC, never sent
      await make('older', '2025-06-01', '10'); // 12,00 TTC, before the period
      await t.deliverMails();
      const treat = async (id: number, status: string, reason = '') =>
        assert.equal((await entity.post(`/api/invoices/${id}/status`, { status, reason })).status, 200);
      await treat(ids.paid!, 'MISE_EN_PAIEMENT');
      await treat(ids.rejected!, 'REJETEE', 'Prix non conforme');
    });
    after(() => t.close());

    const dashboard = async (client: TestClient, side: 'issued' | 'received', query = PERIOD) => {
      const res = await client.get(`/api/invoices/${side}/dashboard?${query}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as { period: { from: string; to: string }; byStatus: ByStatus; byMonth: ByMonth; delay: Delay };
    };
    const counts = (rows: { status: string; count: number; month?: string }[]) =>
      Object.fromEntries(rows.map((r) => [r.month ? `${r.month} ${r.status}` : r.status, r.count]));

    test('Factures émises: by status, the figures of a count made in SQL', async () => {
      const d = await dashboard(supplier, 'issued');
      const sql = await t.database.db
        .selectFrom('invoices')
        .select((eb) => ['status', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('net_payable_cents').as('s')])
        .where('supplier_structure_id', '=', supplierId)
        .where('invoice_date', '>=', '2026-01-01')
        .where('invoice_date', '<=', '2026-03-31')
        .groupBy('status')
        .execute();
      assert.equal(sql.length, 4);
      assert.deepEqual(
        counts(d.byStatus),
        Object.fromEntries(sql.map((r) => [r.status, Number(r.n)])),
        'the dashboard counts what SQL counts',
      );
      assert.deepEqual(counts(d.byStatus), { MISE_A_DISPOSITION: 1, MISE_EN_PAIEMENT: 1, REJETEE: 1, BROUILLON: 1 });
      for (const r of sql)
        assert.deepEqual(d.byStatus.find((s) => s.status === r.status)?.amounts, [
          { currency: 'EUR', cents: Number(r.s) },
        ]);
      assert.deepEqual(d.byStatus.find((s) => s.status === 'MISE_A_DISPOSITION')?.amounts, [
        { currency: 'EUR', cents: 120_000 },
      ]);
    });

    test('by month of the invoice date; the period without dates is the last twelve months', async () => {
      const d = await dashboard(supplier, 'issued');
      assert.deepEqual(counts(d.byMonth), {
        '2026-01 MISE_A_DISPOSITION': 1,
        '2026-01 MISE_EN_PAIEMENT': 1,
        '2026-03 BROUILLON': 1,
        '2026-03 REJETEE': 1,
      });
      assert.equal(
        d.byMonth.find((m) => m.month === '2026-01' && m.status === 'MISE_EN_PAIEMENT')?.amounts[0]?.cents,
        24_000,
      );
      const all = await dashboard(supplier, 'issued', 'from=2025-01-01&to=2026-12-31');
      assert.equal(all.byMonth.find((m) => m.month === '2025-06')?.count, 1);
      const today = businessDate(t.app.ctx.now());
      const byDefault = await dashboard(supplier, 'issued', '');
      assert.equal(byDefault.period.to, today);
      assert.match(byDefault.period.from, /-01$/);
      assert.equal(monthsBetween(byDefault.period.from, today).length, 12);
    });

    test('each bar opens the « Rechercher » that finds exactly the invoices it counts', async () => {
      const d = await dashboard(supplier, 'issued');
      for (const s of d.byStatus) {
        const res = await supplier.get(
          `/api/invoices/issued?status=${s.status}&invoiceDateFrom=2026-01-01&invoiceDateTo=2026-03-31&structureId=${supplierId}`,
        );
        assert.equal(res.body.total, s.count, s.status);
      }
      for (const m of d.byMonth) {
        const { from, to } = monthDays(m.month);
        const res = await supplier.get(
          `/api/invoices/issued?status=${m.status}&invoiceDateFrom=${from}&invoiceDateTo=${to}`,
        );
        assert.equal(res.body.total, m.count, `${m.month} ${m.status}`);
      }
    });

    test('Factures reçues: the recipient never counts a draft; one structure or none', async () => {
      const d = await dashboard(entity, 'received');
      assert.deepEqual(counts(d.byStatus), { MISE_A_DISPOSITION: 1, MISE_EN_PAIEMENT: 1, REJETEE: 1 });
      const other = await dashboard(entity, 'received', `${PERIOD}&structureId=${supplierId}`);
      assert.deepEqual(other.byStatus, [], 'a structure not its own shows nothing');
      const stranger = await dashboard(outsider, 'issued');
      assert.deepEqual([stranger.byStatus, stranger.byMonth], [[], []]);
      assert.ok((await dashboard(outsider, 'received')).delay.every((b) => b.count === 0));
    });

    test('the payment period: on time, then due soon, then late; the urgent ones listed first', async () => {
      const running = async () => {
        const d = await dashboard(entity, 'received');
        return Object.fromEntries(d.delay.map((b) => [b.bucket, b.count]));
      };
      // Two invoices wait for payment (January's and the older one), delivered today: 30 days.
      assert.deepEqual(await running(), { LATE: 0, DUE_SOON: 0, ON_TIME: 2 });
      // Days pass: the sessions have ended meanwhile.
      const later = async (days: number) => {
        t.advance(days * DAY);
        entity = await signInWithMailCode(t, 'achats@cci.fr');
        supplier = await signInWithMailCode(t, 'daniel@lecointre.fr');
      };
      await later(27);
      assert.deepEqual(await running(), { LATE: 0, DUE_SOON: 2, ON_TIME: 0 });
      const soon = await entity.get(`/api/invoices/received/dashboard?${PERIOD}`);
      assert.deepEqual(
        soon.body.urgent.map((i: { id: number; payment: { dueSoon: boolean } }) => [i.id, i.payment.dueSoon]),
        [
          [ids.january, true],
          [ids.older, true],
        ],
      );
      await later(4);
      assert.deepEqual(await running(), { LATE: 2, DUE_SOON: 0, ON_TIME: 0 });
      const d = await dashboard(entity, 'received');
      assert.deepEqual(d.delay[0]?.amounts, [{ currency: 'EUR', cents: 121_200 }]);
      // The bars open the same invoices in « Rechercher ».
      const today = businessDate(t.app.ctx.now());
      const late = await entity.get('/api/invoices/received?late=true');
      assert.equal(late.body.total, 2);
      for (const bucket of ['DUE_SOON', 'ON_TIME'] as const) {
        const range = new URLSearchParams({
          status: dgpRunningStatuses.join(','),
          ...delayBucketDueDates(bucket, today),
        });
        assert.equal((await entity.get(`/api/invoices/received?${range}`)).body.total, 0, bucket);
      }
      const supplierSide = await dashboard(supplier, 'issued');
      assert.equal(supplierSide.delay[0]?.count, 2, 'the supplier sees its late invoices too');
    });

    test('a member of one service counts that service’s invoices only, as « Rechercher » finds them', async () => {
      const service = await supplier.post(`/api/structures/${supplierId}/services`, {
        code: 'ATELIER',
        name: 'Atelier',
      });
      assert.equal(service.status, 201, JSON.stringify(service.body));
      const draft = await supplier.post('/api/invoices', {
        supplierStructureId: supplierId,
        supplierServiceId: service.body.id,
        recipientIdentifier: CCI,
        paymentMode: 'CHEQUE',
        invoiceDate: '2026-02-10',
      });
      assert.equal(draft.status, 201, JSON.stringify(draft.body));
      await supplier.post(`/api/invoices/${draft.body.id}/lines`, {
        name: 'Tables',
        quantity: '2',
        unitPrice: '30',
        vatRate: '20',
      });
      assert.equal((await supplier.post(`/api/invoices/${draft.body.id}/submit`)).status, 200);
      await t.deliverMails();
      await createActiveAccount(t, 'atelier@lecointre.fr');
      const member = await signInWithMailCode(t, 'atelier@lecointre.fr');
      await member.post('/api/memberships', {
        structureId: supplierId,
        serviceId: service.body.id,
        comment: 'Bonjour',
      });
      for (const p of (await supplier.get('/api/memberships/pending')).body.items)
        await supplier.post(`/api/memberships/${p.id}/approve`, {});
      const members = (await supplier.get(`/api/structures/${supplierId}/members`)).body.items as {
        email: string;
        membershipId: number;
      }[];
      const membershipId = members.find((m) => m.email === 'atelier@lecointre.fr')!.membershipId;
      const profiles = await supplier.put(`/api/memberships/${membershipId}/profiles`, {
        profiles: [{ application: 'FACTURES_EMISES', level: 'consultation' }],
      });
      assert.equal(profiles.status, 204, JSON.stringify(profiles.body));

      const mine = await dashboard(member, 'issued');
      assert.deepEqual(counts(mine.byStatus), { MISE_A_DISPOSITION: 1 }, 'the service’s invoice alone');
      assert.deepEqual(mine.byStatus[0]?.amounts, [{ currency: 'EUR', cents: 7_200 }]);
      const found = await member.get('/api/invoices/issued?invoiceDateFrom=2026-01-01&invoiceDateTo=2026-03-31');
      assert.equal(found.body.total, 1);
      const all = await dashboard(supplier, 'issued');
      assert.equal(
        all.byStatus.find((b) => b.status === 'MISE_A_DISPOSITION')?.count,
        2,
        'the structure counts it too',
      );
    });

    test('a period backwards or too long is refused, with the reason on the field', async () => {
      const backwards = await supplier.get('/api/invoices/issued/dashboard?from=2026-03-01&to=2026-01-01');
      assert.equal(backwards.status, 400);
      assert.equal(backwards.body.error.fields.to, 'La fin de la période doit suivre son début.');
      const long = await supplier.get('/api/invoices/issued/dashboard?from=2020-01-01&to=2026-01-01');
      assert.equal(long.status, 400);
      assert.match(long.body.error.fields.to, /au plus 36 mois/);
      const bad = await supplier.get('/api/invoices/issued/dashboard?from=janvier');
      assert.equal(bad.status, 400);
    });
  });
}
