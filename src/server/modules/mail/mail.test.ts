import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { assertRefusals, createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeGuardian, makePupil, makeSchool, makeStaff, makeTeacher } from '../../../../test/factories.ts';
import { categoryOf, MAIL_CATEGORIES } from './mail.categories.ts';
import { recordBounce } from './mail.service.ts';
import { quietUntil } from './mail.time.ts';
import { signUnsubscribe, verifyUnsubscribe } from './mail.tokens.ts';

describe('mail preferences and bounces (routes)', () => {
  let t: TestContext;
  before(async () => {
    t = await createTestApp();
  });
  after(async () => {
    await t.close();
  });

  async function setup() {
    const school = await makeSchool(t.db);
    const other = await makeSchool(t.db);
    const pupil = await makePupil(t.db, school);
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    const otherPupil = await makePupil(t.db, school);
    const otherGuardian = await makeGuardian(t.db, { children: [{ id: otherPupil.id, schoolId: school.id }] });
    await t.db.updateTable('people').set({ email: 'Parent@Famille.test' }).where('id', '=', guardian.id).execute();
    const admin = await makeStaff(t.db, school, ['school_admin']);
    const otherAdmin = await makeStaff(t.db, other, ['school_admin']);
    const teacher = await makeTeacher(t.db, school);
    return { school, other, pupil, guardian, otherGuardian, admin, otherAdmin, teacher };
  }

  test('a person reads the defaults, then chooses per category and sets quiet hours', async () => {
    const { guardian } = await setup();
    const s = await signIn(t.app, guardian);
    const get = await t.app.inject({ method: 'GET', url: '/api/me/mail-preferences', headers: s.headers });
    assert.equal(get.statusCode, 200);
    const body = get.json();
    assert.equal(body.email, 'Parent@Famille.test');
    assert.equal(body.emailStatus, 'ok');
    assert.deepEqual(
      body.categories.map((c: { category: string }) => c.category),
      [...MAIL_CATEGORIES],
    );
    const mode = (b: typeof body, c: string) =>
      b.categories.find((x: { category: string; mode: string }) => x.category === c).mode;
    assert.equal(mode(body, 'absences'), 'immediate');
    assert.equal(mode(body, 'messaging'), 'digest');
    assert.deepEqual(body.quietHours, { start: '21:00', end: '07:00' });

    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: s.headers,
      payload: { modes: { absences: 'digest', news: 'never' }, quietHours: null },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(mode(put.json(), 'absences'), 'digest');
    assert.equal(mode(put.json(), 'news'), 'never');
    assert.equal(mode(put.json(), 'grades'), 'digest');
    assert.equal(put.json().quietHours, null);
    const again = await t.app.inject({ method: 'GET', url: '/api/me/mail-preferences', headers: s.headers });
    assert.deepEqual(again.json(), put.json());
  });

  test('wrong values are refused and change nothing', async () => {
    const { guardian } = await setup();
    const s = await signIn(t.app, guardian);
    for (const payload of [
      { modes: { absences: 'sometimes' } },
      { modes: { unknown: 'never' } },
      { quietHours: { start: '25:00', end: '07:00' } },
      { quietHours: { start: '07:00', end: '07:00' } },
      { personId: guardian.id },
    ]) {
      const res = await t.app.inject({ method: 'PUT', url: '/api/me/mail-preferences', headers: s.headers, payload });
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
    }
    const rows = await t.db.selectFrom('mail_preferences').selectAll().where('person_id', '=', guardian.id).execute();
    assert.equal(rows.length, 0);
  });

  test('preferences: anonymous is refused, a write needs the CSRF header, each person sees only their own', async () => {
    const { guardian, otherGuardian } = await setup();
    for (const method of ['GET', 'PUT'] as const) {
      const res = await t.app.inject({
        method,
        url: '/api/me/mail-preferences',
        ...(method === 'PUT' ? { payload: { modes: { absences: 'never' } } } : {}),
      });
      assert.equal(res.statusCode, 401);
    }
    const s = await signIn(t.app, guardian);
    const noCsrf = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { cookie: s.cookie },
      payload: { modes: { absences: 'never' } },
    });
    assert.equal(noCsrf.statusCode, 403);
    const crossSite = await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: { ...s.headers, 'sec-fetch-site': 'cross-site' },
      payload: { modes: { absences: 'never' } },
    });
    assert.equal(crossSite.statusCode, 403);
    // Another family's member writes their own preferences, never this guardian's (there is no person in the path).
    const o = await signIn(t.app, otherGuardian);
    await t.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: o.headers,
      payload: { modes: { absences: 'never' } },
    });
    const mine = await t.app.inject({ method: 'GET', url: '/api/me/mail-preferences', headers: s.headers });
    assert.equal(mine.json().categories.find((c: { category: string }) => c.category === 'absences').mode, 'immediate');
    assert.equal(
      (await t.app.inject({ method: 'GET', url: '/api/me/mail-preferences', headers: o.headers })).json().email,
      null,
    );
  });

  test('refused addresses: the school administration sees and clears them; the four refusals', async () => {
    const f = await setup();
    await recordBounce(t.db, 'parent@famille.TEST', '550 5.1.1 unknown user');
    const adminS = await signIn(t.app, f.admin);
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/mail/bounces`,
      headers: adminS.headers,
    });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((i: { personId: string; email: string }) => [i.personId, i.email]),
      [[f.guardian.id, 'Parent@Famille.test']],
    );
    const who = {
      otherSchool: await signIn(t.app, f.otherAdmin),
      otherFamily: await signIn(t.app, f.otherGuardian),
      wrongProfile: await signIn(t.app, f.teacher),
    };
    const still = async () => assert.ok(await t.db.selectFrom('mail_bounces').selectAll().executeTakeFirst());
    await assertRefusals(t.app, { method: 'GET', url: `/api/schools/${f.school.id}/mail/bounces` }, who);
    await assertRefusals(
      t.app,
      { method: 'DELETE', url: `/api/schools/${f.school.id}/mail/bounces/${f.guardian.id}` },
      who,
      still,
    );
    // Someone of another school, through the admin's own school: NOT_FOUND.
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/schools/${f.school.id}/mail/bounces/${f.otherAdmin.id}`,
      headers: adminS.headers,
    });
    assert.equal(foreign.statusCode, 404);
    await still();

    const cleared = await t.app.inject({
      method: 'DELETE',
      url: `/api/schools/${f.school.id}/mail/bounces/${f.guardian.id}`,
      headers: adminS.headers,
    });
    assert.equal(cleared.statusCode, 200);
    assert.equal(await t.db.selectFrom('mail_bounces').selectAll().executeTakeFirst(), undefined);
  });
});

