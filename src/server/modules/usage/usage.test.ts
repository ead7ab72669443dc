import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import {
  assertRefusals,
  createTestApp,
  readLetter,
  type Session,
  signIn,
  type TestContext,
} from '../../../../test/app.ts';
import {
  makeClass,
  makeGuardian,
  makePerson,
  makePupil,
  makeSchool,
  makeStaff,
  makeTeacher,
} from '../../../../test/factories.ts';
import { todayInParis } from '../../lib/dates.ts';
import { familyOfRoute } from './usage.families.ts';
import { keyFigures } from './usage.pdf.ts';
import { localDayHour, OUTSIDE, retentionCutoff, type UsageEvent, UsageRecorder, visitOf } from './usage.recorder.ts';
import * as repo from './usage.repo.ts';
import { masked, rateOf } from './usage.service.ts';

describe('usage: pure rules', () => {
  test('a visit starts with a session or after 30 minutes without activity; active time comes from moves', () => {
    assert.deepEqual(visitOf({ first: true, gapMs: 0, touched: true }), { visit: true, activeSeconds: 0 });
    assert.deepEqual(visitOf({ first: false, gapMs: 30 * 60_000, touched: true }), { visit: true, activeSeconds: 0 });
    assert.deepEqual(visitOf({ first: false, gapMs: 90_000, touched: true }), { visit: false, activeSeconds: 90 });
    assert.deepEqual(visitOf({ first: false, gapMs: 20_000, touched: false }), { visit: false, activeSeconds: 0 });
  });

  test('routes are grouped into service families', () => {
    assert.equal(familyOfRoute('/api/messages/:id'), 'communication');
    assert.equal(familyOfRoute('/api/schools/:schoolId/attendance/missing'), 'vie_scolaire');
    assert.equal(familyOfRoute('/api/report-cards/:id'), 'scolarite');
    assert.equal(familyOfRoute('/api/homework/:id/done'), 'pedagogie');
    assert.equal(familyOfRoute('/api/me'), 'services');
  });

  test('local day and hour follow Paris time across the daylight saving change', () => {
    assert.deepEqual(localDayHour(Date.parse('2026-12-04T23:30:00Z')), { day: '2026-12-05', hour: 0 });
    assert.deepEqual(localDayHour(Date.parse('2026-07-01T21:59:00Z')), { day: '2026-07-01', hour: 23 });
  });

  test('counts under five are hidden, shares need a whole of five', () => {
    assert.equal(masked(0), 0);
    assert.equal(masked(4), null);
    assert.equal(masked(5), 5);
    assert.equal(rateOf(2, 4), null);
    assert.equal(rateOf(2, 5), 0.4);
  });

  test('retention keeps 25 months', () => {
    assert.equal(retentionCutoff(Date.parse('2026-12-04T12:00:00Z')), '2024-11-04');
    assert.equal(retentionCutoff(Date.parse('2027-01-31T12:00:00Z')), '2024-12-28');
  });
});

