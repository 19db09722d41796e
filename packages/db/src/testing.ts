import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type ChoraleDb } from './dialect.ts';
import { migrateToLatest } from './migrate.ts';

export interface TestDatabase extends ChoraleDb {
  /** URL another process can use to reach the same data (e.g. a spawned server). */
  url: string;
  searchPath?: string;
}

export interface TestDatabaseKind {
  name: 'sqlite' | 'postgres';
  /** A fresh, migrated database; destroy() removes it. */
  create(): Promise<TestDatabase>;
}

/**
 * Every database test runs once per kind: SQLite in memory always, and PostgreSQL when
 * TEST_DATABASE_URL is set, each run in a schema of its own that is dropped afterwards.
 */
export function testDatabaseKinds(): TestDatabaseKind[] {
  const kinds: TestDatabaseKind[] = [
    {
      name: 'sqlite',
      async create() {
        const handle = openDatabase(':memory:');
        await migrateToLatest(handle.db);
        return { ...handle, url: ':memory:' };
      },
    },
  ];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    kinds.push({
      name: 'postgres',
      async create() {
        const schema = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
        const admin = new pg.Client({ connectionString: pgUrl });
        await admin.connect();
        await admin.query(`create schema ${schema}`);
        await admin.end();
        const handle = openDatabase(pgUrl, { searchPath: schema, poolSize: 5 });
        await migrateToLatest(handle.db, { schema: handle.schema });
        return {
          ...handle,
          url: pgUrl,
          searchPath: schema,
          async destroy() {
            await handle.destroy();
            const c = new pg.Client({ connectionString: pgUrl });
            await c.connect();
            await c.query(`drop schema ${schema} cascade`);
            await c.end();
          },
        };
      },
    });
  }
  return kinds;
}

/** A user row for tests that write invoices or memberships straight into the database; returns its id. */
export async function insertTestUser(
  db: ChoraleDb['db'],
  values: { login_email?: string; status?: 'pending' | 'active' | 'technical'; created_at?: string } = {},
): Promise<number> {
  const email = values.login_email ?? 'a@b.fr';
  const row = await db
    .insertInto('users')
    .values({
      login_email: email,
      first_name: 'A',
      last_name: 'B',
      phone: '',
      contact_email: email,
      survey_consent: 0,
      status: values.status ?? 'active',
      created_at: values.created_at ?? new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
