/**
 * A whole school year of a school whose people and timetable are seeded, for benchmarks (`npm run seed -- --schools
 * N --year`): the demo college's own generators (vie scolaire, cahier de textes, grades and skills, report cards,
 * news, messages) run for the school, from the first day of the school year to its last, plus the notifications
 * families get for absences and report cards. Rows dated after today are what the year will hold: grades and report
 * cards carry their own publication dates, so families see only what is published by now.
 *
 * Memory is bounded by one school and one month (vie scolaire, cahier) or one trimester (grades, report cards class
 * by class): no year-long array is held. Deterministic as the generators are (names, dates, codes; never ids).
 */
import type { Executor, NotificationTable } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { opensSchoolInformation } from '../modules/directory/directory.repo.ts';
import { addDays } from '../modules/timetable/timetable.calendar.ts';
import * as timetableRepo from '../modules/timetable/timetable.repo.ts';
import { seedAttendance } from './attendance.ts';
import { seedCahier } from './cahier.ts';
import { addCounts, type GeneratedCollege } from './generator.ts';
import { seedGrades } from './grades.ts';
import { seedMessaging } from './messaging.ts';
import { seedNews } from './news.ts';
import { Rng } from './random.ts';
import { seedReportCards } from './report-cards.ts';

export interface YearSeedOptions {
  schoolId: string;
  /** A stable name of the school (its spec's seed), for the draws that are not tied to people or classes. */
  seedName: string;
  notable: GeneratedCollege['notable'];
  /** 'YYYY-MM-DD' in Europe/Paris: the school year is the one holding this day. */
  today: string;
  /** The instant of the seed (news and messages are dated from it). */
  now: string;
  /** Filled with the milliseconds spent in each step, when given. */
  timings?: Record<string, number>;
}

const CHUNK = 500;
const add = addCounts;

/** Months of [from, to]: [first, last] day pairs, clipped to the range. */
export function monthsOf(from: string, to: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let start = from;
  while (start <= to) {
    const y = Number(start.slice(0, 4));
    const m = Number(start.slice(5, 7));
    const next = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
    const end = addDays(next, -1);
    out.push([start, end < to ? end : to]);
    start = next;
  }
  return out;
}

/** Seeds the whole school year of one school; run it in one transaction per school. Returns row counts. */
export async function seedSchoolYear(db: Executor, o: YearSeedOptions): Promise<Record<string, number>> {
  const year = await timetableRepo.findYearOfSchool(db, o.schoolId, o.today);
  if (!year) return {};
  // The generators' "today" is the year's last day: every session of the year is behind it.
  const asOf = year.ends_on;
  const endNow = `${asOf}T16:00:00.000Z`;
  const counts: Record<string, number> = {};
  const timed = async <T>(step: string, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      if (o.timings) o.timings[step] = (o.timings[step] ?? 0) + Math.round(performance.now() - t);
    }
  };
  const family = await familiesOf(db, o.schoolId);

  for (const [from, to] of monthsOf(year.starts_on, asOf)) {
    add(
      counts,
      await timed('attendance', () => seedAttendance(db, { schoolId: o.schoolId, today: asOf, now: endNow, from, to })),
    );
    add(counts, await timed('notifications', () => absenceNotifications(db, o.schoolId, family, from, to)));
    add(
      counts,
      await timed('cahier', () => seedCahier(db, { schoolId: o.schoolId, today: asOf, now: endNow, from, to })),
    );
  }
  delete counts.missing_roll_calls_today;

  const periods = await db
    .selectFrom('periods')
    .select(['id', 'number', 'label', 'ends_on'])
    .where('school_year_id', '=', year.id)
    .where('kind', '=', 'trimestre')
    .orderBy('number')
    .execute();
  for (const p of periods) {
    add(
      counts,
      await timed('grades', () => seedGrades(db, { schoolId: o.schoolId, today: asOf, now: endNow, period: p.number })),
    );
    // Published the evening the trimester ends (those of later trimesters are scheduled, not yet visible).
    const publishedAt = `${p.ends_on}T17:00:00.000Z`;
    add(
      counts,
      await timed('report_cards', () =>
        seedReportCards(db, { schoolId: o.schoolId, now: publishedAt, period: p.number }),
      ),
    );
    add(counts, await timed('notifications', () => reportCardNotifications(db, o.schoolId, family, p, publishedAt)));
  }

  const staff = o.notable.staff;
  const news = await timed('news', () =>
    seedNews(db, {
      schoolId: o.schoolId,
      today: o.today,
      now: o.now,
      seedName: o.seedName,
      notable: {
        parent: o.notable.parent,
        ...(staff.secretariat ? { secretary: staff.secretariat } : {}),
        ...(staff.principal ? { principal: staff.principal } : {}),
        ...(staff.cpe ? { cpe: staff.cpe } : {}),
      },
    }),
  );
  add(counts, { news: news.news, news_reads: news.newsReads });
  add(
    counts,
    await timed('messaging', () =>
      seedMessaging(db, {
        schoolId: o.schoolId,
        now: o.now,
        notable: { ...o.notable, ...(staff.cpe ? { cpe: staff.cpe } : {}) },
      }),
    ),
  );
  return counts;
}

