import { intakeLimits, type DepositFormat, type DepositMode } from '@chorale/domain';
import { validationPool, type Format, type ValidationReport } from '@chorale/einvoice';
import type { DepositItem } from '@chorale/contracts';
import { AppError } from '../../platform/app-error.ts';
import type { AppContext } from '../../platform/context.ts';
import { intakeStructured } from './intake-structured.ts';
import { intakePlainPdf } from './intake-plain-pdf.ts';
import { reportLines } from './report.ts';
import type { DirectoryCache } from './resolve-parties.ts';
import type { FlowEntryRef } from './create-deposited-draft.ts';

/** Who deposits, and through which door (sets `modeDepot`). */
export interface IntakeActor {
  userId: number;
  channel: 'PORTAIL' | 'API' | 'EDI';
}

export interface IntakeOptions {
  submit: boolean;
  /** The supplier of a plain PDF, when the depositor chose it. */
  supplierStructureId?: number;
  /** 0..1 and a French stage, for the portal's progress bar. */
  onProgress?: (fraction: number, stage: string) => void;
  /** The syntax the flow was declared with: a file of another format is refused. */
  syntax?: { name: string; format: DepositFormat };
}

const formats: Partial<Record<Format, DepositFormat>> = {
  'ubl-invoice': 'UBL',
  'ubl-creditnote': 'UBL',
  cii: 'CII',
  facturx: 'FACTURX',
  pdf: 'PDF_NON_SIGNE',
};

const formatNames: Record<DepositFormat, string> = {
  UBL: 'une facture UBL',
  CII: 'une facture CII',
  FACTURX: 'une facture Factur-X',
  PDF_NON_SIGNE: 'un PDF sans données structurées',
};

/** A file refused as a whole: not an invoice, hostile, or not what its name says. */
export class FileRefused extends AppError {
  constructor(message: string, code: 'VALIDATION_FAILED' | 'PAYLOAD_TOO_LARGE' = 'VALIDATION_FAILED') {
    super(code, message, { file: message });
  }
}

const extensionOf = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

/**
 * Active content has no place in an invoice: JavaScript and launch actions are refused. Names
 * are looked for in the raw bytes, also inside the hex escapes PDF allows (/J#61vaScript).
 */
function activeContent(bytes: Buffer): boolean {
  const text = bytes
    .toString('latin1')
    .replace(/#([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return /\/(JavaScript|JS|Launch|RichMedia)[\s/<([]/.test(text);
}

function modeOf(channel: IntakeActor['channel'], format: DepositFormat): DepositMode {
  if (channel === 'EDI') return 'EDI';
  if (format === 'PDF_NON_SIGNE') return channel === 'API' ? 'DEPOT_PDF_API' : 'DEPOT_PDF_PORTAIL';
  return channel === 'API' ? 'UPLOAD_API' : 'UPLOAD_PORTAIL';
}

/**
 * The checks made before reading a file: size, a name that says .pdf or .xml and content that
 * agrees with it, no active content in a PDF. Throws FileRefused.
 */
export function precheckFile(file: { fileName: string; bytes: Buffer }): void {
  const ext = extensionOf(file.fileName);
  if (file.bytes.length === 0) throw new FileRefused(`« ${file.fileName} » est vide.`);
  if (file.bytes.length > intakeLimits.fileMaxBytes)
    throw new FileRefused(
      `« ${file.fileName} » dépasse 10 Mo (${file.bytes.length} octets) : une facture déposée ne doit pas dépasser 10 Mo.`,
      'PAYLOAD_TOO_LARGE',
    );
  const isPdf = file.bytes.subarray(0, 1024).includes('%PDF-');
  if (ext !== 'pdf' && ext !== 'xml')
    throw new FileRefused(
      `« ${file.fileName} » : seuls les fichiers .pdf et .xml (ou un lot .zip, .tar.gz) se déposent.`,
    );
  if (isPdf !== (ext === 'pdf'))
    throw new FileRefused(
      `Le contenu de « ${file.fileName} » ne correspond pas à son extension « .${ext} » : ${isPdf ? 'c’est un PDF' : 'ce n’est pas un PDF'}.`,
    );
  if (isPdf && activeContent(file.bytes))
    throw new FileRefused(
      `« ${file.fileName} » contient du JavaScript ou une action automatique : un PDF de facture ne doit pas en contenir. Enregistrez-le de nouveau sans script (PDF/A).`,
    );
}

/**
 * THE intake of one invoice file: detect (from the bytes), parse and validate with
 * packages/einvoice (in the validation pool), then a draft from a structured file or a pre-filled
 * draft from a plain PDF. Throws FileRefused when the file is no invoice at all; business
 * refusals come back as an item. A batch passes the validation it started ahead.
 */
export async function intakeFile(
  ctx: AppContext,
  cache: DirectoryCache,
  actor: IntakeActor,
  file: { fileName: string; bytes: Buffer },
  options: IntakeOptions & { inBatch?: boolean; validation?: Promise<ValidationReport>; entry?: FlowEntryRef },
): Promise<DepositItem> {
  if (!options.validation) precheckFile(file);
  const validation = await (options.validation ?? validationPool.validate(file.bytes));
  const format = formats[validation.detection.format];
  if (!format) {
    const why = validation.detection.reason?.fr ?? validation.findings.find((f) => f.severity === 'fatal')?.message.fr;
    throw new FileRefused(`« ${file.fileName} » n’est pas une facture lisible : ${why ?? 'format inconnu'}`);
  }
  if (options.syntax && options.syntax.format !== format)
    throw new FileRefused(
      `« ${file.fileName} » est ${formatNames[format]}, alors que le flux est déclaré en syntaxe ${options.syntax.name} (${formatNames[options.syntax.format]}).`,
    );
  if (format === 'PDF_NON_SIGNE') {
    if (options.inBatch)
      throw new FileRefused(
        `« ${file.fileName} » est un PDF sans données structurées : un lot ne contient que des fichiers XML ou Factur-X. Déposez ce PDF seul.`,
      );
    return intakePlainPdf(
      ctx,
      cache,
      file,
      modeOf(actor.channel, format),
      options.supplierStructureId,
      (f, s) => options.onProgress?.(f, s),
      options.entry,
    );
  }
  if (!validation.invoice) {
    // A structured file too broken to read (bad XML in a Factur-X…): nothing to keep as a draft.
    const report = reportLines(validation.findings, null);
    throw Object.assign(
      new FileRefused(
        `« ${file.fileName} » est illisible : ${report.find((l) => l.severity === 'fatal')?.message ?? ''}`,
      ),
      { report },
    );
  }
  return intakeStructured(
    ctx,
    cache,
    { ...file, format },
    validation,
    modeOf(actor.channel, format),
    options.submit,
    options.entry,
  );
}
