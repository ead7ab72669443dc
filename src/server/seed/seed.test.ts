import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../test/app.ts';
import { createTestDatabase } from '../../../test/db.ts';
import { buildApp } from '../app.ts';
import type { Db } from '../db/types.ts';
import { testConfig } from '../lib/config.ts';
import { STAFF_FUNCTIONS } from '../lib/policy.ts';
import { DEMO_LOGINS, DEMO_PASSWORD, isDatabaseEmpty, seedDemoCollege } from './demo.ts';
import { seedDepartement } from './departement.ts';
import { LoginRegistry } from './generator.ts';

const countOf = async (db: Db, table: 'people' | 'classes' | 'groups' | 'sites' | 'periods') => {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const peopleOfKind = async (db: Db, kind: 'pupil' | 'guardian' | 'teacher' | 'staff') => {
  const row = await db
    .selectFrom('profiles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(row.n);
};

const identities = (db: Db) =>
  db.selectFrom('people').select(['login', 'first_name', 'last_name', 'birth_date']).orderBy('login').execute();

describe('demo college (Collège Le Parc)', () => {
  let ctx: TestContext;
  let summary: Record<string, number>;

  before(async () => {
    ctx = await createTestApp();
    assert.equal(await isDatabaseEmpty(ctx.db), true);
    summary = await seedDemoCollege(ctx.db);
  });
  after(() => ctx.close());

  test('has the two questionnaires with answers; the demo parent still has the satisfaction one to answer', async () => {
    assert.equal(summary.questionnaires, 2);
    assert.ok((summary.questionnaireAnswers ?? 0) > 50);
    const parent = await signIn(ctx.app, { login: 'parent', password: DEMO_PASSWORD });
    const mine = await ctx.app.inject({ method: 'GET', url: '/api/questionnaires/mine', headers: parent.headers });
    assert.equal(mine.json().toAnswer, 1);
    const principal = await signIn(ctx.app, { login: 'principal', password: DEMO_PASSWORD });
    const id = mine.json().items[0].id as string;
    const results = await ctx.app.inject({
      method: 'GET',
      url: `/api/questionnaires/${id}/results`,
      headers: principal.headers,
    });
    assert.equal(results.statusCode, 200, results.body);
    assert.ok(results.json().respondents >= 5);
  });

  test('has appointments, a visitor log and the practical information of the three sites', async () => {
    assert.equal(summary.appointments, 6);
    const pages = await ctx.db
      .selectFrom('info_pages as i')
      .innerJoin('sites as s', 's.id', 'i.site_id')
      .select('s.name')
      .orderBy('s.name')
      .execute();
    assert.deepEqual(
      pages.map((p) => p.name),
      ['Annexe Barrault', 'Annexe Solbes', 'Site Parc'],
    );
    const cpe = await signIn(ctx.app, { login: 'cpe', password: DEMO_PASSWORD });
    const mine = await ctx.app.inject({ method: 'GET', url: '/api/appointments?as=staff', headers: cpe.headers });
    assert.equal(mine.statusCode, 200, mine.body);
    const parent = await signIn(ctx.app, { login: 'parent', password: DEMO_PASSWORD });
    const family = await ctx.app.inject({
      method: 'GET',
      url: '/api/appointments?as=family',
      headers: parent.headers,
    });
    assert.equal(family.json().items.length, 2);
  });

  test('has the expected size', async () => {
    assert.equal(await isDatabaseEmpty(ctx.db), false);
    assert.equal(await countOf(ctx.db, 'sites'), 3);
    assert.equal(await countOf(ctx.db, 'periods'), 3);
    assert.equal(await countOf(ctx.db, 'classes'), 36);
    const pupils = await peopleOfKind(ctx.db, 'pupil');
    const guardians = await peopleOfKind(ctx.db, 'guardian');
    assert.ok(pupils >= 950 && pupils <= 1050, `pupils: ${pupils}`);
    assert.ok(guardians >= 1550 && guardians <= 1850, `guardians: ${guardians}`);
    assert.equal(await peopleOfKind(ctx.db, 'teacher'), 80);
    const staff = await peopleOfKind(ctx.db, 'staff');
    assert.ok(staff >= 35 && staff <= 45, `staff: ${staff}`);
    assert.equal(summary.pupils, pupils);
    const functions = await ctx.db.selectFrom('staff_functions').select('function').distinct().execute();
    // Every function. The délégué à la protection des données is the académie's, not the collège's: the demo gives
    // them the function in this school so that the `dpo` sign-in shows what they may see (the log of reads).
    assert.deepEqual(functions.map((f) => f.function).sort(), [...STAFF_FUNCTIONS].sort());
    const kinds = await ctx.db.selectFrom('groups').select('kind').distinct().execute();
    assert.deepEqual(kinds.map((k) => k.kind).sort(), ['chas', 'cham', 'language', 'option', 'ulis'].sort());
  });

  test("'parent' has mail preferences and a digest ready to send", async () => {
    const parent = await ctx.db
      .selectFrom('people')
      .selectAll()
      .where('login', '=', 'parent')
      .executeTakeFirstOrThrow();
    assert.match(parent.email ?? '', /@college-le-parc\.example$/);
    const waiting = await ctx.db
      .selectFrom('mail_queue')
      .select('category')
      .where('person_id', '=', parent.id)
      .where('status', '=', 'waiting_digest')
      .execute();
    assert.ok(waiting.length >= 3, `digest items: ${waiting.length}`);
    assert.equal(summary.mailDigestItems, waiting.length);
    const prefs = await ctx.db.selectFrom('mail_preferences').selectAll().where('person_id', '=', parent.id).execute();
    assert.ok(prefs.some((p) => p.category === 'grades' && p.mode === 'immediate'));
  });

  test('only the demo sign-ins have a password', async () => {
    const withPassword = await ctx.db
      .selectFrom('people')
      .select('login')
      .where('password_hash', 'is not', null)
      .orderBy('login')
      .execute();
    assert.deepEqual(
      withPassword.map((p) => p.login),
      [...DEMO_LOGINS].sort(),
    );
    const admin = await ctx.db
      .selectFrom('people')
      .select('is_deployment_admin')
      .where('login', '=', 'admin')
      .executeTakeFirstOrThrow();
    assert.equal(admin.is_deployment_admin, 1);
  });

  test('every demo login signs in with the demo password', async () => {
    for (const login of DEMO_LOGINS) await signIn(ctx.app, { login, password: DEMO_PASSWORD });
  });

  test("'parent' sees two children at two different sites", async () => {
    const session = await signIn(ctx.app, { login: 'parent', password: DEMO_PASSWORD });
    const res = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: session.headers });
    assert.equal(res.statusCode, 200);
    const me = res.json() as { children: Array<{ class: { level: string } | null; site: { name: string } | null }> };
    assert.equal(me.children.length, 2);
    const sites = new Set(me.children.map((c) => c.site?.name));
    assert.equal(sites.size, 2, `sites: ${[...sites].join(', ')}`);
    assert.ok(!sites.has(undefined));
  });

  test("'professeur' is professeur principal and teaches several classes", async () => {
    const session = await signIn(ctx.app, { login: 'professeur', password: DEMO_PASSWORD });
    const res = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: session.headers });
    const me = res.json() as { teaching: Array<{ kind: string; isPrincipal: boolean }> };
    assert.ok(me.teaching.filter((t) => t.kind === 'class').length >= 2);
    assert.ok(me.teaching.some((t) => t.isPrincipal));
  });

  test('news: a strike notice about 60 % of families confirmed, still to confirm for the demo parent', async () => {
    const secretary = await signIn(ctx.app, { login: 'secretariat', password: DEMO_PASSWORD });
    const list = (await ctx.app.inject({ method: 'GET', url: '/api/news', headers: secretary.headers })).json();
    assert.equal(list.items.length, 4);
    const strike = list.items.find((n: { title: string }) => n.title.startsWith('Grève'));
    const receipts = (
      await ctx.app.inject({ method: 'GET', url: `/api/news/${strike.id}/receipts`, headers: secretary.headers })
    ).json();
    const share = receipts.totals.confirmed / receipts.totals.families;
    assert.ok(share > 0.5 && share < 0.7, `confirmed: ${share}`);
    assert.ok(receipts.unreached.length > 0);
    assert.ok(receipts.unreached.some((f: { guardians: Array<{ phone: string | null }> }) => f.guardians[0]?.phone));
    const parent = await signIn(ctx.app, { login: 'parent', password: DEMO_PASSWORD });
    const mine = (await ctx.app.inject({ method: 'GET', url: '/api/news', headers: parent.headers })).json();
    const titles = mine.items.map((n: { title: string }) => n.title);
    assert.ok(titles.includes(strike.title) && !titles.some((t: string) => t.startsWith('Conseil')));
    assert.equal(mine.items.find((n: { id: string }) => n.id === strike.id).confirmedAt, null);
  });

  test('pupils are born in the years of their level', async () => {
    const rows = await ctx.db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .innerJoin('people as p', 'p.id', 'm.pupil_id')
      .innerJoin('school_years as y', 'y.id', 'c.school_year_id')
      .select(['c.level', 'p.birth_date', 'y.starts_on'])
      .execute();
    assert.equal(rows.length, summary.pupils);
    for (const r of rows) {
      const expected = Number(r.starts_on.slice(0, 4)) - 11 - ['6e', '5e', '4e', '3e'].indexOf(r.level);
      const born = Number(r.birth_date?.slice(0, 4));
      assert.ok(born === expected || born === expected - 1, `${r.level} born ${r.birth_date}`);
    }
  });

  test('exactly one court-restricted link', async () => {
    const rows = await ctx.db.selectFrom('guardianships').select('id').where('court_restricted', '=', 1).execute();
    assert.equal(rows.length, 1);
  });

  test('every class has a professeur principal who teaches it', async () => {
    const missing = await ctx.db
      .selectFrom('classes as c')
      .leftJoin('class_principals as cp', 'cp.class_id', 'c.id')
      .select('c.code')
      .where('cp.id', 'is', null)
      .execute();
    assert.deepEqual(missing, []);
    const notTeaching = await ctx.db
      .selectFrom('class_principals as cp')
      .leftJoin('teaching_assignments as t', (j) =>
        j.onRef('t.class_id', '=', 'cp.class_id').onRef('t.teacher_id', '=', 'cp.teacher_id'),
      )
      .select('cp.id')
      .where('t.id', 'is', null)
      .execute();
    assert.deepEqual(notTeaching, []);
  });

  test('every class has every subject of its curriculum', async () => {
    const rows = await ctx.db
      .selectFrom('teaching_assignments')
      .select(['class_id', (eb) => eb.fn.count<number>('subject_id').distinct().as('n')])
      .where('class_id', 'is not', null)
      .groupBy('class_id')
      .execute();
    assert.equal(rows.length, 36);
    for (const r of rows) assert.equal(Number(r.n), 10);
  });

  test('the same seed gives the same logins and names', async () => {
    const other = await createTestDatabase();
    try {
      await seedDemoCollege(other.db);
      assert.deepEqual(await identities(other.db), await identities(ctx.db));
    } finally {
      await other.close();
    }
  });
});

