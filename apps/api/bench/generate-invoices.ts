import type { Db } from '../src/platform/context.ts';
import { CCI } from '../src/modules/intake/intake-test-support.ts';

/**
 * Invoices made by the database itself for `npm run bench` (million.bench.ts): one statement per
 * chunk, `insert … select` over generate_series (PostgreSQL) or a recursive CTE (SQLite). One
 * invoice in 20 comes from the bench supplier and one in 9 goes to the CCI; the others spread over
 * the directory's structures; statuses, dates over 700 days, amounts and commitment numbers vary.
 */
export interface GenerationParams {
  supplier: number;
  cci: number;
  /** Ids first … first + count - 1 (the structures added here). */
  suppliers: { first: number; count: number };
  recipients: { first: number; count: number };
  user: number;
}

/** Structures the bench adds to the directory, so that invoices spread over many of them. */
const EXTRA_SUPPLIERS = 300;
const EXTRA_RECIPIENTS = 60;

/**
 * The structures and the user the generated invoices use: the directory's, plus suppliers and
 * public entities added here (identifiers 99…, never real SIRETs).
 */
export async function generationParams(db: Db, supplier: number): Promise<GenerationParams> {
  const now = new Date().toISOString();
  const extra = (kind: 'PRIVEE' | 'PUBLIQUE', count: number, offset: number) =>
    Array.from({ length: count }, (_, i) => ({
      identifier_type: 'SIRET',
      identifier: String(99_000_000_000_000 + offset + i),
      kind,
      company_name: `${kind === 'PRIVEE' ? 'FOURNISSEUR' : 'ENTITE PUBLIQUE'} DE BANC ${i + 1}`,
      country_code: 'FR',
      created_at: now,
      updated_at: now,
    }));
  await db
    .insertInto('structures')
    .values([...extra('PRIVEE', EXTRA_SUPPLIERS, 0), ...extra('PUBLIQUE', EXTRA_RECIPIENTS, 10_000)])
    .execute();
  const range = async (kind: 'PRIVEE' | 'PUBLIQUE', count: number) => {
    const first = await db
      .selectFrom('structures')
      .select((eb) => eb.fn.min<number>('id').as('id'))
      .where('identifier', 'like', '99%')
      .where('kind', '=', kind)
      .executeTakeFirstOrThrow();
    return { first: Number(first.id), count };
  };
  const cci = (await db.selectFrom('structures').select('id').where('identifier', '=', CCI).executeTakeFirstOrThrow())
    .id;
  const user = (await db.selectFrom('users').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  return {
    supplier,
    cci,
    suppliers: await range('PRIVEE', EXTRA_SUPPLIERS),
    recipients: await range('PUBLIQUE', EXTRA_RECIPIENTS),
    user,
  };
}

/** The state of invoice n: 1 % drafts, 3 % returned to the supplier, the others on their way. */
const statusOf = (n: string) => `case
  when ${n} % 100 = 0 then 'BROUILLON' when ${n} % 100 = 1 then 'A_RECYCLER'
  when ${n} % 100 = 2 then 'REJETEE' when ${n} % 100 = 3 then 'SUSPENDUE'
  when ${n} % 100 < 30 then 'MISE_A_DISPOSITION' when ${n} % 100 < 40 then 'PRISE_EN_COMPTE_DESTINATAIRE'
  when ${n} % 100 < 60 then 'SERVICE_FAIT' else 'MISE_EN_PAIEMENT' end`;

const pick = (n: string, ids: { first: number; count: number }) => `${ids.first} + ${n} % ${ids.count}`;

/** One statement writing invoices from+1 … to, the numbers made by the database itself. */
export function generate(dialect: 'sqlite' | 'postgres', from: number, to: number, p: GenerationParams) {
  const day = (offset: string) =>
    dialect === 'postgres'
      ? `to_char(date '2025-01-01' + (${offset})::int, 'YYYY-MM-DD')`
      : `date('2025-01-01', '+' || (${offset}) || ' days')`;
  const at = `${day('n % 700')} || 'T09:30:00.000Z'`;
  const status = statusOf('(n / 7)');
  const columns = {
    draft_number: `'BENCH' || n`,
    number: `case when (n / 7) % 100 = 0 then null else 'B' || n end`,
    supplier_structure_id: `case when n % 20 = 1 then ${p.supplier} else ${pick('n', p.suppliers)} end`,
    recipient_structure_id: `case when n % 9 = 0 then ${p.cci} else ${pick('n', p.recipients)} end`,
    billing_framework: `'A1_FACTURE_FOURNISSEUR'`,
    currency: `'EUR'`,
    type: `case when n % 50 = 7 then 'AVOIR' else 'FACTURE' end`,
    vat_type: `'TVA_SUR_DEBIT'`,
    payment_mode: `'VIREMENT'`,
    invoice_date: day('n % 700'),
    commitment_number: `case when n % 3 = 0 then 'EJ' || (n % 5000) else null end`,
    total_net_cents: `(n % 100000) * 10`,
    total_vat_cents: `(n % 100000) * 2`,
    total_gross_cents: `(n % 100000) * 12`,
    net_payable_cents: `(n % 100000) * 12`,
    status,
    status_at: at,
    deposited_at: `case when (n / 7) % 100 = 0 then null else ${at} end`,
    made_available_at: `case when (n / 7) % 100 < 4 then null else ${at} end`,
    due_date: `case when (n / 7) % 100 < 4 then null else ${day('n % 700 + 30')} end`,
    created_by: String(p.user),
    created_at: at,
    updated_at: at,
  };
  const names = Object.keys(columns).join(', ');
  const values = Object.values(columns).join(',\n ');
  return dialect === 'postgres'
    ? `insert into invoices (${names}) select ${values} from generate_series(${from + 1}, ${to}) as g(n)`
    : `with recursive g(n) as (select ${from + 1} union all select n + 1 from g where n < ${to})
       insert into invoices (${names}) select ${values} from g`;
}
