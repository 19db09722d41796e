import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { migrateToLatest } from './migrate.ts';
import { testDatabaseKinds } from './testing.ts';

for (const kind of testDatabaseKinds()) {
  test(`[${kind.name}] migrations create the schema once and are idempotent`, async () => {
    const handle = await kind.create();
    try {
      assert.deepEqual(await migrateToLatest(handle.db), [], 'a second run applies nothing');
      const user = await handle.db
        .insertInto('users')
        .values({
          login_email: 'a@b.fr',
          first_name: 'A',
          last_name: 'B',
          phone: '',
          contact_email: 'a@b.fr',
          survey_consent: 0,
          status: 'pending',
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      assert.equal(typeof user.id, 'number');
      await assert.rejects(
        handle.db
          .insertInto('users')
          .values({
            login_email: 'a@b.fr',
            first_name: 'A',
            last_name: 'B',
            phone: '',
            contact_email: 'a@b.fr',
            survey_consent: 0,
            status: 'pending',
            created_at: new Date().toISOString(),
          })
          .execute(),
        'login addresses are unique',
      );
      const r = await sql<{ n: number }>`select count(*) as n from users`.execute(handle.db);
      assert.equal(Number(r.rows[0]?.n), 1);
    } finally {
      await handle.destroy();
    }
  });
}
