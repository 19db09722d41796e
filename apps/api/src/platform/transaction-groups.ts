import { sql } from 'kysely';
import { inTransaction, lastStatements, type Db } from './context.ts';

/** Units written in one transaction at most. */
const GROUP_MAX_UNITS = 32;
/** Groups in flight at once per process: one is being written while the next one gathers. */
const GROUPS_IN_FLIGHT = 2;

interface Unit {
  /** Units are started in this order (the sending supplier): see the class. */
  order: number;
  work: (db: Db) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/** Thrown inside a group's transaction when one of its units failed: the group is rolled back. */
class UnitFailed extends Error {}

/**
 * PostgreSQL group writes (issue 13): the same write asked by many requests at once (a complete
 * invoice sent in one call) shares one transaction instead of one each. The units of a group run
 * side by side on the group's connection, so that their statements of each step leave in one
 * socket write (pipelined transactions) and the group commits once: three round trips and one
 * COMMIT for the group instead of three and one per invoice; each write to PostgreSQL's socket was
 * ~20 % of a server's CPU, and PostgreSQL's own time per invoice halves with the commits.
 *
 * A unit arriving when fewer than GROUPS_IN_FLIGHT groups run starts a group at once (a lone unit
 * runs as it would without groups, nothing waits for a timer); the others gather until a group
 * ends, then leave together (up to GROUP_MAX_UNITS). All-or-nothing per unit, as without groups:
 * a group commits only when every unit succeeded; if one fails (a rule refuses it, a number is
 * already used, any database error), the group is rolled back whole and each of its units runs
 * again alone, in its own transaction, and gets its own answer. A COMMIT that fails on a sound
 * transaction (connection lost) is each unit's error, never written again. Units of one group see
 * each other's writes as if they had run one after the other.
 *
 * Units are started in the order of `order` (the supplier): their counters, locked until commit,
 * are then taken in one order by every group, so two groups never wait on each other in a cycle
 * (and if they did, PostgreSQL would refuse one, whose units would then run alone).
 */
class TransactionGroups {
  private waiting: Unit[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  /** Runs `work` in a transaction of its own or of a group; `db` is that transaction. */
  run<T>(order: number, work: (db: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ order, work, resolve: resolve as (v: unknown) => void, reject });
      this.start();
    });
  }

  private start(): void {
    while (this.inFlight < GROUPS_IN_FLIGHT && this.waiting.length) {
      const units = this.waiting.splice(0, GROUP_MAX_UNITS);
      this.inFlight++;
      void this.write(units).finally(() => {
        this.inFlight--;
        this.start();
      });
    }
  }

  private async write(units: Unit[]): Promise<void> {
    if (units.length > 1) {
      units.sort((a, b) => a.order - b.order);
      // Set once the transaction is known sound up to its COMMIT.
      let sound = false;
      try {
        const values = await inTransaction(this.db, async (trx) => {
          const settled = await Promise.allSettled(units.map((u) => u.work(trx)));
          if (settled.some((s) => s.status === 'rejected')) throw new UnitFailed();
          // PostgreSQL answers COMMIT with a rollback, not an error, when a statement failed in
          // the transaction (one a unit caught): this statement then fails, and COMMIT goes with it.
          const check = sql`select 1`.execute(trx).then(() => {
            sound = true;
          });
          return lastStatements(check, () => settled.map((s) => (s as PromiseFulfilledResult<unknown>).value));
        });
        units.forEach((u, i) => u.resolve(values[i]));
        return;
      } catch (error) {
        // A COMMIT sent on a sound transaction that fails (connection lost, disk): whether it took
        // effect is unknown, as for a transaction alone, and writing again could write twice. Each
        // unit gets the error, as it would alone. Otherwise nothing of the group is kept: each unit
        // is written alone below.
        if (sound) {
          for (const u of units) u.reject(error);
          return;
        }
      }
    }
    await Promise.all(units.map((u) => u.work(this.db).then(u.resolve, u.reject)));
  }
}

const groups = new WeakMap<Db, TransactionGroups>();

/** The groups of writes to `db` (one set per database handle, so per process). */
export function transactionGroups(db: Db): TransactionGroups {
  let found = groups.get(db);
  if (!found) groups.set(db, (found = new TransactionGroups(db)));
  return found;
}
