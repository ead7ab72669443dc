import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import { getPupilRecord } from '../attendance/attendance.followup.ts';
import { parisWallClock } from '../attendance/attendance.halfdays.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { listPupilHomework } from '../homework/homework.service.ts';
import { listNews } from '../news/news.service.ts';
import { listOfPupil } from '../reportcards/reportcards.service.ts';
import { addDays, weekdayOf } from '../timetable/timetable.calendar.ts';
import type { SessionOut } from '../timetable/timetable.schema.ts';
import { getPupilWeek } from '../timetable/timetable.service.ts';
import * as repo from './home.family.repo.ts';
import type { FamilyHome, FamilyHomePupil, FamilyHomeQuery } from './home.family.schema.ts';

interface Whom {
  id: string;
  firstName: string;
  lastName: string;
  schoolId: string;
  self: boolean;
  class: { id: string; code: string; label: string } | null;
  site: { id: string; name: string } | null;
}

const isCancelled = (s: SessionOut) => s.status === 'cancelled' || s.changes.includes('cancelled');
const byTime = (a: SessionOut, b: SessionOut) =>
  a.date.localeCompare(b.date) || a.startsAt.localeCompare(b.startsAt) || a.endsAt.localeCompare(b.endsAt);

/** The next weekday after `date` (Monday after a Friday or a weekend). */
function nextWeekday(date: string): string {
  let d = addDays(date, 1);
  while (weekdayOf(d) >= 6) d = addDays(d, 1);
  return d;
}

/** The pupil themself and the guardian's children (court-restricted links left out), in the actor's schools. */
async function readersPupils(db: Executor, actor: Actor, day: string): Promise<Whom[]> {
  const out: Whom[] = [];
  const selfSchool = actor.profiles.find((p) => p.kind === 'pupil')?.schoolId;
  if (selfSchool) {
    const c = (await directoryRepo.findClassesOfPupils(db, [actor.personId], day))[0];
    out.push({
      id: actor.personId,
      firstName: actor.firstName,
      lastName: actor.lastName,
      schoolId: c?.school_id ?? selfSchool,
      self: true,
      class: c ? { id: c.class_id, code: c.code, label: c.label } : null,
      site: c?.site_id ? { id: c.site_id, name: c.site_name ?? '' } : null,
    });
  }
  if (actor.profiles.some((p) => p.kind === 'guardian')) {
    for (const c of await directoryRepo.findChildrenOfGuardian(db, actor.personId, day)) {
      if (!hasProfile(actor, c.school_id, 'guardian') || c.id === actor.personId) continue;
      out.push({
        id: c.id,
        firstName: c.first_name,
        lastName: c.last_name,
        schoolId: c.school_id,
        self: false,
        class:
          c.class_id && c.class_code !== null
            ? { id: c.class_id, code: c.class_code, label: c.class_label ?? c.class_code }
            : null,
        site: c.site_id ? { id: c.site_id, name: c.site_name ?? '' } : null,
      });
    }
  }
  return out;
}

/** What matters today for one pupil, as the actor (the pupil or a guardian) sees it. */
async function dayOf(db: Executor, actor: Actor, who: Whom, date: string, now: Date): Promise<FamilyHomePupil> {
  const clock = parisWallClock(now);
  const time = date === clock.date ? clock.time : date < clock.date ? '24:00' : '00:00';
  const upcoming = (list: SessionOut[]) =>
    list.filter((s) => !isCancelled(s) && (s.date > date || (s.date === date && s.endsAt > time))).sort(byTime);
  const week = await getPupilWeek(db, actor, who.id, date);
  let sessions = week.sessions;
  // Late on Friday, or on a weekend: the next lesson is in the next week (or the one after a short holiday).
  for (let i = 1; i <= 2 && upcoming(sessions).length === 0; i++) {
    sessions = [...sessions, ...(await getPupilWeek(db, actor, who.id, addDays(week.from, 7 * i))).sessions];
  }
  const nextSession = upcoming(sessions)[0] ?? null;
  const nextSchoolDay =
    sessions
      .map((s) => s.date)
      .filter((d) => d > date)
      .sort()[0] ?? nextWeekday(date);
  const concerns = (d: string | undefined) => d === date || d === nextSchoolDay;
  const changes = sessions
    .filter((s) => (concerns(s.date) || concerns(s.original?.date)) && (s.status !== 'normal' || s.changes.length > 0))
    .sort(byTime);

  const [homework, reportCards, record] = await Promise.all([
    listPupilHomework(db, actor, who.id, { from: nextSchoolDay, to: nextSchoolDay }),
    listOfPupil(db, actor, who.id),
    getPupilRecord(db, actor, who.id, {}),
  ]);
  const until = now.toISOString();
  const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const newGrades = await repo.countGradesPublishedBetween(db, {
    pupilId: who.id,
    column: who.self ? 'pupils_publish_at' : 'guardians_publish_at',
    since,
    until,
  });
  return {
    pupil: { id: who.id, firstName: who.firstName, lastName: who.lastName },
    self: who.self,
    class: who.class,
    site: who.site,
    nextSession,
    nextSchoolDay,
    changes,
    homeworkDue: homework.items.map((h) => ({
      id: h.id,
      subject: h.subject.label,
      instructions: h.instructions,
      estimatedMinutes: h.estimatedMinutes,
      done: h.done,
    })),
    newGrades,
    newReportCards: reportCards.reportCards.filter((c) => c.readAt === null).length,
    unjustifiedHalfDays: record.counts.unjustifiedHalfDays,
  };
}

/**
 * The pupil's and guardian's home in one request: per pupil (the reader themself, or each child), the next lesson,
 * homework due on the next school day, changes, new grades and report cards, unjustified half-days. Only pupils and
 * guardians; `pupilId` narrows it to one of those pupils (anyone else's: NOT_FOUND).
 */
export async function getFamilyHome(
  db: Executor,
  actor: Actor,
  q: FamilyHomeQuery,
  now: Date = new Date(),
): Promise<FamilyHome> {
  assertCan(actor.profiles.some((p) => p.kind === 'pupil' || p.kind === 'guardian'));
  const date = q.date ?? todayInParis();
  let pupils = await readersPupils(db, actor, date);
  if (q.pupilId !== undefined) {
    pupils = pupils.filter((p) => p.id === q.pupilId);
    if (pupils.length === 0) throw new AppError('NOT_FOUND', 'Pupil not found');
  }
  pupils = pupils.filter((p) => belongsToSchool(actor, p.schoolId));
  const out: FamilyHomePupil[] = [];
  for (const p of pupils) out.push(await dayOf(db, actor, p, date, now));
  const news = await listNews(db, actor, now);
  const toRead = (n: (typeof news.items)[number]) => n.openedAt === null || (n.ackRequired && n.confirmedAt === null);
  const addressed = news.items.filter((n) => n.addressed && n.status === 'published');
  addressed.sort((a, b) => Number(toRead(b)) - Number(toRead(a)) || Number(b.pinned) - Number(a.pinned));
  return {
    date,
    pupils: out,
    news: addressed.slice(0, 5).map((n) => ({
      id: n.id,
      schoolId: n.schoolId,
      title: n.title,
      preview: n.preview,
      pinned: n.pinned,
      ackRequired: n.ackRequired,
      publishAt: n.publishAt,
      toRead: toRead(n),
    })),
    newsToRead: news.unread,
  };
}
