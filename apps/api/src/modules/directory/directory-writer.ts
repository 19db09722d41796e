import type { Transaction } from 'kysely';
import type { Database } from '@chorale/db';
import { structureIdentifierTypes } from '@chorale/domain';
import type { ServiceValues, StructureValues } from './directory-columns.ts';

/**
 * Writes batches of directory rows inside the import's transaction: one query to find the
 * existing rows of a batch, one multi-row insert for the new ones, an update only for rows that
 * really changed (a weekly re-import mostly finds nothing to do).
 */

export interface BatchItem<T> {
  line: number;
  values: T;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export const emptyCounts = (): ImportCounts => ({ created: 0, updated: 0, unchanged: 0, rejected: 0 });

/** A structure named in the summary because this import deactivated or reactivated it. */
export interface StructureRef {
  identifierType: string;
  identifier: string;
  name: string;
}

type Trx = Transaction<Database>;

const structureFields = [
  'company_name',
  'email',
  'phone',
  'address',
  'address_complement1',
  'address_complement2',
  'postal_code',
  'city',
  'country_code',
  'active',
  'service_code_required',
  'commitment_required',
  'service_or_commitment_required',
  'payment_status_managed',
] as const satisfies readonly (keyof StructureValues)[];

const serviceFields = ['name', 'commitment_required', 'active'] as const satisfies readonly (keyof ServiceValues)[];

export class DirectoryWriter {
  readonly structures = emptyCounts();
  readonly services = emptyCounts();
  /** Structures that a full export had left out and that this one lists again. */
  readonly reactivated: StructureRef[] = [];
  /**
   * Structure identifier -> id, for the services sheet which gives only the identifier. Filled by
   * this run's structures and by look-ups; a SIRET wins over another type with the same value.
   */
  private readonly structureIds = new Map<string, { id: number; siret: boolean }>();
  /** Structures created by this run: they have no services yet, no need to look for them. */
  private readonly createdStructures = new Set<number>();

  /**
   * First import into an empty directory: every row is new (duplicates are caught before), so
   * the look-up of existing rows, a third of the time on PostgreSQL, is skipped.
   */
  private firstImport = false;

  constructor(
    private readonly trx: Trx,
    private readonly now: string,
  ) {}

  async start(): Promise<this> {
    this.firstImport = !(await this.trx.selectFrom('structures').select('id').limit(1).executeTakeFirst());
    return this;
  }

  private remember(identifier: string, id: number, type: string): void {
    const known = this.structureIds.get(identifier);
    if (!known || (!known.siret && type === 'SIRET'))
      this.structureIds.set(identifier, { id, siret: type === 'SIRET' });
  }

  async writeStructures(batch: BatchItem<StructureValues>[]): Promise<void> {
    if (!batch.length) return;
    // The type comes first in the unique index: naming it lets both engines use the index.
    const existing = this.firstImport
      ? []
      : await this.trx
          .selectFrom('structures')
          .selectAll()
          .where('identifier_type', 'in', [...new Set(batch.map((b) => b.values.identifier_type))])
          .where('identifier', 'in', [...new Set(batch.map((b) => b.values.identifier))])
          .execute();
    const byKey = new Map(existing.map((row) => [`${row.identifier_type}\u0000${row.identifier}`, row]));
    const inserts: StructureValues[] = [];
    for (const { values } of batch) {
      const row = byKey.get(`${values.identifier_type}\u0000${values.identifier}`);
      if (!row) {
        inserts.push(values);
        continue;
      }
      this.remember(row.identifier, row.id, row.identifier_type);
      const cameBack = row.directory_absent_since !== null;
      const changed = cameBack || row.kind !== 'PUBLIQUE' || structureFields.some((f) => row[f] !== values[f]);
      if (!changed) {
        this.structures.unchanged++;
        continue;
      }
      await this.trx
        .updateTable('structures')
        .set({ ...values, kind: 'PUBLIQUE', directory_absent_since: null, updated_at: this.now })
        .where('id', '=', row.id)
        .execute();
      this.structures.updated++;
      if (cameBack)
        this.reactivated.push({
          identifierType: values.identifier_type,
          identifier: values.identifier,
          name: values.company_name,
        });
    }
    if (inserts.length) {
      const created = await this.trx
        .insertInto('structures')
        .values(inserts.map((v) => ({ ...v, kind: 'PUBLIQUE' as const, created_at: this.now, updated_at: this.now })))
        .returning(['id', 'identifier', 'identifier_type'])
        .execute();
      for (const c of created) {
        this.remember(c.identifier, c.id, c.identifier_type);
        this.createdStructures.add(c.id);
      }
      this.structures.created += created.length;
    }
  }

