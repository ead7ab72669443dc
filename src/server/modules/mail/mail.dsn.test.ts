import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeGuardian, makePupil, makeSchool, makeStaff } from '../../../../test/factories.ts';
import { testConfig } from '../../lib/config.ts';
import { isPermanentFailure, parseDeliveryReport } from './mail.dsn.ts';

/** A report as Postfix sends it back: a human part, the delivery-status part (two recipients), the returned headers. */
const POSTFIX_REPORT = [
  'From: MAILER-DAEMON@mx.college.test (Mail Delivery System)',
  'Subject: Undelivered Mail Returned to Sender',
  'MIME-Version: 1.0',
  'Content-Type: multipart/report; report-type=delivery-status;',
  '\tboundary="8A1B2C3D.1733400000/mx.college.test"',
  '',
  '--8A1B2C3D.1733400000/mx.college.test',
  'Content-Description: Notification',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'This is the mail system at host mx.college.test.',
  'Final-Recipient: rfc822; quoted@example.test',
  '',
  '--8A1B2C3D.1733400000/mx.college.test',
  'Content-Description: Delivery report',
  'Content-Type: message/delivery-status',
  '',
  'Reporting-MTA: dns; mx.college.test',
  'X-Postfix-Queue-ID: 8A1B2C3D',
  'Arrival-Date: Sat,  5 Dec 2026 08:15:00 +0100 (CET)',
  '',
  'Final-Recipient: rfc822; Parent@Famille.test',
  'Original-Recipient: rfc822;Parent@Famille.test',
  'Action: failed',
  'Status: 5.1.1',
  'Remote-MTA: dns; mx.famille.test',
  'Diagnostic-Code: smtp; 550 5.1.1 <Parent@Famille.test>: Recipient address',
  '    rejected: User unknown',
  '',
  'Final-Recipient: rfc822; lent@famille.test',
  'Action: delayed',
  'Status: 4.4.1',
  'Diagnostic-Code: X-Postfix; connect to mx.famille.test timed out',
  '',
  '--8A1B2C3D.1733400000/mx.college.test',
  'Content-Description: Undelivered Message Headers',
  'Content-Type: text/rfc822-headers',
  '',
  'Final-Recipient: rfc822; injected@example.test',
  'Action: failed',
  'Status: 5.1.1',
  '',
  '--8A1B2C3D.1733400000/mx.college.test--',
  '',
].join('\r\n');

describe('delivery reports (RFC 3464)', () => {
  test('the delivery-status part is read: recipients, actions, status, folded diagnostic; nothing else', () => {
    const r = parseDeliveryReport(POSTFIX_REPORT);
    assert.deepEqual(
      r.map((x) => [x.address, x.action, x.status]),
      [
        ['parent@famille.test', 'failed', '5.1.1'],
        ['lent@famille.test', 'delayed', '4.4.1'],
      ],
      'the human part and the returned headers add no recipient',
    );
    assert.match(r[0]!.diagnostic ?? '', /550 5\.1\.1 .* rejected: User unknown/);
    assert.deepEqual(r.map(isPermanentFailure), [true, false]);
  });

  test('the delivery-status part alone, LF line ends; other address types are skipped', () => {
    const part = [
      'Reporting-MTA: dns; mx.test',
      '',
      'Final-Recipient: rfc822; a@b.test',
      'Action: failed',
      'Status: 5.2.2 (mailbox full)',
      '',
      'Final-Recipient: x400; /G=a/S=b/',
      'Action: failed',
      'Status: 5.1.1',
      '',
    ].join('\n');
    assert.deepEqual(parseDeliveryReport(part), [
      { address: 'a@b.test', action: 'failed', status: '5.2.2', diagnostic: null },
    ]);
    assert.deepEqual(parseDeliveryReport('Hello, this is not a report.'), []);
  });
});

describe('POST /api/mail/dsn', () => {
  const TOKEN = 'b'.repeat(40);
  let t: TestContext;
  before(async () => {
    t = await createTestApp({ mail: { ...testConfig().mail, bounceToken: TOKEN } });
  });
  after(async () => {
    await t.close();
  });
  const post = (payload: string | object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/mail/dsn',
      headers: {
        authorization: `Bearer ${TOKEN}`,
        'content-type':
          typeof payload === 'string' ? 'multipart/report; report-type=delivery-status' : 'application/json',
        ...headers,
      },
      payload,
    });
  const bounces = async () =>
    (await t.db.selectFrom('mail_bounces').select(['address', 'source']).orderBy('address').execute()).map(
      (b) => `${b.address} ${b.source}`,
    );

  test('a report records the permanent failure; the school administration then sees the parent', async () => {
    const school = await makeSchool(t.db);
    const pupil = await makePupil(t.db, school);
    const guardian = await makeGuardian(t.db, { children: [{ id: pupil.id, schoolId: school.id }] });
    await t.db.updateTable('people').set({ email: 'Parent@Famille.test' }).where('id', '=', guardian.id).execute();
    const res = await post(POSTFIX_REPORT);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { recorded: 1, ignored: 1 });
    assert.deepEqual(await bounces(), ['parent@famille.test dsn']);
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/schools/${school.id}/mail/bounces`,
      headers: admin.headers,
    });
    assert.deepEqual(
      list.json().items.map((i: { personId: string; reason: string }) => i.personId),
      [guardian.id],
    );
    assert.match(list.json().items[0].reason, /^5\.1\.1 /);
  });

  test('a provider’s JSON list: only permanent failures count', async () => {
    const res = await post({
      recipients: [
        { address: 'Gone@Example.test', status: '5.1.1', reason: 'mailbox does not exist' },
        { address: 'busy@example.test', status: '4.2.2', action: 'delayed' },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { recorded: 1, ignored: 1 });
    assert.ok((await bounces()).includes('gone@example.test dsn'));
  });

  test('no token, a wrong token, a session instead of the token: refused before the body is read; bad input changes nothing', async () => {
    const before = await bounces();
    const school = await makeSchool(t.db);
    const admin = await signIn(t.app, await makeStaff(t.db, school, ['school_admin']));
    for (const headers of [
      { authorization: '' },
      { authorization: `Bearer ${'c'.repeat(40)}` },
      { authorization: `Bearer ${TOKEN.slice(1)}` },
      { ...admin.headers, authorization: '' },
    ]) {
      const res = await post(POSTFIX_REPORT, headers);
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.json().error, 'UNAUTHENTICATED');
    }
    // Wrong token and malformed body: 401, not a validation message.
    assert.equal((await post({ nope: 1 }, { authorization: 'Bearer x' })).statusCode, 401);
    // Authenticated but not a report, or a malformed JSON list: 400.
    assert.equal((await post('Hello, this is not a report.')).statusCode, 400);
    assert.equal((await post({ recipients: [{ address: 'a@b.test', status: '550' }] })).statusCode, 400);
    assert.deepEqual(await bounces(), before);
  });

  test('without MAIL_BOUNCE_TOKEN the route does not exist', async () => {
    const off = await createTestApp();
    try {
      const res = await off.app.inject({
        method: 'POST',
        url: '/api/mail/dsn',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'text/plain' },
        payload: POSTFIX_REPORT,
      });
      assert.equal(res.statusCode, 404);
    } finally {
      await off.close();
    }
  });
});