interface Families {
  name: Map<string, string>;
  guardians: Map<string, string[]>;
}

/** The school's pupils' names and the guardians who receive school information. */
async function familiesOf(db: Executor, schoolId: string): Promise<Families> {
  const [pupils, links] = await Promise.all([
    db
      .selectFrom('profiles as pr')
      .innerJoin('people as p', 'p.id', 'pr.person_id')
      .select(['p.id', 'p.first_name', 'p.last_name'])
      .where('pr.school_id', '=', schoolId)
      .where('pr.kind', '=', 'pupil')
      .execute(),
    db
      .selectFrom('guardianships as g')
      .innerJoin('profiles as pr', 'pr.person_id', 'g.pupil_id')
      .select(['g.pupil_id', 'g.guardian_id'])
      .where('pr.school_id', '=', schoolId)
      .where('pr.kind', '=', 'pupil')
      .where(opensSchoolInformation('g'))
      .orderBy('g.guardian_id')
      .execute(),
  ]);
  const guardians = new Map<string, string[]>();
  for (const l of links) guardians.set(l.pupil_id, [...(guardians.get(l.pupil_id) ?? []), l.guardian_id]);
  return { name: new Map(pupils.map((p) => [p.id, `${p.first_name} ${p.last_name}`])), guardians };
}

async function insertNotifications(db: Executor, rows: NotificationTable[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('notifications')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
  return rows.length;
}

/** Most notifications were read within a day or two; a few stay unread. */
function readAt(rng: Rng, createdAt: string): string | null {
  return rng.chance(0.85) ? new Date(Date.parse(createdAt) + rng.int(1, 48) * 3_600_000).toISOString() : null;
}

/** « Absence à justifier » to the guardians, once per pupil and day absent in the window (as the roll call sends). */
async function absenceNotifications(db: Executor, schoolId: string, f: Families, from: string, to: string) {
  const events = await db
    .selectFrom('attendance_events')
    .select(['pupil_id', 'date_from', 'half_from', 'created_at'])
    .where('school_id', '=', schoolId)
    .where('kind', '=', 'absence')
    .where('date_from', '>=', from)
    .where('date_from', '<=', to)
    .orderBy('date_from')
    .orderBy('created_at')
    .execute();
  const seen = new Set<string>();
  const rows: NotificationTable[] = [];
  for (const e of events) {
    const k = `${e.pupil_id}|${e.date_from}`;
    if (seen.has(k)) continue;
    seen.add(k);
    const child = f.name.get(e.pupil_id) ?? '';
    const when = e.half_from === 'am' ? 'matin' : 'après-midi';
    const rng = new Rng(`notify:absence:${child}:${e.date_from}`);
    for (const guardian of f.guardians.get(e.pupil_id) ?? []) {
      rows.push({
        id: newId(),
        person_id: guardian,
        school_id: schoolId,
        kind: 'absence.unexplained',
        title: 'Absence à justifier',
        body: `${child || 'Votre enfant'} a été noté(e) absent(e) le ${e.date_from} (${when}). Merci d'en indiquer le motif.`,
        link: `/absences/${e.pupil_id}`,
        message_key: 'absence.unexplained',
        message_params: JSON.stringify({ child, date: e.date_from, when }),
        created_at: e.created_at,
        read_at: readAt(rng, e.created_at),
      });
    }
  }
  return { notifications: await insertNotifications(db, rows) };
}

/** « Bulletin publié » to each pupil and their guardians, class by class. */
async function reportCardNotifications(
  db: Executor,
  schoolId: string,
  f: Families,
  period: { id: string; label: string },
  publishedAt: string,
) {
  const classes = await db
    .selectFrom('report_cards as r')
    .innerJoin('classes as c', 'c.id', 'r.class_id')
    .select(['c.id', 'c.label'])
    .distinct()
    .where('r.period_id', '=', period.id)
    .orderBy('c.label')
    .execute();
  let n = 0;
  for (const c of classes) {
    const cards = await db
      .selectFrom('report_cards')
      .select('pupil_id')
      .where('period_id', '=', period.id)
      .where('class_id', '=', c.id)
      .execute();
    const rows: NotificationTable[] = [];
    for (const { pupil_id } of cards) {
      const child = f.name.get(pupil_id) ?? '';
      const rng = new Rng(`notify:report-card:${period.label}:${child}`);
      for (const person of [pupil_id, ...(f.guardians.get(pupil_id) ?? [])]) {
        rows.push({
          id: newId(),
          person_id: person,
          school_id: schoolId,
          kind: 'report_card.published',
          title: `Bulletin du ${period.label} : ${child}`,
          body: `Le bulletin du ${period.label} (${c.label}) est disponible dans Préau.`,
          link: '/bulletins',
          message_key: 'reportCard.published',
          message_params: JSON.stringify({ child, period: period.label, class: c.label }),
          created_at: publishedAt,
          read_at: readAt(rng, publishedAt),
        });
      }
    }
    n += await insertNotifications(db, rows);
  }
  return { notifications: n };
}
