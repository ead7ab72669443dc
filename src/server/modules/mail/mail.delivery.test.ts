import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createTestApp, signIn, type TestContext } from '../../../../test/app.ts';
import { makeGuardian, makePerson, makePupil, makeSchool } from '../../../../test/factories.ts';
import { startSmtp, type TestSmtp } from '../../../../test/smtp.ts';
import { type Config, testConfig } from '../../lib/config.ts';
import { folderTransport, smtpTransport } from '../../lib/mail-transport.ts';
import { notify } from '../notifications/notifications.service.ts';
import { MailWorker } from './mail.worker.ts';

// Mail leaves through a real SMTP server started here (smtp-server on a free port) and is read back with
// mailparser: MIME, headers and both parts are what a mail client would get. The clock is injected.

let smtp: TestSmtp;
let ctx: TestContext;
let config: Config;
let clock: Date;
const workers: MailWorker[] = [];

/** 11:00 in Paris on a Tuesday: outside the default quiet hours, before the digest hour (17). */
const MORNING = new Date('2030-01-15T10:00:00Z');

function worker(o: { leaseMs?: number } = {}) {
  const w = new MailWorker({
    db: ctx.db,
    config,
    transport: smtpTransport(config.mail),
    clock: () => clock,
    ...o,
  });
  workers.push(w);
  return w;
}

async function family(o: { email?: string; locale?: string } = {}) {
  const school = await makeSchool(ctx.db);
  const pupil = await makePupil(ctx.db, school, { firstName: 'Inès' });
  const guardian = await makeGuardian(ctx.db, { children: [{ id: pupil.id, schoolId: school.id }] });
  const email = o.email ?? `${guardian.login}@famille.test`;
  await ctx.db
    .updateTable('people')
    .set({ email, locale: o.locale ?? 'fr' })
    .where('id', '=', guardian.id)
    .execute();
  return { school, pupil, guardian, email };
}

const absence = (schoolId: string, personIds: string[], child = 'Inès Martin') =>
  notify(ctx.db, {
    personIds,
    schoolId,
    kind: 'absence.unexplained',
    title: 'Absence à justifier',
    body: `${child} a été noté(e) absent(e).`,
    link: '/absences/x',
    message: { key: 'absence.unexplained', params: { child, date: '2030-01-14', when: 'Mathématiques, 08:00' } },
  });

const homework = (schoolId: string, personIds: string[], n: number) =>
  notify(ctx.db, {
    personIds,
    schoolId,
    kind: 'homework.published',
    title: 'Travail à faire',
    body: 'Exercices',
    link: '/travail-a-faire',
    message: {
      key: 'homework.published',
      params: { subject: `Matière ${n}`, dueDate: '2030-01-20', instructions: `Exercice ${n}` },
    },
  });

/** A header as it was sent (mailparser structures some of them). */
function header(mail: { headerLines: ReadonlyArray<{ key: string; line: string }> }, name: string): string {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line ?? '';
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, '')
    .trim();
}

const queue = (personId: string) =>
  ctx.db.selectFrom('mail_queue').selectAll().where('person_id', '=', personId).orderBy('created_at').execute();

