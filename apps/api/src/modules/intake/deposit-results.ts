import { depositStateOf, flowNumberOf, type FlowState, type FlowSyntax } from '@chorale/domain';
import type { DepositItem, DepositPage, DepositResult, DepositSummary } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext, Db } from '../../platform/context.ts';
import { summarise } from './deposit-files.ts';
import type { IntakeActor } from './intake-file.ts';

/**
 * « Suivi des flux »: what a user may read of the flows he deposited (deposits.ts opens and reads
 * them), and of those of the technical accounts of the structures he manages.
 */

export const depositNotFound = () => new AppError('NOT_FOUND', 'Dépôt (flux) introuvable.');

type DepositRow = Awaited<ReturnType<typeof loadDeposit>>;

async function loadDeposit(db: Db, depositId: number) {
  return db.selectFrom('deposits').selectAll().where('id', '=', depositId).executeTakeFirst();
}

/**
 * The technical accounts (API, EDI) of the structures this user is main manager of: he follows
 * their flows in « Suivi des flux » as his own (issue 11).
 */
const managedTechnicalUsers = (db: Db, userId: number) =>
  db
    .selectFrom('cpro_technical_accounts as a')
    .innerJoin('memberships as m', 'm.structure_id', 'a.structure_id')
    .select('a.user_id')
    .where('m.user_id', '=', userId)
    .where('m.role', '=', 'MAIN_MANAGER')
    .where('m.status', '=', 'VALIDEE')
    .where('m.service_id', 'is', null);

/**
 * Who may read a flow: the user who deposited it (the technical account of an API or EDI
 * connection acts as its own user), and the main managers of that technical account's structure.
 * Anyone else is told it does not exist.
 */
export async function readableDeposit(ctx: AppContext, userId: number, depositId: number) {
  const d = await loadDeposit(ctx.db, depositId);
  if (!d) throw depositNotFound();
  if (d.user_id === userId) return d;
  const managed = await managedTechnicalUsers(ctx.db, userId).where('a.user_id', '=', d.user_id).executeTakeFirst();
  if (!managed) throw depositNotFound();
  return d;
}

export function flowFields(d: NonNullable<DepositRow>) {
  const flowState = d.flow_state as FlowState;
  return {
    depositId: d.id,
    flowNumber: flowNumberOf(d.id, d.created_at),
    syntax: (d.syntax as FlowSyntax | null) ?? null,
    flowState,
    flowStateAt: d.flow_state_at ?? d.updated_at,
    receivedAt: d.created_at,
    channel: d.channel as IntakeActor['channel'],
  };
}

/** The finished entries of a flow, in file order. */
export async function depositItems(db: Db, depositId: number): Promise<DepositItem[]> {
  const rows = await db
    .selectFrom('deposit_entries')
    .select('result')
    .where('deposit_id', '=', depositId)
    .where('result', 'is not', null)
    .orderBy('position')
    .execute();
  return rows.map((r) => JSON.parse(r.result!) as DepositItem);
}

export async function depositResult(ctx: AppContext, userId: number, depositId: number): Promise<DepositResult> {
  const d = await readableDeposit(ctx, userId, depositId);
  const items = await depositItems(ctx.db, d.id);
  const fields = flowFields(d);
  return {
    ...fields,
    state: depositStateOf(fields.flowState, d.error !== null),
    progress: d.progress,
    stage: d.stage,
    fileName: d.file_name,
    kind: d.kind,
    items,
    summary: summarise(items),
    error: d.error,
  };
}

/**
 * « Suivi des flux »: the user's flows and those of the technical accounts of the structures he
 * manages (SFTP, API), most recent first, with their counts.
 */
export async function listDeposits(
  ctx: AppContext,
  userId: number,
  query: { flowState?: FlowState; page: number; pageSize: number },
): Promise<DepositPage> {
  let base = ctx.db
    .selectFrom('deposits')
    .where((eb) => eb.or([eb('user_id', '=', userId), eb('user_id', 'in', managedTechnicalUsers(ctx.db, userId))]));
  if (query.flowState) base = base.where('flow_state', '=', query.flowState);
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base
    .selectAll()
    .orderBy('id', 'desc')
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize)
    .execute();
  const counts = rows.length
    ? await ctx.db
        .selectFrom('deposit_entries')
        .select((eb) => ['deposit_id', 'outcome', eb.fn.countAll().as('n')])
        .where(
          'deposit_id',
          'in',
          rows.map((r) => r.id),
        )
        .where('outcome', 'is not', null)
        .groupBy(['deposit_id', 'outcome'])
        .execute()
    : [];
  const items: DepositSummary[] = rows.map((d) => {
    const mine = counts.filter((c) => c.deposit_id === d.id);
    const refused = Number(mine.find((c) => c.outcome === 'REFUSEE')?.n ?? 0);
    const all = mine.reduce((sum, c) => sum + Number(c.n), 0);
    return {
      ...flowFields(d),
      fileName: d.file_name,
      kind: d.kind,
      progress: d.progress,
      stage: d.stage,
      summary: { total: all, integrated: all - refused, refused },
      error: d.error,
    };
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}
