import type { AppContext, Db } from '../../platform/context.ts';
import { isoNow } from '../../platform/context.ts';
import { readStoredFile, storeFile } from '../files/file-store.ts';

/**
 * The `retour/` folder of a technical account: flow reports, status returns and refusals written
 * by Chorale. Each file is one row, unique per account and name: a job run twice (after a crash)
 * writes nothing twice. The account may remove a file it has read; the flow and its reports stay
 * in « Suivi des flux » and the API.
 */
export type ReturnFileKind = 'RAPPORT_PDF' | 'RAPPORT_JSON' | 'STATUT' | 'REFUS';

export interface ReturnFile {
  name: string;
  size: number;
  createdAt: string;
}

/** Documents up to this size stay in the row; larger ones (PDF reports) go to the file store. */
const INLINE_MAX = 64 * 1024;

export async function writeReturnFile(
  ctx: AppContext,
  trx: Db,
  file: {
    accountId: number;
    name: string;
    kind: ReturnFileKind;
    bytes: Buffer;
    depositId?: number | null;
    invoiceId?: number | null;
  },
): Promise<void> {
  const inline = file.kind !== 'RAPPORT_PDF' && file.bytes.length <= INLINE_MAX;
  await trx
    .insertInto('edi_return_files')
    .values({
      technical_account_id: file.accountId,
      name: file.name.slice(0, 255),
      kind: file.kind,
      deposit_id: file.depositId ?? null,
      invoice_id: file.invoiceId ?? null,
      size: file.bytes.length,
      file_sha256: inline ? null : await storeFile(ctx, trx, file.bytes),
      content: inline ? file.bytes.toString('utf8') : null,
      created_at: isoNow(ctx),
    })
    .onConflict((oc) => oc.columns(['technical_account_id', 'name']).doNothing())
    .execute();
}

export async function listReturnFiles(ctx: AppContext, accountId: number): Promise<ReturnFile[]> {
  const rows = await ctx.db
    .selectFrom('edi_return_files')
    .select(['name', 'size', 'created_at'])
    .where('technical_account_id', '=', accountId)
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ name: r.name, size: r.size, createdAt: r.created_at }));
}

async function rowOf(ctx: AppContext, accountId: number, name: string) {
  return ctx.db
    .selectFrom('edi_return_files')
    .select(['id', 'size', 'created_at', 'file_sha256', 'content'])
    .where('technical_account_id', '=', accountId)
    .where('name', '=', name)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
}

export async function statReturnFile(ctx: AppContext, accountId: number, name: string): Promise<ReturnFile | null> {
  const row = await rowOf(ctx, accountId, name);
  return row ? { name, size: row.size, createdAt: row.created_at } : null;
}

export async function readReturnFile(ctx: AppContext, accountId: number, name: string): Promise<Buffer | null> {
  const row = await rowOf(ctx, accountId, name);
  if (!row) return null;
  return row.file_sha256 ? readStoredFile(ctx, row.file_sha256) : Buffer.from(row.content ?? '', 'utf8');
}

export async function removeReturnFile(ctx: AppContext, accountId: number, name: string): Promise<boolean> {
  const r = await ctx.db
    .updateTable('edi_return_files')
    .set({ removed_at: isoNow(ctx) })
    .where('technical_account_id', '=', accountId)
    .where('name', '=', name)
    .where('removed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