describe('mail rules (pure)', () => {
  test('categories come from one table; anything unknown is "other"', () => {
    const cases: Array<[string | null, string, string]> = [
      ['absence.unexplained', 'absence.unexplained', 'absences'],
      ['absence.refused', 'absence.decision', 'absences'],
      ['attendance.reminder', 'attendance.reminder', 'absences'],
      ['timetable.cancel', 'timetable.change', 'timetable'],
      ['reportCard.corrected', 'report_card.published', 'report_cards'],
      ['homework.published', 'homework.published', 'homework'],
      ['message.received', 'message.received', 'messaging'],
      [null, 'message.reported', 'messaging'],
      ['news.published', 'news.published', 'news'],
      ['grades.published', 'grades.published', 'grades'],
      [null, 'account.activation', 'other'],
      ['something.new', 'something.new', 'other'],
    ];
    for (const [key, kind, expected] of cases) assert.equal(categoryOf({ message_key: key, kind }), expected, `${key}`);
  });

  test('quiet hours, over midnight or not, in Paris time (winter and summer)', () => {
    const q = { start: '21:00', end: '07:00' };
    const cases: Array<[string, { start: string; end: string } | null, string | null]> = [
      ['2030-01-15T19:59:00Z', q, null],
      ['2030-01-15T20:00:00Z', q, '2030-01-16T06:00:00.000Z'],
      ['2030-01-16T05:59:00Z', q, '2030-01-16T06:00:00.000Z'],
      ['2030-01-16T06:00:00Z', q, null],
      ['2030-07-15T19:30:00Z', q, '2030-07-16T05:00:00.000Z'],
      ['2030-01-15T11:30:00Z', { start: '12:00', end: '14:00' }, '2030-01-15T13:00:00.000Z'],
      ['2030-01-15T13:00:00Z', { start: '12:00', end: '14:00' }, null],
      ['2030-01-15T23:00:00Z', null, null],
    ];
    for (const [at, quiet, expected] of cases) {
      assert.equal(quietUntil(new Date(at), quiet)?.toISOString() ?? null, expected, `${at} ${JSON.stringify(quiet)}`);
    }
  });

  test('unsubscribe tokens: genuine ones verify, any change or another key does not', () => {
    const key = Buffer.alloc(32, 7);
    const token = signUnsubscribe(key, 'person-1', 'absences');
    assert.deepEqual(verifyUnsubscribe(key, token), { personId: 'person-1', category: 'absences' });
    assert.equal(verifyUnsubscribe(Buffer.alloc(32, 8), token), null);
    assert.equal(verifyUnsubscribe(key, token.replace('absences', 'news')), null);
    assert.equal(verifyUnsubscribe(key, token.replace('person-1', 'person-2')), null);
    assert.equal(verifyUnsubscribe(key, `${token}x`), null);
    assert.equal(verifyUnsubscribe(key, token.replace(/^v1/, 'v2')), null);
    assert.equal(verifyUnsubscribe(key, ''), null);
  });
});
