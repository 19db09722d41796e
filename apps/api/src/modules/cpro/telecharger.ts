import { z } from 'zod';
import { writeCii } from '@chorale/einvoice';
import type { AppContext } from '../../platform/context.ts';
import { csvDocument } from '../../platform/csv.ts';
import { zipBuffer } from '../../platform/zip.ts';
import { serviceColumns, structureColumns } from '../directory/directory-columns.ts';
import { readStoredFile } from '../files/file-store.ts';
import { invoiceDocument } from '../invoices/facturx/invoice-document.ts';
import { invoiceToEn16931 } from '../invoices/facturx/invoice-to-en16931.ts';
import { loadInvoiceRow, requireEitherSide } from '../invoices/invoice-access.ts';
import { invoiceView } from '../invoices/invoice-view.ts';
import { invoicePdf } from '../invoices/pdf/invoice-pdf.ts';
import type { CproOperations } from './cpro.routes.ts';
import { CproError } from './envelope.ts';
import { registerCproOperation } from './operation.ts';

/**
 * The downloads of the Chorus Pro-compatible API: `factures/v1/telecharger/groupe` (invoices the
 * technical account may read, in one ZIP) and `transverses/v1/telecharger/annuaire/destinataire`
 * (the directory of public recipients, in the columns of the official export that
 * `npm run directory:import` reads). Both answer `fichierResultat`, the ZIP in base64.
 */

/** « ~10 per call » (DOMAIN §9); the Swagger's ceiling on the result is 120 MB (413 beyond). */
export const GROUP_MAX_INVOICES = 10;
export const GROUP_MAX_BYTES = 120 * 1024 * 1024;

const groupSchema = z.object({
  listeFacture: z
    .array(z.object({ idFacture: z.number({ error: 'idFacture est obligatoire.' }).int() }))
    .min(1, 'listeFacture est vide : indiquez au moins une facture (idFacture).')
    .max(GROUP_MAX_INVOICES, `Au plus ${GROUP_MAX_INVOICES} factures par appel.`),
  format: z
    .string()
    .default('PDF')
    .transform((f) => f.toUpperCase())
    .pipe(z.enum(['PDF', 'XML', 'ZIP'], { error: 'format : PDF, XML ou ZIP.' })),
  avecPiecesJointesComplementaires: z
    .union([z.boolean(), z.string()])
    .optional()
    .transform((v) => v === true || (typeof v === 'string' && /^(true|oui|1)$/i.test(v))),
});

/** A file name safe in any archive reader: no folders, no control characters. */
const safeName = (name: string) => name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').slice(0, 150) || 'fichier';

/**
 * The files of one invoice: its PDF (the deposited PDF or Factur-X as filed, or the layout of an
 * XML invoice) and/or its XML (the deposited UBL/CII, or the CII of the invoice's data), and its
 * attachments when asked, under a folder named by the invoice number.
 */
async function invoiceFiles(ctx: AppContext, id: number, format: 'PDF' | 'XML' | 'ZIP', attachments: boolean) {
  const v = await invoiceView(ctx, id);
  const folder = safeName(`${v.number ?? v.draftNumber}-${v.id}`);
  const document = await invoiceDocument(ctx, v);
  const files: { name: string; bytes: Uint8Array }[] = [];
  if (format !== 'XML') {
    const pdf = document.contentType === 'application/pdf' ? document.bytes : await invoicePdf(v);
    files.push({ name: `${folder}/${safeName(folder)}.pdf`, bytes: pdf });
  }
  if (format !== 'PDF') {
    const xml =
      document.contentType === 'application/xml' ? document.bytes : Buffer.from(writeCii(invoiceToEn16931(v)), 'utf8');
    files.push({ name: `${folder}/${safeName(folder)}.xml`, bytes: xml });
  }
  if (attachments)
    for (const a of v.attachments)
      files.push({
        name: `${folder}/pieces-jointes/${a.id}-${safeName(a.fileName)}`,
        bytes: await readStoredFile(ctx, a.sha256),
      });
  return files;
}

