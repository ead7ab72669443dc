/** Secret iCalendar feeds: one revocable URL per person, the token stored hashed. */
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalEventStatus } from 'ical-generator';
import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { deploymentId } from '../../lib/deployment.ts';
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

/**
 * Creates, or rotates, the actor's feed: earlier URLs stop working. The token is shown once. The address is
 * absolute under PUBLIC_URL; without it, the path alone (the web app completes it with the origin the person
 * is using): never a host name taken from the request.
 */
export async function createFeed(db: Executor, actor: Actor, baseUrl: string | undefined) {
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
  return { url: `${(baseUrl ?? '').replace(/\/+$/, '')}/ical/${token}.ics`, createdAt };
}

export async function revokeFeeds(db: Executor, actor: Actor) {
  await db
    .updateTable('ical_feeds')
    .set({ revoked_at: nowIso() })
    .where('person_id', '=', actor.personId)
    .where('revoked_at', 'is', null)
    .execute();
}

type FeedSession = Awaited<ReturnType<typeof sessionsOfCourses>>[number];

/** What a calendar application shows of a session: when it changes, the event gets a new revision. */
const fingerprintOf = (s: FeedSession) =>
  sha256(
    JSON.stringify([
      s.date,
      s.startsAt,
      s.endsAt,
      s.subject.label,
      s.class?.code ?? null,
      s.groups.map((g) => g.code),
      s.room?.code ?? null,
      s.site?.name ?? null,
      s.teachers.map((t) => `${t.firstName} ${t.lastName}`),
      s.status,
      s.cancelled,
      s.reason,
    ]),
  );

/**
 * Each session's revision (SEQUENCE) and the instant of its last change (LAST-MODIFIED, DTSTAMP): what was
 * published before is compared with what is published now, so every kind of change counts (moved, cancelled,
 * another room or teacher, a course edited or re-imported), whichever way it was made.
 */
async function revisions(db: Executor, sessions: readonly FeedSession[]) {
  const now = nowIso();
  const wanted = new Map(sessions.map((s) => [s.key, fingerprintOf(s)]));
  const known = new Map((await repo.findIcalStates(db, [...wanted.keys()])).map((r) => [r.session_key, r]));
  const fresh = [...wanted]
    .filter(([key]) => !known.has(key))
    .map(([key, fingerprint]) => ({ session_key: key, fingerprint, sequence: 0, modified_at: now }));
  const changed = [...wanted].filter(([key, fp]) => known.has(key) && known.get(key)!.fingerprint !== fp);
  if (fresh.length > 0) await repo.insertIcalStates(db, fresh);
  for (const [key, fp] of changed) await repo.bumpIcalState(db, key, fp, now);
  if (fresh.length === 0 && changed.length === 0) return known;
  const touched = [...fresh.map((f) => f.session_key), ...changed.map(([key]) => key)];
  for (const r of await repo.findIcalStates(db, touched)) known.set(r.session_key, r);
  return known;
}

/** The feed's calendar text, or NOT_FOUND for an unknown or revoked token (or a disabled account). */
export async function renderFeed(db: Executor, token: string): Promise<string> {
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

  const [domain, states] = await Promise.all([deploymentId(db), revisions(db, sessions)]);
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
    const state = states.get(s.key);
    const modified = state ? new Date(state.modified_at) : new Date();
    cal.createEvent({
      // The session's key (kept when it moves) at the deployment: the same whatever name the feed is reached by.
      id: `${s.key}@${domain}.preau`,
      sequence: state?.sequence ?? 0,
      // Without METHOD, DTSTAMP is the instant the event was last revised (RFC 5545 §3.8.7.2): the feed's text
      // stays the same until something changes, which its ETag relies on.
      stamp: modified,
      lastModified: modified,
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
  // With a calendar time zone, ical-generator writes DTSTAMP and LAST-MODIFIED as UTC digits without the 'Z'
  // that RFC 5545 requires (they would read as floating local times).
  return cal.toString().replace(/^(DTSTAMP|LAST-MODIFIED):(\d{8}T\d{6})(?=\r?$)/gm, '$1:$2Z');
}
