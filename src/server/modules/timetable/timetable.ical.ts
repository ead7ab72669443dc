/** Secret iCalendar feeds: one revocable URL per person, the token stored hashed. */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso, randomToken, sha256 } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { addDays } from './timetable.calendar.ts';
import * as repo from './timetable.repo.ts';
import { sessionsOfCourses } from './timetable.service.ts';

/** How far the feed reaches: calendar apps keep what they saw, the window only bounds the work. */
export const FEED_DAYS_BACK = 28;
export const FEED_DAYS_AHEAD = 84;

/** Creates, or rotates, the actor's feed: earlier URLs stop working. The token is shown once. */
export async function createFeed(db: Executor, actor: Actor, baseUrl: string) {
  if (!actor.profiles.some((p) => p.kind === 'pupil' || p.kind === 'teacher' || p.kind === 'guardian')) {
    throw new AppError('FORBIDDEN', 'Only pupils, families and teachers have a timetable feed');
  }
  const token = randomToken(32);
  const createdAt = nowIso();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('ical_feeds')
      .set({ revoked_at: createdAt })
      .where('person_id', '=', actor.personId)
      .where('revoked_at', 'is', null)
      .execute();
    await trx
      .insertInto('ical_feeds')
      .values({
        id: newId(),
        person_id: actor.personId,
        token_hash: sha256(token),
        created_at: createdAt,
        revoked_at: null,
      })
      .execute();
  });
  return { url: `${baseUrl.replace(/\/$/, '')}/ical/${token}.ics`, createdAt };
}

export async function revokeFeeds(db: Executor, actor: Actor) {
  await db
    .updateTable('ical_feeds')
    .set({ revoked_at: nowIso() })
    .where('person_id', '=', actor.personId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The feed's calendar text, or NOT_FOUND for an unknown or revoked token (or a disabled account). */
export async function renderFeed(db: Executor, token: string, host: string): Promise<string> {
  const feed = await db
    .selectFrom('ical_feeds as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .select(['f.person_id', 'p.disabled_at'])
    .where('f.token_hash', '=', sha256(token))
    .where('f.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!feed || feed.disabled_at !== null) throw new AppError('NOT_FOUND', 'Feed not found');
  const personId = feed.person_id;
  const today = todayInParis();
  const from = addDays(today, -FEED_DAYS_BACK);
  const to = addDays(today, FEED_DAYS_AHEAD);

  const kinds = new Set(
    (await db.selectFrom('profiles').select('kind').where('person_id', '=', personId).execute()).map((p) => p.kind),
  );
  const children = kinds.has('guardian') ? await directoryRepo.findChildrenOfGuardian(db, personId, today) : [];
  const pupilIds = [...(kinds.has('pupil') ? [personId] : []), ...children.map((c) => c.id)];
  const memberships = await repo.findMembershipsOfPupils(db, { pupilIds, from, to });
  const courses = await repo.findCoursesOfAudience(db, {
    classIds: [...new Set(memberships.filter((m) => m.kind === 'class').map((m) => m.id))],
    groupIds: [...new Set(memberships.filter((m) => m.kind === 'group').map((m) => m.id))],
    from,
    to,
  });
  if (kinds.has('teacher')) {
    const own = await repo.findCoursesOfTeacher(db, { teacherId: personId, from, to });
    const changed = await repo.findCourseIdsChangedTo(db, { teacherId: personId, from, to });
    const have = new Set(courses.map((c) => c.id));
    for (const c of [...own, ...(await repo.findCoursesByIds(db, changed))]) {
      if (!have.has(c.id)) courses.push(c);
      have.add(c.id);
    }
  }
  let sessions = await sessionsOfCourses(db, courses, from, to);
  if (kinds.has('teacher') && pupilIds.length === 0) {
    sessions = sessions.filter(
      (s) => s.teachers.some((t) => t.id === personId) || s.original?.teachers.some((t) => t.id === personId),
    );
  }
  const namesOf = (s: (typeof sessions)[number]) =>
    children
      .filter((c) =>
        memberships.some((m) => m.pupil_id === c.id && (m.id === s.class?.id || s.groups.some((g) => g.id === m.id))),
      )
      .map((c) => c.first_name);

  const cal = ical({
    name: 'Emploi du temps — Préau',
    prodId: { company: 'Préau', product: 'timetable', language: 'FR' },
    timezone: { name: 'Europe/Paris', generator: getVtimezoneComponent },
    ttl: 3600,
  });
  for (const s of sessions) {
    const who = children.length > 1 ? namesOf(s) : [];
    const audience = [s.class?.code, ...s.groups.map((g) => g.code)].filter(Boolean).join(', ');
    const status =
      s.status === 'cancelled'
        ? 'Annulé'
        : s.changes.length > 0
          ? 'Modifié'
          : s.status === 'extra'
            ? 'Supplémentaire'
            : null;
    // Wall-clock strings without an offset: ical-generator writes them as is with TZID=Europe/Paris.
    cal.createEvent({
      id: `${s.key}@${host}`,
      start: `${s.date}T${s.startsAt}:00`,
      end: `${s.date}T${s.endsAt}:00`,
      summary: `${who.length ? `${who.join(', ')} — ` : ''}${status === 'Annulé' ? 'ANNULÉ — ' : ''}${s.subject.label}${audience ? ` (${audience})` : ''}`,
      location: [s.room?.code, s.site?.name].filter(Boolean).join(', ') || null,
      description: [
        s.teachers.map((t) => `${t.firstName} ${t.lastName}`).join(', '),
        status ? `${status}${s.reason ? ` : ${s.reason}` : ''}` : null,
      ]
        .filter(Boolean)
        .join('\n'),
      timezone: 'Europe/Paris',
      status: s.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  // With a calendar time zone, ical-generator writes DTSTAMP as a local time without 'Z'; RFC 5545 wants UTC.
  const stamp = `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`;
  return cal.toString().replace(/^DTSTAMP:\d{8}T\d{6}Z?(?=\r?$)/gm, `DTSTAMP:${stamp}`);
}