describe('logins', () => {
  test('are ASCII prenom.nom, numbered when taken', () => {
    const logins = new LoginRegistry();
    logins.reserve('eleve');
    const cases: Array<[string, string, string]> = [
      ['Maëlys', "N'Diaye", 'maelys.ndiaye'],
      ['Jean-Baptiste', 'Da Silva', 'jean-baptiste.da-silva'],
      ['Ömer', 'Yilmaz', 'omer.yilmaz'],
      ['Élodie', 'Lefèvre', 'elodie.lefevre'],
      ['Elodie', 'Lefevre', 'elodie.lefevre2'],
      ['Élodie', 'Lefèvre', 'elodie.lefevre3'],
    ];
    for (const [first, last, login] of cases) assert.equal(logins.take(first, last), login);
  });
});

describe('département', () => {
  test('a small département has distinct schools, and every account has the password', async () => {
    const database = await createTestDatabase();
    try {
      const lines: string[] = [];
      const summary = await seedDepartement(database.db, { schools: 3, log: (l) => lines.push(l) });
      assert.equal(lines.length, 3);
      const schools = await database.db.selectFrom('schools').select(['uai', 'name']).execute();
      assert.equal(schools.length, 3);
      assert.equal(new Set(schools.map((s) => s.uai)).size, 3);
      assert.ok(schools.some((s) => s.name === 'Collège Le Parc'));
      assert.equal(summary.accounts, await countOf(database.db, 'people'));
      assert.ok(summary.accounts! > 4000 && summary.accounts! < 8000, `accounts: ${summary.accounts}`);
      const noPassword = await database.db
        .selectFrom('people')
        .select('id')
        .where('password_hash', 'is', null)
        .execute();
      assert.equal(noPassword.length, 0);
      const restricted = await database.db
        .selectFrom('guardianships')
        .select('id')
        .where('court_restricted', '=', 1)
        .execute();
      assert.equal(restricted.length, 3);

      const pupil = await database.db
        .selectFrom('people as p')
        .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
        .innerJoin('schools as s', 's.id', 'pr.school_id')
        .select('p.login')
        .where('pr.kind', '=', 'pupil')
        .where('s.name', '!=', 'Collège Le Parc')
        .orderBy('p.login')
        .executeTakeFirstOrThrow();
      // Teachers on two collèges: each school shares two with the previous one.
      const teacherProfiles = await database.db
        .selectFrom('profiles')
        .select(['person_id', 'school_id'])
        .where('kind', '=', 'teacher')
        .execute();
      const schoolsOf = new Map<string, string[]>();
      for (const p of teacherProfiles) schoolsOf.set(p.person_id, [...(schoolsOf.get(p.person_id) ?? []), p.school_id]);
      const shared = [...schoolsOf].filter(([, ids]) => ids.length === 2);
      assert.equal(shared.length, 4, 'people with a teacher profile in two schools');
      assert.equal(summary.sharedTeachers, 4, 'shared teachers in the summary');
      // Two schools neither of which is Le Parc, whose administrator is also the deployment's (the demo's "admin"):
      // a deployment administrator may rename anyone, so that pair would not test the school administrator's limit.
      const parc = await database.db
        .selectFrom('schools')
        .select('id')
        .where('name', '=', 'Collège Le Parc')
        .executeTakeFirstOrThrow();
      const [teacherId, [schoolA, schoolB]] = shared.find(([, ids]) => !ids.includes(parc.id))! as [string, string[]];
      const assignments = await database.db
        .selectFrom('teaching_assignments')
        .select('school_id')
        .distinct()
        .where('teacher_id', '=', teacherId)
        .execute();
      assert.deepEqual(assignments.map((a) => a.school_id).sort(), [schoolA, schoolB].sort());
      const loginOf = async (schoolId: string, fn: 'principal' | 'school_admin') =>
        (
          await database.db
            .selectFrom('staff_functions as f')
            .innerJoin('people as p', 'p.id', 'f.person_id')
            .select('p.login')
            .where('f.school_id', '=', schoolId)
            .where('f.function', '=', fn)
            .executeTakeFirstOrThrow()
        ).login;
      const app = await buildApp({ db: database.db, config: testConfig(), logger: false });
      try {
        await signIn(app, { login: pupil.login, password: DEMO_PASSWORD });
        // each school sees only its own courses of the shared teacher
        for (const schoolId of [schoolA!, schoolB!]) {
          const head = await signIn(app, { login: await loginOf(schoolId, 'principal'), password: DEMO_PASSWORD });
          const week = await app.inject({
            method: 'GET',
            url: `/api/timetable/teachers/${teacherId}/week`,
            headers: head.headers,
          });
          assert.equal(week.statusCode, 200, week.body);
          const courseIds = [
            ...new Set((week.json() as { sessions: Array<{ key: string }> }).sessions.map((x) => x.key.split(':')[0]!)),
          ];
          const schools = await database.db
            .selectFrom('courses')
            .select('school_id')
            .distinct()
            .where('id', 'in', courseIds.length > 0 ? courseIds : [''])
            .execute();
          assert.ok(schools.every((x) => x.school_id === schoolId));
        }
        // one school's administrator does not rename a teacher of two schools
        const admin = await signIn(app, { login: await loginOf(schoolB!, 'school_admin'), password: DEMO_PASSWORD });
        const renamed = await app.inject({
          method: 'PATCH',
          url: `/api/schools/${schoolB}/admin/people/${teacherId}`,
          headers: admin.headers,
          payload: { lastName: 'Renommé' },
        });
        assert.equal(renamed.statusCode, 403, renamed.body);
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
    }
  });
});