describe('mail delivery through SMTP', () => {
  before(async () => {
    smtp = await startSmtp();
  });
  after(async () => {
    await smtp.close();
  });
  beforeEach(async () => {
    smtp.received.length = 0;
    smtp.reject.clear();
    smtp.delayMs = 0;
    smtp.onAccepted = undefined;
    clock = MORNING;
    config = testConfig({ mail: smtp.config(), publicUrl: 'https://ent.college.test' });
    ctx = await createTestApp(config);
  });
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
    await ctx.close();
  });

  test('an absence goes out at once, in the reader’s language, text and HTML, no image, one-click unsubscribe', async () => {
    const fr = await family();
    const ar = await family({ locale: 'ar' });
    await absence(fr.school.id, [fr.guardian.id]);
    await absence(ar.school.id, [ar.guardian.id]);
    const round = await worker().tick();
    assert.equal(round.sent, 2);
    assert.equal(smtp.received.length, 2);

    const frMail = smtp.received.find((r) => r.to === fr.email)?.mail;
    assert.ok(frMail);
    assert.equal(frMail.subject, 'Absence à justifier');
    assert.match(frMail.text ?? '', /Bonjour Prénom\d+ Nom\d+,/);
    assert.match(frMail.text ?? '', /Inès Martin a été noté\(e\) absent\(e\) le lundi 14 janvier/);
    assert.match(frMail.text ?? '', /https:\/\/ent\.college\.test\/absences\/x/);
    const frHtml = String(frMail.html);
    assert.match(frHtml, /<html lang="fr" dir="ltr">/);
    assert.match(frHtml, /<a href="https:\/\/ent\.college\.test\/absences\/x">Ouvrir dans Préau<\/a>/);
    assert.doesNotMatch(frHtml, /<img|src=|url\(/i, 'no image, nothing remote');
    const unsubscribe = header(frMail, 'List-Unsubscribe');
    assert.match(unsubscribe, /^<https:\/\/ent\.college\.test\/desabonnement\/v1\.[\w-]+\.absences\.[\w-]+>$/);
    assert.equal(header(frMail, 'List-Unsubscribe-Post'), 'List-Unsubscribe=One-Click');
    assert.equal(header(frMail, 'Auto-Submitted'), 'auto-generated');

    const arMail = smtp.received.find((r) => r.to === ar.email)?.mail;
    assert.ok(arMail);
    assert.match(String(arMail.html), /<html lang="ar" dir="rtl">/);
    assert.match(arMail.text ?? '', /مرحبًا/);
    assert.doesNotMatch(arMail.subject ?? '', /Absence/);

    // Sent once: another round sends nothing.
    assert.equal((await worker().tick()).sent, 0);
    assert.equal(smtp.received.length, 2);
    assert.deepEqual(
      (await queue(fr.guardian.id)).map((r) => r.status),
      ['sent'],
    );
  });

  test('only people with an address get mail, and only the notification’s own audience', async () => {
    const f = await family();
    const noAddress = await makePerson(ctx.db, { schoolId: f.school.id, profiles: ['guardian'] });
    const disabled = await makePerson(ctx.db, { schoolId: f.school.id, profiles: ['guardian'], disabled: true });
    await ctx.db.updateTable('people').set({ email: 'x@famille.test' }).where('id', '=', disabled.id).execute();
    await absence(f.school.id, [f.guardian.id, noAddress.id, disabled.id]);
    await worker().tick();
    assert.deepEqual(
      smtp.received.map((r) => r.to),
      [f.email],
    );
    assert.equal((await queue(noAddress.id)).length, 0);
  });

  test('forty notifications make one digest mail at the digest hour', async () => {
    const f = await family();
    for (let n = 1; n <= 40; n++) await homework(f.school.id, [f.guardian.id], n);
    assert.equal((await worker().tick()).sent, 0, 'homework waits for the digest by default');
    assert.equal(smtp.received.length, 0);

    clock = new Date('2030-01-15T16:05:00Z'); // 17:05 in Paris
    const w = worker();
    const round = await w.tick();
    assert.equal(round.digests, 1);
    assert.equal(round.sent, 1);
    assert.equal(smtp.received.length, 1);
    const digest = smtp.received[0]!.mail;
    assert.equal(digest.subject, 'Préau : 40 nouveautés');
    assert.match(digest.text ?? '', /Voici les 40 nouveautés de la journée/);
    for (const n of [1, 17, 40]) assert.match(digest.text ?? '', new RegExp(`Travail à faire en Matière ${n}\\n`));
    assert.equal((String(digest.html).match(/<article/g) ?? []).length, 40);
    assert.match(header(digest, 'List-Unsubscribe'), /\.digest\./);
    assert.ok((await queue(f.guardian.id)).every((r) => r.status === 'sent'));

    // Once a day: later rounds that day send nothing more, even with new items (they wait for tomorrow).
    await homework(f.school.id, [f.guardian.id], 41);
    clock = new Date('2030-01-15T19:00:00Z');
    assert.deepEqual([(await w.tick()).digests, smtp.received.length], [0, 1]);
    clock = new Date('2030-01-16T16:00:00Z');
    assert.deepEqual([(await w.tick()).digests, smtp.received.length], [1, 2]);
    assert.equal(smtp.received[1]!.mail.subject, 'Préau : 1 nouveauté');
  });

  test('quiet hours hold an immediate mail until they end', async () => {
    const f = await family();
    clock = new Date('2030-01-15T21:30:00Z'); // 22:30 in Paris
    await absence(f.school.id, [f.guardian.id]);
    const w = worker();
    assert.equal((await w.tick()).held, 1);
    assert.equal(smtp.received.length, 0);
    const [row] = await queue(f.guardian.id);
    assert.equal(row?.due_at, '2030-01-16T06:00:00.000Z', '07:00 in Paris');
    assert.equal(row?.attempts, 0);

    clock = new Date('2030-01-16T05:59:00Z');
    assert.equal((await w.tick()).sent, 0);
    clock = new Date('2030-01-16T06:00:00Z');
    assert.equal((await w.tick()).sent, 1);
    assert.equal(smtp.received.length, 1);
  });

  test('quiet hours are the person’s own choice', async () => {
    const f = await family();
    const session = await signIn(ctx.app, f.guardian);
    const put = await ctx.app.inject({
      method: 'PUT',
      url: '/api/me/mail-preferences',
      headers: session.headers,
      payload: { quietHours: { start: '12:00', end: '14:00' } },
    });
    assert.equal(put.statusCode, 200, put.body);
    clock = new Date('2030-01-15T11:30:00Z'); // 12:30 in Paris
    await absence(f.school.id, [f.guardian.id]);
    const w = worker();
    assert.equal((await w.tick()).held, 1);
    clock = new Date('2030-01-15T13:00:00Z'); // 14:00
    assert.equal((await w.tick()).sent, 1);
  });

  test('a permanent refusal records a bounce; nothing more is sent to that address', async () => {
    const f = await family();
    smtp.reject.set(f.email.toLowerCase(), { code: 550, times: 99 });
    await absence(f.school.id, [f.guardian.id]);
    const w = worker();
    assert.equal((await w.tick()).rejected, 1);
    const bounce = await ctx.db.selectFrom('mail_bounces').selectAll().executeTakeFirst();
    assert.equal(bounce?.address, f.email.toLowerCase());
    assert.match(bounce?.reason ?? '', /550/);
    assert.equal((await queue(f.guardian.id))[0]?.status, 'failed');

    // The person sees it on their account page, the school administration in its list.
    const session = await signIn(ctx.app, f.guardian);
    const prefs = await ctx.app.inject({ method: 'GET', url: '/api/me/mail-preferences', headers: session.headers });
    assert.equal(prefs.json().emailStatus, 'bouncing');
    const admin = await makePerson(ctx.db, { schoolId: f.school.id, profiles: ['staff'], functions: ['school_admin'] });
    const adminSession = await signIn(ctx.app, admin);
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/schools/${f.school.id}/mail/bounces`,
      headers: adminSession.headers,
    });
    assert.deepEqual(
      list.json().items.map((i: { personId: string }) => i.personId),
      [f.guardian.id],
    );

    // No more sends: nothing is queued, nothing reaches the server.
    const tries = smtp.received.length;
    await absence(f.school.id, [f.guardian.id]);
    assert.equal((await queue(f.guardian.id)).length, 1);
    await w.tick();
    assert.equal(smtp.received.length, tries);

    // Once corrected, the administration clears it and mail goes again.
    smtp.reject.clear();
    const cleared = await ctx.app.inject({
      method: 'DELETE',
      url: `/api/schools/${f.school.id}/mail/bounces/${f.guardian.id}`,
      headers: adminSession.headers,
    });
    assert.equal(cleared.statusCode, 200, cleared.body);
    await absence(f.school.id, [f.guardian.id]);
    assert.equal((await w.tick()).sent, 1);
  });

  test('a temporary refusal is retried with backoff, then given up after the last attempt', async () => {
    const f = await family();
    smtp.reject.set(f.email.toLowerCase(), { code: 451, times: 1 });
    await absence(f.school.id, [f.guardian.id]);
    const w = new MailWorker({
      db: ctx.db,
      config,
      transport: smtpTransport(config.mail),
      clock: () => clock,
      maxAttempts: 2,
    });
    workers.push(w);
    assert.equal((await w.tick()).retry, 1);
    assert.equal((await w.tick()).sent, 0, 'not before the backoff');
    clock = new Date(MORNING.getTime() + 61_000);
    assert.equal((await w.tick()).sent, 1);
    assert.equal(await ctx.db.selectFrom('mail_bounces').selectAll().executeTakeFirst(), undefined);

    smtp.reject.set(f.email.toLowerCase(), { code: 451, times: 99 });
    await absence(f.school.id, [f.guardian.id]);
    assert.equal((await w.tick()).retry, 1);
    clock = new Date(clock.getTime() + 61_000);
    assert.equal((await w.tick()).failed, 1);
    assert.deepEqual(
      (await queue(f.guardian.id)).map((r) => r.status),
      ['sent', 'failed'],
    );
  });

  test('a process that dies with mails claimed: another delivers them after the lease (at-least-once)', async () => {
    const families = [];
    for (let i = 0; i < 6; i++) families.push(await family());
    for (const f of families) await absence(f.school.id, [f.guardian.id]);

    const dead = worker({ leaseMs: 60_000 });
    const claimed = await dead.claim(3);
    assert.equal(claimed.length, 3);
    // `dead` never sends them: its process is gone. A new process starts.
    const fresh = worker({ leaseMs: 60_000 });
    assert.equal((await fresh.tick()).sent, 3, 'the leased mails are left alone while the lease holds');
    clock = new Date(MORNING.getTime() + 61_000);
    assert.equal((await fresh.tick()).sent, 3, 'then taken again');
    const counts = new Map<string, number>();
    for (const r of smtp.received) counts.set(r.to, (counts.get(r.to) ?? 0) + 1);
    assert.deepEqual(
      families.map((f) => counts.get(f.email)),
      [1, 1, 1, 1, 1, 1],
    );
  });

  test('stopping the worker in the middle of a queue, then starting again, delivers every mail once', async () => {
    const families = [];
    for (let i = 0; i < 8; i++) families.push(await family());
    for (const f of families) await absence(f.school.id, [f.guardian.id]);
    smtp.delayMs = 30;
    const first = worker();
    const stopped = new Promise<void>((resolve) => {
      smtp.onAccepted = () => {
        if (smtp.received.length === 3) resolve();
      };
    });
    first.start();
    await stopped;
    await first.stop();
    const afterStop = smtp.received.length;
    assert.ok(afterStop >= 3 && afterStop < 8, `stopped in the middle (${afterStop} sent)`);
    const waiting = await ctx.db.selectFrom('mail_queue').selectAll().where('status', '=', 'pending').execute();
    assert.equal(waiting.length, 8 - afterStop);
    assert.ok(
      waiting.every((r) => r.lease_until === null && r.attempts === 0),
      'released, not counted',
    );

    // The process restarts (same clock: no lease to wait for).
    const second = worker();
    await second.tick();
    assert.equal(smtp.received.length, 8);
    const counts = new Map<string, number>();
    for (const r of smtp.received) counts.set(r.to, (counts.get(r.to) ?? 0) + 1);
    assert.ok([...counts.values()].every((n) => n === 1));
    assert.equal(counts.size, 8);
  });

  test('unsubscribe link: GET asks, POST (one-click) applies; a tampered token is refused', async () => {
    const f = await family();
    await absence(f.school.id, [f.guardian.id]);
    await worker().tick();
    const listUnsubscribe = header(smtp.received[0]!.mail, 'List-Unsubscribe');
    const url = new URL(listUnsubscribe.slice(1, -1));
    const path = url.pathname;

    const page = await ctx.app.inject({ method: 'GET', url: path });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /Absences et vie scolaire/);
    assert.match(page.body, /<form method="post">/);
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const mode = async () =>
      (
        await ctx.db
          .selectFrom('mail_preferences')
          .select('mode')
          .where('person_id', '=', f.guardian.id)
          .where('category', '=', 'absences')
          .executeTakeFirst()
      )?.mode;
    assert.equal(await mode(), undefined, 'GET changes nothing');

    const token = path.split('/').pop()!;
    const [v, person, , sig] = token.split('.');
    const tampered = [
      `${v}.${person}.news.${sig}`,
      `${v}.${person}.absences.${sig!.slice(0, -2)}AA`,
      `${v}.${(await makePerson(ctx.db)).id}.absences.${sig}`,
      'v1.x.absences',
    ];
    for (const t of tampered) {
      for (const method of ['GET', 'POST'] as const) {
        const res = await ctx.app.inject({
          method,
          url: `/desabonnement/${t}`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: 'List-Unsubscribe=One-Click',
        });
        assert.equal(res.statusCode, 404, `${method} ${t}`);
      }
    }
    assert.equal(await mode(), undefined);

    const post = await ctx.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    assert.equal(post.statusCode, 200, post.body);
    assert.equal(await mode(), 'never');
    await absence(f.school.id, [f.guardian.id]);
    await worker().tick();
    assert.equal(smtp.received.length, 1, 'no more absence mails');
  });

  test('development: without SMTP, mails are .eml files in a folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'preau-mail-'));
    try {
      const f = await family();
      await absence(f.school.id, [f.guardian.id]);
      const folderConfig = { ...config.mail, transport: 'folder' as const, smtp: null, dir };
      const w = new MailWorker({ db: ctx.db, config, transport: folderTransport(folderConfig), clock: () => clock });
      workers.push(w);
      assert.equal((await w.tick()).sent, 1);
      const files = (await readdir(dir)).filter((x) => x.endsWith('.eml'));
      assert.equal(files.length, 1);
      const eml = await readFile(join(dir, files[0]!), 'utf8');
      assert.match(eml, /^Subject: =\?UTF-8\?Q\?Absence_=C3=A0_justifier\?=$/m);
      assert.match(eml, /Content-Type: text\/html/);
      assert.match(eml, /List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a new message notifies its recipients (messagerie: in the digest by default)', async () => {
    const f = await family();
    const { notifyNewMessage } = await import('../messaging/messaging.notify.ts');
    const teacher = await makePerson(ctx.db, { schoolId: f.school.id, profiles: ['teacher'], firstName: 'Paul' });
    await notifyNewMessage(
      ctx.db,
      {
        personId: teacher.id,
        firstName: 'Paul',
        lastName: 'Durand',
      } as Parameters<typeof notifyNewMessage>[1],
      { id: 'm1', school_id: f.school.id, subject: 'Sortie au musée' } as Parameters<typeof notifyNewMessage>[2],
      [f.guardian.id, teacher.id],
    );
    const rows = await queue(f.guardian.id);
    assert.deepEqual(
      rows.map((r) => [r.category, r.status]),
      [['messaging', 'waiting_digest']],
    );
    clock = new Date('2030-01-15T16:05:00Z');
    await worker().tick();
    assert.match(smtp.received[0]?.mail.text ?? '', /Nouveau message de Paul Durand\n« Sortie au musée »/);
  });
});