describe('usage: recording and dashboards', () => {
  let t: TestContext;
  let school: Awaited<ReturnType<typeof makeSchool>>;
  let other: Awaited<ReturnType<typeof makeSchool>>;
  let principal: Session;

  before(async () => {
    t = await createTestApp();
    school = await makeSchool(t.db);
    other = await makeSchool(t.db);
    await t.db
      .updateTable('sites')
      .set({ network_ranges: JSON.stringify(['10.93.60.0/24', '2001:db8:93::/48']) })
      .where('id', '=', school.siteId)
      .execute();
    principal = await signIn(t.app, await makeStaff(t.db, school, ['principal']));
  });
  after(() => t?.close());

  test('the stored counters are exactly the aggregation of a replay of raw events (several flushes)', async () => {
    const rec = new UsageRecorder(t.db);
    const base = Date.parse('2026-03-16T06:00:00Z');
    const events: UsageEvent[] = [];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const profiles = ['pupil', 'guardian', 'teacher', 'staff'] as const;
    const families = ['communication', 'vie_scolaire', 'pedagogie'] as const;
    for (let i = 0; i < 3000; i++) {
      events.push({
        at: base + Math.floor(rnd() * 3 * 24 * 3600_000),
        schoolId: other.id,
        place: rnd() < 0.3 ? other.siteId : OUTSIDE,
        profile: profiles[Math.floor(rnd() * 4)]!,
        family: rnd() < 0.8 ? families[Math.floor(rnd() * 3)] : undefined,
        visit: rnd() < 0.2,
        activeSeconds: rnd() < 0.5 ? Math.floor(rnd() * 120) : 0,
      });
    }
    for (let i = 0; i < events.length; i++) {
      rec.record(events[i]!);
      if (i % 700 === 0) await rec.flush();
    }
    await rec.close();

    // Naive replay: one key per (day, hour, place, profile[, family]) in Paris time, computed independently.
    const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' });
    const expectedVisits = new Map<string, [number, number]>();
    const expectedUses = new Map<string, number>();
    for (const e of events) {
      const [day, time] = fmt.format(new Date(e.at)).split(' ') as [string, string];
      const k = `${day}|${Number(time.slice(0, 2))}|${e.place}|${e.profile}`;
      if (e.visit || e.activeSeconds) {
        const v = expectedVisits.get(k) ?? [0, 0];
        expectedVisits.set(k, [v[0] + (e.visit ? 1 : 0), v[1] + (e.activeSeconds ?? 0)]);
      }
      if (e.family) expectedUses.set(`${k}|${e.family}`, (expectedUses.get(`${k}|${e.family}`) ?? 0) + 1);
    }
    const visits = await t.db.selectFrom('usage_visits').selectAll().where('school_id', '=', other.id).execute();
    const got = new Map(
      visits.map((r) => [`${r.day}|${r.hour}|${r.place}|${r.profile}`, [Number(r.visits), Number(r.active_seconds)]]),
    );
    assert.deepEqual(got, expectedVisits);
    const uses = await t.db.selectFrom('usage_services').selectAll().where('school_id', '=', other.id).execute();
    const gotUses = new Map(
      uses.map((r) => [`${r.day}|${r.hour}|${r.place}|${r.profile}|${r.family}`, Number(r.uses)]),
    );
    assert.deepEqual(gotUses, expectedUses);
  });

  test('a sign-in is a visit, placed on the site whose range holds the address (IPv4 and IPv6) or outside', async () => {
    const pupils = await Promise.all([1, 2, 3].map(() => makePupil(t.db, school)));
    const places = ['10.93.60.17', '2001:db8:93:4::12', '192.0.2.44'];
    for (const [i, p] of pupils.entries()) {
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { login: p.login, password: p.password },
        remoteAddress: places[i]!,
      });
      assert.equal(login.statusCode, 200);
      const cookie = login.cookies.find((c) => c.name.endsWith('preau_session'))!;
      for (let k = 0; k < 3; k++) {
        const res = await t.app.inject({
          url: '/api/me',
          headers: { cookie: `${cookie.name}=${cookie.value}` },
          remoteAddress: places[i]!,
        });
        assert.equal(res.statusCode, 200);
      }
    }
    await t.app.usage.flush();
    const rows = await t.db
      .selectFrom('usage_visits')
      .select(['place', (eb) => eb.fn.sum<number>('visits').as('v')])
      .where('school_id', '=', school.id)
      .where('profile', '=', 'pupil')
      .groupBy('place')
      .execute();
    const byPlace = Object.fromEntries(rows.map((r) => [r.place, Number(r.v)]));
    assert.deepEqual(byPlace, { [school.siteId]: 2, [OUTSIDE]: 1 }, 'three sign-ins, three visits, no more');
    const uses = await t.db
      .selectFrom('usage_services')
      .select((eb) => eb.fn.sum<number>('uses').as('u'))
      .where('school_id', '=', school.id)
      .where('profile', '=', 'pupil')
      .executeTakeFirst();
    assert.equal(Number(uses?.u), 9);
  });

  test('the dashboard hides counts under five and shades the school calendar’s days off', async () => {
    await repo.addCounters(
      t.db,
      [
        {
          schoolId: school.id,
          day: '2026-10-06',
          hour: 18,
          place: OUTSIDE,
          profile: 'guardian',
          visits: 3,
          activeSeconds: 600,
        },
        {
          schoolId: school.id,
          day: '2026-10-07',
          hour: 20,
          place: OUTSIDE,
          profile: 'pupil',
          visits: 12,
          activeSeconds: 3600,
        },
      ],
      [],
    );
    const res = await t.app.inject({
      url: `/api/schools/${school.id}/usage?from=2026-10-01&to=2026-10-31`,
      headers: principal.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    const day = (d: string) => body.days.find((x: { day: string }) => x.day === d);
    assert.equal(day('2026-10-06').visits, null, 'three visits are not shown');
    assert.equal(day('2026-10-07').visits, 12);
    assert.equal(day('2026-10-07').activeMinutes, 60);
    assert.equal(day('2026-10-08').visits, 0);
    assert.ok(day('2026-10-26').offLabel, 'the Toussaint holidays are shaded');
    const wed20 = body.heatmap.find((c: { weekday: number; hour: number }) => c.weekday === 3 && c.hour === 20);
    assert.equal(wed20.visits, 12);
    const outside = body.places.find((p: { place: string }) => p.place === OUTSIDE);
    assert.equal(outside.visits, 15);
  });

  test('activation by class, and the list of who never activated their account', async () => {
    const pupil = await makePupil(t.db, school);
    const cls = await t.db
      .selectFrom('class_memberships')
      .select('class_id')
      .where('pupil_id', '=', pupil.id)
      .executeTakeFirstOrThrow();
    const inactive = await makePerson(t.db, {
      schoolId: school.id,
      profiles: ['guardian'],
      password: false,
      lastName: 'Sansmotdepasse',
    });
    await t.db
      .insertInto('guardianships')
      .values({
        id: `g-${inactive.id}`,
        guardian_id: inactive.id,
        pupil_id: pupil.id,
        responsibility: 'legal1',
        lives_with: 1,
        receives_mail: 1,
        may_collect: 1,
        court_restricted: 0,
      })
      .execute();
    const res = await t.app.inject({
      url: `/api/schools/${school.id}/usage/classes/${cls.class_id}/inactive`,
      headers: principal.headers,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res.json().guardians.map((g: { name: string }) => g.name.split(' ')[0]),
      ['Sansmotdepasse'],
    );
  });

  test('families reached by the last news to families, and questionnaire participation', async () => {
    const third = await makeSchool(t.db);
    const direction = await signIn(t.app, await makeStaff(t.db, third, ['principal']));
    const admin = await signIn(t.app, await makeStaff(t.db, third, ['school_admin']));
    const cls = await makeClass(t.db, third, { code: '5A', level: '5e' });
    const pupils = await Promise.all(Array.from({ length: 8 }, () => makePupil(t.db, third, { classId: cls.id })));
    const guardians: Session[] = [];
    for (const p of pupils) {
      guardians.push(await signIn(t.app, await makeGuardian(t.db, { children: [{ id: p.id, schoolId: third.id }] })));
    }
    // The first family has two guardians: both open it, the family counts once.
    const second = await signIn(
      t.app,
      await makeGuardian(t.db, { children: [{ id: pupils[0]!.id, schoolId: third.id }], responsibility: 'legal2' }),
    );
    const publish = async (title: string, extra: object = {}) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/news',
        headers: direction.headers,
        payload: { schoolId: third.id, title, body: '<p>Texte</p>', audience: { publics: ['guardians'] }, ...extra },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as string;
    };
    const before = await t.app.inject({ url: `/api/schools/${third.id}/usage`, headers: direction.headers });
    assert.equal(before.statusCode, 200, before.body);
    assert.equal(before.json().lastNews, null, 'no news yet');

    await publish('Ancienne actualité');
    await new Promise((r) => setTimeout(r, 5));
    const id = await publish('Grève du 12', { ackRequired: true });
    // Neither a planned news nor a news to staff only is « the last news to families ».
    await publish('Plus tard', { publishAt: new Date(Date.now() + 86_400_000).toISOString() });
    await new Promise((r) => setTimeout(r, 5));
    await publish('Aux personnels', { audience: { publics: ['staff'] } });
    for (const [i, g] of [...guardians.slice(0, 6), second].entries()) {
      const read = await t.app.inject({ method: 'POST', url: `/api/news/${id}/read`, headers: g.headers });
      assert.equal(read.statusCode < 300, true, read.body);
      if (i < 5) {
        const ok = await t.app.inject({ method: 'POST', url: `/api/news/${id}/confirm`, headers: g.headers });
        assert.equal(ok.statusCode < 300, true, ok.body);
      }
    }
    const receipts = (await t.app.inject({ url: `/api/news/${id}/receipts`, headers: direction.headers })).json()
      .totals;

    // A questionnaire to the families: 5 of the 9 guardians answer.
    const q = await t.app.inject({
      method: 'POST',
      url: '/api/questionnaires',
      headers: direction.headers,
      payload: {
        schoolId: third.id,
        title: 'Équipement',
        questions: [{ id: 'a', kind: 'scale', label: 'Note' }],
        audience: { publics: ['guardians'] },
        anonymous: true,
        opensOn: todayInParis(new Date()),
        closesOn: todayInParis(new Date(Date.now() + 5 * 86_400_000)),
      },
    });
    assert.equal(q.statusCode, 201, q.body);
    const qid = q.json().id as string;
    await t.app.inject({ method: 'POST', url: `/api/questionnaires/${qid}/publish`, headers: direction.headers });
    for (const g of guardians.slice(0, 5)) {
      const a = await t.app.inject({
        method: 'POST',
        url: `/api/questionnaires/${qid}/answers`,
        headers: g.headers,
        payload: { answers: { a: 4 } },
      });
      assert.equal(a.statusCode, 201, a.body);
    }

    const res = await t.app.inject({ url: `/api/schools/${third.id}/usage`, headers: direction.headers });
    assert.equal(res.statusCode, 200, res.body);
    const news = res.json().lastNews;
    assert.equal(news.id, id);
    assert.equal(news.title, 'Grève du 12');
    assert.deepEqual(
      { families: news.families, opened: news.opened, confirmed: news.confirmed },
      { families: 8, opened: 6, confirmed: 5 },
    );
    // The same count as the receipts page.
    assert.equal(news.families, receipts.families);
    assert.equal(news.opened, receipts.opened + receipts.confirmed);
    assert.equal(news.confirmed, receipts.confirmed);
    assert.equal(news.openedRate, 0.75);
    assert.equal(news.confirmedRate, 0.625);
    assert.equal(news.canSeeReceipts, true);
    const [participation] = res.json().questionnaires;
    assert.deepEqual(
      { title: participation.title, respondents: participation.respondents, audience: participation.audience },
      { title: 'Équipement', respondents: 5, audience: 9 },
    );
    assert.equal(participation.rate, 0.556);

    // The school's ENT administrator reads the dashboard, not the receipts (no link for them).
    const forAdmin = await t.app.inject({ url: `/api/schools/${third.id}/usage`, headers: admin.headers });
    assert.equal(forAdmin.statusCode, 200, forAdmin.body);
    assert.equal(forAdmin.json().lastNews.canSeeReceipts, false);

    // Under the minimum: a news to one class of four families shows no figure but zeros.
    const small = await makeClass(t.db, third, { code: '5B', level: '5e' });
    const few = await Promise.all(Array.from({ length: 4 }, () => makePupil(t.db, third, { classId: small.id })));
    const fewGuardian = await signIn(
      t.app,
      await makeGuardian(t.db, { children: [{ id: few[0]!.id, schoolId: third.id }] }),
    );
    await new Promise((r) => setTimeout(r, 5));
    const smallId = await publish('Sortie de la 5B', { audience: { publics: ['guardians'], classIds: [small.id] } });
    await t.app.inject({ method: 'POST', url: `/api/news/${smallId}/read`, headers: fewGuardian.headers });
    const hidden = (await t.app.inject({ url: `/api/schools/${third.id}/usage`, headers: direction.headers })).json()
      .lastNews;
    assert.equal(hidden.id, smallId);
    assert.deepEqual([hidden.families, hidden.opened, hidden.openedRate], [null, null, null]);
    assert.equal(hidden.confirmed, null, 'no confirmation asked');

    // The one-page PDF for the conseil d'administration, over a year of counters up to today.
    const to = todayInParis(new Date());
    const from = todayInParis(new Date(Date.now() - 364 * 86_400_000));
    const counters = [];
    for (let d = new Date(`${from}T12:00:00Z`); d <= new Date(`${to}T12:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
      const dayIso = d.toISOString().slice(0, 10);
      counters.push(
        {
          schoolId: third.id,
          day: dayIso,
          hour: 18,
          place: OUTSIDE,
          profile: 'guardian' as const,
          visits: 20,
          activeSeconds: 3600,
        },
        {
          schoolId: third.id,
          day: dayIso,
          hour: 10,
          place: third.siteId,
          profile: 'pupil' as const,
          visits: 10,
          activeSeconds: 1800,
        },
      );
    }
    const uses = counters.map((c) => ({ ...c, family: 'pedagogie' as const, uses: 30 }));
    await repo.addCounters(
      t.db,
      counters,
      uses.map(({ visits: _v, activeSeconds: _a, ...u }) => u),
    );
    const range = `from=${from}&to=${to}`;
    const dash = await t.app.inject({ url: `/api/schools/${third.id}/usage?${range}`, headers: direction.headers });
    const pdfRes = await t.app.inject({
      url: `/api/schools/${third.id}/usage/report.pdf?${range}`,
      headers: direction.headers,
    });
    assert.equal(pdfRes.statusCode, 200, pdfRes.body);
    assert.equal(pdfRes.headers['content-type'], 'application/pdf');
    assert.match(pdfRes.headers['content-disposition'] as string, new RegExp(`usages-ent-${from}-${to}\\.pdf`));
    const { text, pages } = await readLetter(pdfRes.rawPayload);
    assert.equal(pages.length, 1, 'one page');
    const flat = text.replace(/\s+/g, ' ').replace(/\u202f|\u00a0/g, ' ');
    // This test's own requests are live visits of today, flushed in the background (at once on SQLite, a moment
    // later on PostgreSQL): the PDF's figures are those of the dashboard read just before or just after it.
    const after = await t.app.inject({ url: `/api/schools/${third.id}/usage?${range}`, headers: direction.headers });
    const seen = [keyFigures(dash.json()), keyFigures(after.json())];
    const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n).replace(/\u202f|\u00a0/g, ' ');
    for (const f of seen) assert.ok(f.visits >= 365 * 30 && f.visits < 365 * 30 + 50, `visits ${f.visits}`);
    assert.ok(
      seen.some((f) => flat.includes(`Visites : ${fr(f.visits)} sur la période`)),
      'the visits',
    );
    assert.ok(
      seen.some((f) => flat.includes(`${fr(f.hours)} h d’activité`)),
      'the hours of use',
    );
    assert.ok(flat.includes('Depuis l’extérieur de l’établissement : 67 %'), 'site vs home');
    assert.ok(flat.includes('Cahier de textes et travail à faire'), 'the top service');
    assert.ok(flat.includes('Équipement'), 'the questionnaire');
    assert.ok(flat.includes('5 / 10'), 'its participation (a tenth guardian since)');
    assert.ok(flat.includes('Sortie de la 5B'), 'the last news');
    const long = (iso: string) =>
      new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'long' }).format(
        new Date(`${iso}T12:00:00Z`),
      );
    assert.ok(flat.includes(`Période du ${long(from)} au ${long(to)}`), 'the period');
    assert.ok(flat.includes(dash.json().school.name), 'the school');
    // A period that ends before it starts.
    const bad = await t.app.inject({
      url: `/api/schools/${third.id}/usage/report.pdf?from=${to}&to=${from}`,
      headers: direction.headers,
    });
    assert.equal(bad.statusCode, 400);
  });

  test('the four refusals', async () => {
    const otherPrincipal = await signIn(t.app, await makeStaff(t.db, other, ['principal']));
    const teacher = await signIn(t.app, await makeTeacher(t.db, school));
    const pupil = await makePupil(t.db, school);
    const guardian = await signIn(
      t.app,
      await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] }),
    );
    const cpe = await signIn(t.app, await makeStaff(t.db, school, ['cpe']));
    const cls = await t.db
      .selectFrom('class_memberships')
      .select('class_id')
      .where('pupil_id', '=', pupil.id)
      .executeTakeFirstOrThrow();
    await assertRefusals(
      t.app,
      { url: `/api/schools/${school.id}/usage` },
      { otherSchool: otherPrincipal, otherFamily: guardian, wrongProfile: teacher },
    );
    await assertRefusals(
      t.app,
      { url: `/api/schools/${school.id}/usage` },
      { otherSchool: otherPrincipal, wrongProfile: cpe },
    );
    await assertRefusals(
      t.app,
      { url: `/api/schools/${school.id}/usage/report.pdf` },
      { otherSchool: otherPrincipal, otherFamily: guardian, wrongProfile: teacher },
    );
    await assertRefusals(
      t.app,
      { url: `/api/schools/${school.id}/usage/report.pdf` },
      { otherSchool: otherPrincipal, wrongProfile: cpe },
    );
    await assertRefusals(
      t.app,
      { url: `/api/schools/${school.id}/usage/classes/${cls.class_id}/inactive` },
      { otherSchool: otherPrincipal, otherFamily: guardian, wrongProfile: teacher },
    );
    // Another school's class through this school's address.
    const otherPupil = await makePupil(t.db, other);
    const otherCls = await t.db
      .selectFrom('class_memberships')
      .select('class_id')
      .where('pupil_id', '=', otherPupil.id)
      .executeTakeFirstOrThrow();
    const cross = await t.app.inject({
      url: `/api/schools/${school.id}/usage/classes/${otherCls.class_id}/inactive`,
      headers: principal.headers,
    });
    assert.equal(cross.statusCode, 404);
    await assertRefusals(
      t.app,
      { url: '/api/usage/department' },
      { otherSchool: otherPrincipal, otherFamily: guardian, wrongProfile: principal },
    );
  });

  test('the département dashboard puts schools side by side and flags those that lag', async () => {
    const admin = await signIn(t.app, await makePerson(t.db, { deploymentAdmin: true }));
    const res = await t.app.inject({ url: '/api/usage/department', headers: admin.headers });
    assert.equal(res.statusCode, 200, res.body);
    const ids = res.json().schools.map((s: { id: string }) => s.id);
    assert.ok(ids.includes(school.id) && ids.includes(other.id));
  });

  test('counters older than the retention delay are purged (moving the clock)', async () => {
    await repo.addCounters(
      t.db,
      [
        {
          schoolId: other.id,
          day: '2024-01-10',
          hour: 9,
          place: OUTSIDE,
          profile: 'pupil',
          visits: 9,
          activeSeconds: 0,
        },
        {
          schoolId: other.id,
          day: '2025-06-10',
          hour: 9,
          place: OUTSIDE,
          profile: 'pupil',
          visits: 9,
          activeSeconds: 0,
        },
      ],
      [],
    );
    await repo.purgeBefore(t.db, retentionCutoff(Date.parse('2027-03-01T12:00:00Z')));
    const days = (
      await t.db
        .selectFrom('usage_visits')
        .select('day')
        .where('school_id', '=', other.id)
        .where('day', '<', '2026-01-01')
        .execute()
    ).map((r) => r.day);
    assert.deepEqual(days, ['2025-06-10']);
  });

  test('the usage tables hold no person and no address', async () => {
    for (const table of ['usage_visits', 'usage_services']) {
      const cols =
        t.database.engine === 'sqlite'
          ? (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(t.db)).rows.map(
              (r) => r.name,
            )
          : (
              await sql<{
                name: string;
              }>`select column_name as name from information_schema.columns where table_name = ${table} and table_schema = current_schema()`.execute(
                t.db,
              )
            ).rows.map((r) => r.name);
      assert.ok(cols.length > 0);
      for (const c of cols) assert.ok(!/person|ip|address|session|login|user/.test(c), `${table}.${c}`);
    }
  });
});
