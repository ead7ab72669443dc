import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeSchool, makeStaff } from '../../../../test/factories.ts';
import type { Executor } from '../../db/types.ts';
import { newId, nowIso } from '../../lib/ids.ts';

let t: TestContext;
before(async () => {
  t = await createTestApp();
});
after(async () => {
  await t.close();
});

async function insertChunked<T extends keyof import('../../db/types.ts').DB>(
  db: Executor,
  table: T,
  rows: Array<Record<string, unknown>>,
) {
  for (let i = 0; i < rows.length; i += 400) {
    await db
      .insertInto(table)
      // biome-ignore lint/suspicious/noExplicitAny: bulk fixture rows of several tables
      .values(rows.slice(i, i + 400) as any)
      .execute();
  }
}

/**
 * A 1,000-pupil school (40 classes of 25, four levels), 1,700 guardians (70 % of pupils with two): the principal
 * writes to every guardian of the four levels. One transaction, batched inserts: ≤ 1 s on SQLite.
 */
test('a message to all guardians of a 1,000-pupil school (~1,700 copies) is accepted in ≤ 1 s', async () => {
  const school = await makeSchool(t.db);
  const principal = await makeStaff(t.db, school, ['principal']);
  const now = nowIso();
  const classes = Array.from({ length: 40 }, (_, i) => ({
    id: newId(),
    school_id: school.id,
    school_year_id: school.yearId,
    site_id: school.siteId,
    code: `${6 - (i % 4)}${String.fromCharCode(65 + Math.floor(i / 4))}`,
    label: `${6 - (i % 4)}e ${String.fromCharCode(65 + Math.floor(i / 4))}`,
    level: `${6 - (i % 4)}e`,
  }));
  const people: Array<Record<string, unknown>> = [];
  const profiles: Array<Record<string, unknown>> = [];
  const memberships: Array<Record<string, unknown>> = [];
  const links: Array<Record<string, unknown>> = [];
  const person = (kind: 'pupil' | 'guardian', n: number) => {
    const id = newId();
    people.push({
      id,
      login: `${kind}${n}.${id.slice(0, 6)}`,
      first_name: `P${n}`,
      last_name: `N${n}`,
      birth_date: null,
      email: null,
      password_hash: null,
      activation_code_hash: null,
      activation_expires_at: null,
      locale: 'fr',
      is_deployment_admin: 0,
      disabled_at: null,
      external_id: null,
      created_at: now,
    });
    profiles.push({ id: newId(), person_id: id, school_id: school.id, kind });
    return id;
  };
  let guardians = 0;
  for (let i = 0; i < 1000; i++) {
    const pupil = person('pupil', i);
    memberships.push({
      id: newId(),
      pupil_id: pupil,
      class_id: classes[i % 40]!.id,
      starts_on: '2000-01-01',
      ends_on: null,
    });
    for (let k = 0; k < (i % 10 < 7 ? 2 : 1); k++) {
      const g = person('guardian', 10_000 + guardians++);
      links.push({
        id: newId(),
        guardian_id: g,
        pupil_id: pupil,
        responsibility: k === 0 ? 'legal1' : 'legal2',
        lives_with: 1,
        receives_mail: 1,
        may_collect: 1,
        court_restricted: 0,
      });
    }
  }
  await t.db.transaction().execute(async (trx) => {
    await insertChunked(trx, 'classes', classes);
    await insertChunked(trx, 'people', people);
    await insertChunked(trx, 'profiles', profiles);
    await insertChunked(trx, 'class_memberships', memberships);
    await insertChunked(trx, 'guardianships', links);
  });
  assert.equal(guardians, 1700);
  const s = await signIn(t.app, principal);
  const recipients = ['6e', '5e', '4e', '3e'].map((l) => ({ type: 'group', key: `level-guardians:${l}` }));
  // Warm-up (compiled queries, JIT), as on a running server.
  await t.app.inject({ method: 'GET', url: '/api/messaging/recipients?q=parents', headers: s.headers });
  const started = performance.now();
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/messages',
    headers: s.headers,
    payload: { subject: 'Grève du 9 décembre', body: '<p>Le collège sera fermé.</p>', recipients },
  });
  const ms = performance.now() - started;
  assert.equal(res.statusCode, 201, res.body);
  assert.equal(res.json().recipientCount, 1700);
  const copies = await t.db
    .selectFrom('message_copies')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('message_id', '=', res.json().id)
    .executeTakeFirstOrThrow();
  assert.equal(Number(copies.n), 1700);
  console.log(`# 1,700 copies sent in ${ms.toFixed(0)} ms`);
  if (!process.env.PREAU_TEST_DATABASE_URL) assert.ok(ms <= 1000, `sent in ${ms.toFixed(0)} ms`);
});