  /**
   * A full export is the whole directory: a public structure it does not list any more is
   * deactivated (never deleted: invoices and memberships point to it) and dated, so that a later
   * export listing it again reactivates it. `listed` holds every identifier read from the
   * structures sheets, rejected rows included (a row with a fixable problem does not make its
   * structure disappear). Returns the structures deactivated by this run.
   */
  async deactivateAbsent(listed: ReadonlySet<string>): Promise<StructureRef[]> {
    const candidates = await this.trx
      .selectFrom('structures')
      .select(['id', 'identifier_type', 'identifier', 'company_name'])
      .where('kind', '=', 'PUBLIQUE')
      .where('directory_absent_since', 'is', null)
      .execute();
    const absent = candidates.filter((s) => !listed.has(s.identifier));
    for (let i = 0; i < absent.length; i += 500) {
      await this.trx
        .updateTable('structures')
        .set({ active: 0, directory_absent_since: this.now, updated_at: this.now })
        .where(
          'id',
          'in',
          absent.slice(i, i + 500).map((s) => s.id),
        )
        .execute();
    }
    return absent.map((s) => ({ identifierType: s.identifier_type, identifier: s.identifier, name: s.company_name }));
  }

  /** Finds the public structures this batch names and this run has not met yet. */
  private async resolveStructures(identifiers: string[]): Promise<void> {
    const unknown = [...new Set(identifiers)].filter((i) => !this.structureIds.has(i));
    if (!unknown.length) return;
    const rows = await this.trx
      .selectFrom('structures')
      .select(['id', 'identifier', 'identifier_type'])
      .where('identifier_type', 'in', [...structureIdentifierTypes])
      .where('identifier', 'in', unknown)
      .where('kind', '=', 'PUBLIQUE')
      .execute();
    for (const r of rows) this.remember(r.identifier, r.id, r.identifier_type);
  }

  /** Writes the services whose structure is known; returns the others, untouched. */
  async writeServices(batch: BatchItem<ServiceValues>[]): Promise<BatchItem<ServiceValues>[]> {
    if (!batch.length) return [];
    await this.resolveStructures(batch.map((b) => b.values.structureIdentifier));
    const unresolved: BatchItem<ServiceValues>[] = [];
    const resolved: { structureId: number; values: ServiceValues }[] = [];
    for (const item of batch) {
      const s = this.structureIds.get(item.values.structureIdentifier);
      if (s) resolved.push({ structureId: s.id, values: item.values });
      else unresolved.push(item);
    }
    if (!resolved.length) return unresolved;
    const known = resolved.filter((r) => !this.createdStructures.has(r.structureId));
    const existing =
      known.length === 0
        ? []
        : await this.trx
            .selectFrom('services')
            .select(['id', 'structure_id', 'code', ...serviceFields])
            // Pairs joined by OR: two IN lists would probe the index for their whole cross product and
            // SQLite scans the table for a row-value IN; an OR of pairs is one index probe each.
            .where((eb) =>
              eb.or(known.map((r) => eb.and([eb('structure_id', '=', r.structureId), eb('code', '=', r.values.code)]))),
            )
            .execute();
    const byKey = new Map(existing.map((row) => [`${row.structure_id}\u0000${row.code}`, row]));
    const inserts: { structureId: number; values: ServiceValues }[] = [];
    for (const r of resolved) {
      const row = byKey.get(`${r.structureId}\u0000${r.values.code}`);
      if (!row) {
        inserts.push(r);
        continue;
      }
      if (!serviceFields.some((f) => row[f] !== r.values[f])) {
        this.services.unchanged++;
        continue;
      }
      await this.trx
        .updateTable('services')
        .set({
          name: r.values.name,
          commitment_required: r.values.commitment_required,
          active: r.values.active,
          updated_at: this.now,
        })
        .where('id', '=', row.id)
        .execute();
      this.services.updated++;
    }
    if (inserts.length) {
      await this.trx
        .insertInto('services')
        .values(
          inserts.map((r) => ({
            structure_id: r.structureId,
            code: r.values.code,
            name: r.values.name,
            commitment_required: r.values.commitment_required,
            active: r.values.active,
            created_at: this.now,
            updated_at: this.now,
          })),
        )
        .execute();
      this.services.created += inserts.length;
    }
    return unresolved;
  }
}
