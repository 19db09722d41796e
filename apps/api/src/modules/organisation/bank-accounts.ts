import type { z } from 'zod';
import { normalizeIban } from '@chorale/domain';
import type { bankAccountFormSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { requireAccess } from './access.ts';
import { loadStructure } from './structure-view.ts';

function toBankAccount(r: {
  id: number;
  holder_name: string;
  iban: string;
  bic: string;
  active: number;
  created_at: string;
}) {
  return {
    id: r.id,
    holderName: r.holder_name,
    iban: r.iban,
    bic: r.bic,
    active: r.active === 1,
    createdAt: r.created_at,
  };
}

/** The structure's bank details, offered later as « Références bancaires » on invoices. */
export async function listBankAccounts(ctx: AppContext, userId: number, structureId: number) {
  // Suppliers typing an invoice choose their service and bank details without being organisation readers.
  await requireAccess(ctx.db, userId, { structureId }, ['ORGANISATION', 'FACTURES_EMISES'], 'consultation');
  const rows = await ctx.db
    .selectFrom('bank_accounts')
    .selectAll()
    .where('structure_id', '=', structureId)
    .orderBy('id')
    .execute();
  return rows.map(toBankAccount);
}

/** « Créer une coordonnée bancaire ». */
export async function createBankAccount(
  ctx: AppContext,
  userId: number,
  structureId: number,
  cmd: z.output<typeof bankAccountFormSchema>,
) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'modification');
  await loadStructure(ctx.db, structureId);
  const iban = normalizeIban(cmd.iban);
  const exists = await ctx.db
    .selectFrom('bank_accounts')
    .select('id')
    .where('structure_id', '=', structureId)
    .where('iban', '=', iban)
    .executeTakeFirst();
  if (exists)
    throw new AppError('CONFLICT', 'Cet IBAN est déjà enregistré pour cette structure.', {
      iban: 'Cet IBAN est déjà enregistré pour cette structure.',
    });
  const row = await ctx.db
    .insertInto('bank_accounts')
    .values({
      structure_id: structureId,
      holder_name: cmd.holderName,
      iban,
      bic: cmd.bic.replace(/\s/g, '').toUpperCase(),
      created_by: userId,
      created_at: isoNow(ctx),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toBankAccount(row);
}
