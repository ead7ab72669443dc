import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createTestDatabase, dropping, migrating } from '../../../test/db.ts';
import { migrateDown, migrateToLatest } from './database.ts';
import { migrations } from './migrations/index.ts';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

/** Tables of this test's own database (on PostgreSQL, its own schema: other tests run alongside). */
async function userTables({ db, engine }: TestDb): Promise<string[]> {
  const { rows } =
    engine === 'postgres'
      ? await sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema()`.execute(db)
      : await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(db);
  return rows
    .map((r) => r.name)
    .filter((n) => !n.startsWith('kysely_') && !n.startsWith('sqlite_'))
    .sort();
}

test('migrations go up to latest, all the way down, and up again', async () => {
  const database = await createTestDatabase(); // already at latest
  try {
    const { db } = database;
    const atLatest = await userTables(database);
    for (const t of ['people', 'profiles', 'sessions', 'auth_throttle', 'guardianships', 'classes']) {
      assert.ok(atLatest.includes(t), `table ${t} missing after migrating up`);
    }
    assert.deepEqual(await migrating(() => migrateToLatest(db)), [], 'nothing left to run');

    const names = Object.keys(migrations);
    const downed: string[] = [];
    for (let i = 0; i < names.length + 1; i++) {
      const name = await dropping(() => migrateDown(db));
      if (!name) break;
      downed.push(name);
    }
    assert.deepEqual(downed, [...names].reverse(), 'every migration went down, newest first');
    assert.deepEqual(await userTables(database), [], 'no table left after migrating down');

    assert.deepEqual(await migrating(() => migrateToLatest(db)), names);
    assert.deepEqual(await userTables(database), atLatest);
    // The schema is usable again.
    await db
      .insertInto('auth_throttle')
      .values({ key: 'k', failures: 1, last_failure_at: new Date().toISOString(), locked_until: null })
      .execute();
    assert.equal((await db.selectFrom('auth_throttle').selectAll().execute()).length, 1);
  } finally {
    await database.close();
  }
});
