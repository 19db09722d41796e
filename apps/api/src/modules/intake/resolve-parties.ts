import { AppError } from '../../platform/app-error.ts';
import type { Db } from '../../platform/context.ts';
import { requireAccess } from '../organisation/access.ts';
import { actorFor, type HistoryActor } from '../invoices/invoice-history.ts';

/**
 * Directory answers reused across the files of one deposit: a batch of 500 invoices from one
 * supplier to a few recipients asks the database a few times, not 500.
 */
export class DirectoryCache {
  private readonly structures = new Map<string, Promise<StructureRef | undefined>>();
  private readonly services = new Map<string, Promise<{ id: number } | undefined>>();
  private readonly access = new Map<number, Promise<string | null>>();
  private readonly actors = new Map<number, Promise<HistoryActor>>();
  private readonly banks = new Map<number, Promise<{ id: number; iban: string }[]>>();

  constructor(
    private db: Db,
    readonly userId: number,
  ) {}

  /**
   * Asks through `trx` while `work` runs: a group of a batch reads in its own transaction (SQLite
   * has one connection, held by that transaction). Answers already known are kept.
   */
  async within<T>(trx: Db, work: () => Promise<T>): Promise<T> {
    const outer = this.db;
    this.db = trx;
    try {
      return await work();
    } finally {
      this.db = outer;
    }
  }

  structure(siret: string, kind: 'PUBLIQUE' | null): Promise<StructureRef | undefined> {
    const key = `${kind}:${siret}`;
    let hit = this.structures.get(key);
    if (!hit) {
      let q = this.db
        .selectFrom('structures')
        .select(['id', 'identifier'])
        .where('identifier_type', '=', 'SIRET')
        .where('identifier', '=', siret);
      if (kind) q = q.where('kind', '=', kind);
      hit = q.executeTakeFirst();
      this.structures.set(key, hit);
    }
    return hit;
  }

  service(structureId: number, code: string) {
    const key = `${structureId}:${code}`;
    let hit = this.services.get(key);
    if (!hit) {
      hit = this.db
        .selectFrom('services')
        .select('id')
        .where('structure_id', '=', structureId)
        .where('code', '=', code)
        .executeTakeFirst();
      this.services.set(key, hit);
    }
    return hit;
  }

  /** Null when the user may deposit for the structure, else the French reason. */
  mayDeposit(structureId: number): Promise<string | null> {
    let hit = this.access.get(structureId);
    if (!hit) {
      hit = requireAccess(this.db, this.userId, { structureId }, 'FACTURES_EMISES', 'modification').then(
        () => null,
        (e: unknown) => {
          if (e instanceof AppError && e.code === 'FORBIDDEN') return e.message;
          if (e instanceof AppError && e.code === 'NOT_FOUND')
            return 'Vous n’êtes pas membre de la structure émettrice de cette facture : demandez votre rattachement à son gestionnaire.';
          throw e;
        },
      );
      this.access.set(structureId, hit);
    }
    return hit;
  }

  actor(structureId: number): Promise<HistoryActor> {
    let hit = this.actors.get(structureId);
    if (!hit) {
      hit = actorFor({ db: this.db }, this.userId, structureId, null);
      this.actors.set(structureId, hit);
    }
    return hit;
  }

  bankAccounts(structureId: number) {
    let hit = this.banks.get(structureId);
    if (!hit) {
      hit = this.db
        .selectFrom('bank_accounts')
        .select(['id', 'iban'])
        .where('structure_id', '=', structureId)
        .where('active', '=', 1)
        .execute();
      this.banks.set(structureId, hit);
    }
    return hit;
  }
}

export interface StructureRef {
  id: number;
  identifier: string;
}

/** The first SIRET of the list that the directory knows. */
export async function firstKnown(cache: DirectoryCache, sirets: string[], kind: 'PUBLIQUE' | null) {
  for (const siret of sirets) {
    const s = await cache.structure(siret, kind);
    if (s) return s;
  }
  return undefined;
}