/** The directory of public recipients as the official export's two sheets (CSV, « ; », UTF-8). */
async function directoryFiles(ctx: AppContext) {
  const yes = (flag: number) => (flag === 1 ? 'true' : 'false');
  const structures = await ctx.db
    .selectFrom('structures')
    .selectAll()
    .where('kind', '=', 'PUBLIQUE')
    .orderBy('identifier')
    .execute();
  const contact = (s: (typeof structures)[number]) => [
    s.address ?? '',
    s.address_complement1 ?? '',
    s.address_complement2 ?? '',
    s.postal_code ?? '',
    s.city ?? '',
    s.phone ?? '',
    s.email ?? '',
    s.country_code,
    s.country_code === 'FR' ? 'France' : '',
  ];
  const structureRows = structures.map((s) => [
    s.identifier_type,
    s.identifier,
    s.company_name,
    'false',
    'false',
    yes(s.payment_status_managed),
    yes(s.commitment_required),
    yes(s.service_code_required),
    yes(s.service_or_commitment_required),
    'false',
    'false',
    yes(s.active),
    ...contact(s),
  ]);
  const byId = new Map(structures.map((s) => [s.id, s]));
  const services = await ctx.db
    .selectFrom('services')
    .innerJoin('structures', 'structures.id', 'services.structure_id')
    .select([
      'services.structure_id',
      'services.code',
      'services.name',
      'services.commitment_required',
      'services.active',
    ])
    .where('structures.kind', '=', 'PUBLIQUE')
    .orderBy('structures.identifier')
    .orderBy('services.code')
    .execute();
  const serviceRows = services.map((sv) => {
    const s = byId.get(sv.structure_id)!;
    return [s.identifier, s.company_name, sv.code, sv.name, yes(sv.commitment_required), yes(sv.active), ...contact(s)];
  });
  return [
    { name: 'structures.csv', bytes: Buffer.from(csvDocument(structureColumns, structureRows), 'utf8') },
    { name: 'services.csv', bytes: Buffer.from(csvDocument(serviceColumns, serviceRows), 'utf8') },
  ];
}

export const telechargerOperations: CproOperations = (app, ctx) => {
  registerCproOperation(app, ctx, {
    path: 'factures/v1/telecharger/groupe',
    body: groupSchema,
    handler: async ({ body, actor, ctx }) => {
      const ids = [...new Set(body.listeFacture.map((f) => f.idFacture))];
      // All or none: every invoice is checked before any file is read.
      for (const id of ids) {
        const unknown = () =>
          new CproError(
            'NO_RESULT',
            `Facture ${id} introuvable, ou votre compte technique n’est pas habilité à la voir : aucune facture n’a été téléchargée.`,
          );
        const inv = await loadInvoiceRow(ctx.db, id).catch(() => {
          throw unknown();
        });
        await requireEitherSide(ctx, actor.userId, inv).catch(() => {
          throw unknown();
        });
      }
      const files = [];
      let size = 0;
      for (const id of ids)
        for (const f of await invoiceFiles(ctx, id, body.format, body.avecPiecesJointesComplementaires)) {
          size += f.bytes.length;
          if (size > GROUP_MAX_BYTES)
            throw new CproError(
              'FILE_TOO_LARGE',
              'Le dossier demandé dépasse 120 Mo : demandez moins de factures à la fois, ou sans les pièces jointes.',
            );
          files.push(f);
        }
      return { fichierResultat: (await zipBuffer(files)).toString('base64') };
    },
  });

  registerCproOperation(app, ctx, {
    path: 'transverses/v1/telecharger/annuaire/destinataire',
    handler: async () => ({
      fichierResultat: (await zipBuffer(await directoryFiles(ctx))).toString('base64'),
      nomFichier: 'annuaire-destinataires.zip',
    }),
  });
};
