import { siretProblem, structureIdentifierTypes, type StructureIdentifierType } from '@chorale/domain';

/**
 * Columns of the official directory export (DOMAIN.md §4) and the checks of one row. Pure: no
 * I/O, so that CSV and XLSX rows go through exactly the same rules.
 */

const contactColumns = [
  'Adresse',
  'ComplementAdresse1',
  'ComplementAdresse2',
  'CodePostal',
  'Ville',
  'NumTelephone',
  'Courriel',
  'CodePays',
  'LibellePays',
] as const;

export const structureColumns = [
  'TypeIdentifiant',
  'Identifiant',
  'RaisonSociale',
  'EmetteurEdi',
  'RecepteurEdi',
  'GestionStatutMiseEnPaiement',
  'GestionEngagement',
  'GestionService',
  'GestionServiceEngagement',
  'EstMOA',
  'EstMOAUniquement',
  'StructureActive',
  ...contactColumns,
] as const;

export const serviceColumns = [
  'Identifiant',
  'RaisonSociale',
  'Code',
  'Nom',
  'GestionEGMT',
  'ServiceActif',
  ...contactColumns,
] as const;

export type SheetKind = 'structures' | 'services';

export const sheetLabels: Record<SheetKind, string> = { structures: 'structures', services: 'services' };

/** Row values read from a structures sheet, ready to be written (booleans as 0/1). */
export interface StructureValues {
  identifier_type: StructureIdentifierType;
  identifier: string;
  company_name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  address_complement1: string | null;
  address_complement2: string | null;
  postal_code: string | null;
  city: string | null;
  country_code: string;
  active: number;
  service_code_required: number;
  commitment_required: number;
  service_or_commitment_required: number;
  payment_status_managed: number;
}

export interface ServiceValues {
  /** The structure's identifier: the services sheet does not repeat its type. */
  structureIdentifier: string;
  code: string;
  name: string;
  commitment_required: number;
  active: number;
}

export type RowResult<T> = { ok: true; values: T } | { ok: false; reason: string; identifier: string };

/** Header names compared without case, accents, spaces or underscores: exports vary on those. */
function normalise(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s_]/g, '')
    .toLowerCase();
}

export interface SheetLayout {
  kind: SheetKind;
  /** Column name -> position in the row. */
  positions: Map<string, number>;
  columnCount: number;
}

export class DirectoryFormatError extends Error {}

function headerPositions(header: string[]): Map<string, number> {
  const found = new Map<string, number>();
  header.forEach((h, i) => {
    const key = normalise(h);
    if (key && !found.has(key)) found.set(key, i);
  });
  return found;
}

function kindOf(found: Map<string, number>): SheetKind | null {
  if (found.has('typeidentifiant')) return 'structures';
  return found.has('code') && found.has('identifiant') ? 'services' : null;
}

/** Which sheet a header row starts, without judging whether it is complete. */
export function sheetKind(header: string[]): SheetKind | null {
  return kindOf(headerPositions(header));
}

/**
 * Tells a structures sheet from a services sheet by its header row. Returns null for a header
 * that looks like neither (another sheet of a workbook); throws for one of ours with columns missing.
 */
export function detectLayout(header: string[]): SheetLayout | null {
  const found = headerPositions(header);
  const kind = kindOf(found);
  if (!kind) return null;
  const expected: readonly string[] = kind === 'structures' ? structureColumns : serviceColumns;
  const missing = expected.filter((c) => !found.has(normalise(c)));
  if (missing.length) {
    throw new DirectoryFormatError(
      `En-tête de la feuille des ${sheetLabels[kind]} incomplet : colonne${missing.length > 1 ? 's' : ''} manquante${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`,
    );
  }
  const positions = new Map<string, number>();
  for (const c of expected) positions.set(c, found.get(normalise(c)) as number);
  return { kind, positions, columnCount: header.length };
}

const trueValues = new Set(['true', 'oui', '1', 'o', 'vrai', 'yes', 'y']);
const falseValues = new Set(['false', 'non', '0', 'n', 'faux', 'no']);

/** Reads one row; collects the first problem as a French reason naming the column. */
class RowReader {
  problem: string | null = null;
  constructor(
    private readonly layout: SheetLayout,
    private readonly values: string[],
  ) {}

  raw(column: string): string {
    return (this.values[this.layout.positions.get(column) ?? -1] ?? '').trim();
  }

  text(column: string, max: number): string | null {
    const v = this.raw(column);
    if (v.length > max) this.fail(`Champ trop long : ${column} (${v.length} caractères, ${max} au plus).`);
    return v === '' ? null : v;
  }

