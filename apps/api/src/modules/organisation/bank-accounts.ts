import type { z } from 'zod';
import { normalizeIban } from '@chorale/domain';
import type { bankAccountFormSchema } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { checkUpload } from '../files/check-upload.ts';
import { readStoredFile, storeFile } from '../files/file-store.ts';
import { requireAccess } from './access.ts';
import { loadStructure } from './structure-view.ts';

function toBankAccount(r: {
  id: number;
  holder_name: string;
  iban: string;
  bic: string;
  active: number;
  created_at: string;
  proof_file_name: string | null;
}) {
  return {
    id: r.id,
    holderName: r.holder_name,
    iban: r.iban,
    bic: r.bic,
    active: r.active === 1,
    createdAt: r.created_at,
    proofFileName: r.proof_file_name,
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

async function ownBankAccount(ctx: AppContext, structureId: number, bankAccountId: number) {
  const row = await ctx.db
    .selectFrom('bank_accounts')
    .selectAll()
    .where('id', '=', bankAccountId)
    .where('structure_id', '=', structureId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', 'Ces coordonnées bancaires n’existent pas dans cette structure.');
  return row;
}

/** The optional proof of a bank account (a RIB), checked like every attachment. */
export async function attachBankProof(
  ctx: AppContext,
  userId: number,
  structureId: number,
  bankAccountId: number,
  file: { fileName: string; bytes: Buffer },
) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'modification');
  await ownBankAccount(ctx, structureId, bankAccountId);
  const fileName = checkUpload(file.fileName, file.bytes);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const sha256 = await storeFile(ctx, trx, file.bytes);
    return trx
      .updateTable('bank_accounts')
      .set({ proof_sha256: sha256, proof_file_name: fileName })
      .where('id', '=', bankAccountId)
      .returningAll()
      .executeTakeFirstOrThrow();
  });
  return toBankAccount(row);
}

export async function downloadBankProof(ctx: AppContext, userId: number, structureId: number, bankAccountId: number) {
  await requireAccess(ctx.db, userId, { structureId }, 'ORGANISATION', 'consultation');
  const row = await ownBankAccount(ctx, structureId, bankAccountId);
  if (!row.proof_sha256 || !row.proof_file_name)
    throw new AppError('NOT_FOUND', 'Aucun justificatif pour ces coordonnées bancaires.');
  return { fileName: row.proof_file_name, bytes: await readStoredFile(ctx, row.proof_sha256) };
}
