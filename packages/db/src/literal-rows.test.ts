import { test } from 'node:test';
import assert from 'node:assert/strict';
import SQLite from 'better-sqlite3';
import { cachedStatements } from './statements.ts';

/*
 * The cached statements build their rows with one object literal per statement (issue 13): the
 * rows must be the very objects better-sqlite3 builds itself, keys in the same order included.
 */
function open() {
  const sqlite = new SQLite(':memory:');
  sqlite.exec(`
    create table t (id integer primary key, name text, amount integer, ratio real, data blob, note text);
    create table u (id integer primary key, t_id integer, name text);
    insert into t (name, amount, ratio, data, note) values ('a', 1, 0.5, x'0102', null), ('b', 2, 1.5, null, 'é « »');
    insert into u (t_id, name) values (1, 'u1'), (2, 'u2');
  `);
  return { sqlite, statements: cachedStatements(sqlite) };
}

const same = (actual: unknown, expected: unknown) => {
  assert.deepEqual(actual, expected);
  // Same keys in the same order: what JSON and the pages show.
  assert.equal(JSON.stringify(actual), JSON.stringify(expected));
};

test('rows of all, get and iterate are those better-sqlite3 builds, keys in order', () => {
  const { sqlite, statements } = open();
  for (const sql of [
    'select * from t order by id',
    // Two columns of one name: the last one's value, at the first one's place.
    'select t.*, u.* from t join u on u.t_id = t.id order by t.id',
    'select id, name as "weird ""name"" \\ key", 1 + 1 as two from t',
    // better-sqlite3 sets a row's prototype from a column named so (here a number: ignored).
    'select id as "__proto__", name from t',
    'select * from t where id = -1',
  ]) {
    const expected = sqlite.prepare(sql).all();
    same(statements.prepare(sql).all(), expected);
    same(statements.prepare(sql).all(), expected); // from the cache
    same(statements.prepare(sql).get(), sqlite.prepare(sql).get());
    same([...statements.prepare(sql).iterate()], expected);
  }
});

test('parameters, RETURNING and a run that returns nothing work as before', () => {
  const { sqlite, statements } = open();
  same(statements.prepare('select name from t where id = ? and amount = ?').all([2, 2]), [{ name: 'b' }]);
  same(statements.prepare('insert into t (name) values (?) returning id, name').all(['c']), [{ id: 3, name: 'c' }]);
  assert.equal(statements.prepare('update t set amount = ? where id = ?').run([5, 3]).changes, 1);
  same(sqlite.prepare('select amount from t where id = 3').get(), { amount: 5 });
});

test('a column added to the table shows in the rows of a statement cached before', () => {
  const { statements } = open();
  const sql = 'select * from u where id = ?';
  same(statements.prepare(sql).all([1]), [{ id: 1, t_id: 1, name: 'u1' }]);
  statements.prepare('alter table u add column extra text').run();
  same(statements.prepare(sql).all([1]), [{ id: 1, t_id: 1, name: 'u1', extra: null }]);
  // A column renamed: the same width, other names.
  statements.prepare('alter table u rename column name to label').run();
  same(statements.prepare(sql).all([1]), [{ id: 1, t_id: 1, label: 'u1', extra: null }]);
  // The same change made outside the cache: SQLite prepares the statement again, the rows follow.
  const { sqlite: other, statements: cached } = open();
  same(cached.prepare(sql).all([2]), [{ id: 2, t_id: 2, name: 'u2' }]);
  other.exec('alter table u add column more integer default 7');
  same(cached.prepare(sql).all([2]), [{ id: 2, t_id: 2, name: 'u2', more: 7 }]);
});