  required(column: string, max: number, missing: string): string {
    const v = this.text(column, max);
    if (v === null) this.fail(missing);
    return v ?? '';
  }

  /** Empty cells take the database default so that a blank flag changes nothing surprising. */
  bool(column: string, whenEmpty: boolean): number {
    const v = this.raw(column).toLowerCase();
    if (v === '') return whenEmpty ? 1 : 0;
    if (trueValues.has(v)) return 1;
    if (falseValues.has(v)) return 0;
    this.fail(
      `Valeur booléenne invalide pour ${column} : « ${this.raw(column)} » (attendu : true/false, oui/non, 1/0, O/N).`,
    );
    return 0;
  }

  fail(reason: string): void {
    this.problem ??= reason;
  }
}

function shortRow(layout: SheetLayout, values: string[]): string | null {
  // Trailing empty cells are often dropped by spreadsheets; only missing data columns matter.
  const needed = Math.max(...layout.positions.values()) + 1;
  if (values.length >= needed) return null;
  const n = values.length;
  return `Ligne incomplète : ${n} colonne${n > 1 ? 's' : ''} au lieu de ${layout.columnCount}.`;
}

export function readStructureRow(layout: SheetLayout, values: string[]): RowResult<StructureValues> {
  const r = new RowReader(layout, values);
  const short = shortRow(layout, values);
  if (short) r.fail(short);
  const typeRaw = r.raw('TypeIdentifiant').toUpperCase();
  let identifierType: StructureIdentifierType = 'SIRET';
  if (typeRaw === '') r.fail("Type d'identifiant manquant.");
  else if ((structureIdentifierTypes as readonly string[]).includes(typeRaw))
    identifierType = typeRaw as StructureIdentifierType;
  else
    r.fail(
      `Type d'identifiant inconnu : « ${r.raw('TypeIdentifiant')} » (attendu : ${structureIdentifierTypes.join(', ')}).`,
    );
  let identifier = r.required('Identifiant', 80, 'Identifiant manquant.');
  if (identifierType === 'SIRET' && identifier !== '') {
    identifier = identifier.replace(/\s/g, '');
    // A SIRET whose key is wrong cannot address any invoice (ADR 0005): the row is reported, not
    // imported. The same check as for user-created structures, La Poste's rule included.
    const problem = siretProblem(identifier);
    if (problem) r.fail(`SIRET refusé : ${problem}`);
  }
  const companyName = r.required('RaisonSociale', 200, 'Raison sociale manquante.');
  const countryCode = (r.text('CodePays', 2) ?? 'FR').toUpperCase();
  const result: StructureValues = {
    identifier_type: identifierType,
    identifier,
    company_name: companyName,
    email: r.text('Courriel', 320),
    phone: r.text('NumTelephone', 30),
    address: r.text('Adresse', 300),
    address_complement1: r.text('ComplementAdresse1', 300),
    address_complement2: r.text('ComplementAdresse2', 300),
    postal_code: r.text('CodePostal', 20),
    city: r.text('Ville', 100),
    country_code: countryCode,
    active: r.bool('StructureActive', true),
    service_code_required: r.bool('GestionService', false),
    commitment_required: r.bool('GestionEngagement', false),
    service_or_commitment_required: r.bool('GestionServiceEngagement', false),
    payment_status_managed: r.bool('GestionStatutMiseEnPaiement', true),
  };
  if (r.problem === null && !/^[A-Z]{2}$/.test(countryCode))
    r.fail(`Code pays invalide : « ${countryCode} » (deux lettres attendues, par exemple FR).`);
  return r.problem === null
    ? { ok: true, values: result }
    : { ok: false, reason: r.problem, identifier: r.raw('Identifiant') };
}

export function readServiceRow(layout: SheetLayout, values: string[]): RowResult<ServiceValues> {
  const r = new RowReader(layout, values);
  const short = shortRow(layout, values);
  if (short) r.fail(short);
  const result: ServiceValues = {
    structureIdentifier: r.required('Identifiant', 80, 'Identifiant de la structure manquant.').replace(/\s/g, ''),
    code: r.required('Code', 100, 'Code service manquant.'),
    name: r.required('Nom', 200, 'Nom du service manquant.'),
    commitment_required: r.bool('GestionEGMT', false),
    active: r.bool('ServiceActif', true),
  };
  const identifier = [r.raw('Identifiant'), r.raw('Code')].filter(Boolean).join(' / ');
  return r.problem === null ? { ok: true, values: result } : { ok: false, reason: r.problem, identifier };
}
