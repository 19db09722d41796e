import { flowSyntaxes, type FlowSyntax } from '@chorale/domain';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import type { TechnicalAccount } from '../cpro/auth.ts';
import { startDeposit } from '../intake/deposits.ts';
import { writeReturnFile } from './return-files.ts';
import { stamp } from './return-jobs.ts';

/**
 * A file complete in `depot/` becomes a flow through the one file intake (`startDeposit`, as
 * « Déposer facture » and `deposer/flux`), channel EDI: kept, `IN_RECU`, then read by the job queue.
 */

/**
 * The file-name convention: a name that starts with a `syntaxeFlux` followed by `_` or `.`
 * (`IN_DP_E1_UBL_INVOICE_lot-42.tar.gz`) declares the flow's syntax; otherwise it is detected from
 * the content. The longest syntax wins (`IN_DP_E1_CII_16B_…` is not `IN_DP_E1_CII`).
 */
export function syntaxOfFileName(name: string): FlowSyntax | undefined {
  return [...flowSyntaxes]
    .sort((a, b) => b.length - a.length)
    .find((s) => name.startsWith(`${s}_`) || name.startsWith(`${s}.`));
}

/** Names a client writes before renaming them into place: kept until renamed, never deposited as such. */
export const isTemporaryName = (name: string) => /\.(part|filepart|tmp)$/i.test(name);

export type DepotOutcome = { flowNumber: string } | { refused: string };

/**
 * Deposits an uploaded file. A file refused as a whole (empty, too large, a syntax Chorale does not
 * read…) leaves no flow: its reason is written to `retour/` (REFUS_…json) and told to the client.
 */
export async function depositUpload(
  ctx: AppContext,
  account: TechnicalAccount,
  fileName: string,
  bytes: Buffer,
): Promise<DepotOutcome> {
  try {
    const flow = await startDeposit(
      ctx,
      { userId: account.userId, channel: 'EDI' },
      // A flow's invoices are deposited (sent), as Chorus Pro integrates them.
      { fileName, bytes, submit: true, syntax: syntaxOfFileName(fileName) },
    );
    return { flowNumber: flow.flowNumber };
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const at = ctx.now().toISOString();
    const document = {
      type: 'REFUS_DEPOT',
      nomFichier: fileName,
      dateHeure: at,
      motif: e.message,
    };
    await writeReturnFile(ctx, ctx.db, {
      accountId: account.id,
      name: `REFUS_${stamp(at)}_${fileName}.json`,
      kind: 'REFUS',
      bytes: Buffer.from(`${JSON.stringify(document, null, 2)}\n`, 'utf8'),
    });
    return { refused: e.message };
  }
}
