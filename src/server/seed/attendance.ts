/**
 * Demo vie scolaire: roll calls and events for the last few weeks of a school whose timetable is seeded.
 * About 5 % of pupil-sessions absent (whole days, half-days), some lateness, a few chronic absentees who end up
 * "à signaler", justifications accepted, refused or still pending, and a few of today's sessions (already
 * started) left without a roll call. Deterministic: every choice comes from an Rng seeded with stable names
 * (pupil logins, dates, class codes, times), never from ids or Math.random. Sessions come from the timetable.
 */
import type {
  AttendanceEventTable,
  Executor,
  HalfDay,
  JustificationEventTable,
  JustificationTable,
  RollCallTable,
} from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { halfOf, parisInstant, parisWallClock } from '../modules/attendance/attendance.halfdays.ts';
import { ensureReasons } from '../modules/attendance/attendance.reasons.ts';
import { opensSchoolInformation } from '../modules/directory/directory.repo.ts';
import { addDays, mondayOf } from '../modules/timetable/timetable.calendar.ts';
import * as timetableRepo from '../modules/timetable/timetable.repo.ts';
import { sessionsOfCourses } from '../modules/timetable/timetable.service.ts';
import { Rng } from './random.ts';

export interface AttendanceSeedOptions {
  schoolId: string;
  /** 'YYYY-MM-DD' in Europe/Paris. */
  today: string;
  /** The instant of the seed: today's sessions that started before it get a roll call (most of them). */
  now: string;
  /** How many weeks back, this week included (default 4). */
  weeks?: number;
  /**
   * An explicit window instead of `weeks` ('YYYY-MM-DD', both included; `to` defaults to `today`): a whole year is
   * seeded window by window, so that no year-long array is held. Choices depend on pupils, dates and sessions only,
   * so the same days come out alike whatever the windows.
   */
  from?: string;
  to?: string;
}

type Absence = { half: HalfDay | 'day'; reason: string | null; status: AttendanceEventTable['justification_status'] };

async function insertChunked(
  db: Executor,
  table: 'roll_calls' | 'attendance_events' | 'justifications' | 'justification_events',
  rows: unknown[],
) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + 200) as never)
      .execute();
  }
}

export async function seedAttendance(db: Executor, o: AttendanceSeedOptions): Promise<Record<string, number>> {
  const year = await timetableRepo.findYearOfSchool(db, o.schoolId, o.today);
  if (!year) return {};
  const from = [o.from ?? addDays(mondayOf(o.today), -7 * ((o.weeks ?? 4) - 1)), year.starts_on].sort()[1]!;
  const to = [o.to ?? o.today, o.today].sort()[0]!;
  if (to < from) return {};
  const courses = await timetableRepo.findCoursesOfYear(db, year.id);
  if (courses.length === 0) return {};
  const nowTime = parisWallClock(new Date(o.now)).time;
  const sessions = (await sessionsOfCourses(db, courses, from, to)).filter(
    (s) =>
      !s.cancelled &&
      s.teachers.length > 0 &&
      (s.date < o.today || (s.date === o.today && s.startsAt <= nowTime)) &&
      s.date >= from,
  );

  // Who is in each session: class members and group members, as the timetable counts them.
  const [classRows, groupRows, pupils, guardians] = await Promise.all([
    db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .select(['m.class_id as id', 'm.pupil_id'])
      .where('c.school_id', '=', o.schoolId)
      .where('m.ends_on', 'is', null)
      .execute(),
    db
      .selectFrom('group_memberships as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['m.group_id as id', 'm.pupil_id'])
      .where('g.school_id', '=', o.schoolId)
      .where('m.ends_on', 'is', null)
      .execute(),
    db
      .selectFrom('profiles as pr')
      .innerJoin('people as p', 'p.id', 'pr.person_id')
      .select(['p.id', 'p.login'])
      .where('pr.school_id', '=', o.schoolId)
      .where('pr.kind', '=', 'pupil')
      .execute(),
    db
      .selectFrom('guardianships as g')
      .innerJoin('profiles as pr', 'pr.person_id', 'g.pupil_id')
      .select(['g.pupil_id', 'g.guardian_id', 'g.responsibility'])
      .where('pr.school_id', '=', o.schoolId)
      .where('pr.kind', '=', 'pupil')
      .where(opensSchoolInformation('g'))
      .execute(),
  ]);
  const membersOf = (rows: Array<{ id: string; pupil_id: string }>) => {
    const by = new Map<string, Set<string>>();
    for (const r of rows) by.set(r.id, (by.get(r.id) ?? new Set()).add(r.pupil_id));
    return by;
  };
  const ofClass = membersOf(classRows);
  const ofGroup = membersOf(groupRows);
  const loginOf = new Map(pupils.map((p) => [p.id, p.login]));
  const guardianOf = new Map<string, string>();
  for (const g of guardians.sort((a, b) => a.responsibility.localeCompare(b.responsibility))) {
    if (!guardianOf.has(g.pupil_id)) guardianOf.set(g.pupil_id, g.guardian_id);
  }

  const reasons = await ensureReasons(db, o.schoolId);
  const reasonId = (code: string) => reasons.find((r) => r.code === code)?.id ?? null;

  // Each pupil's habits: most are rarely absent, a few often, a handful chronically (and without excuse).
  const habit = new Map<string, { pDay: number; pLate: number; excused: number }>();
  for (const p of [...pupils].sort((a, b) => a.login.localeCompare(b.login))) {
    const rng = new Rng(`habit:${p.login}`);
    const r = rng.next();
    habit.set(
      p.id,
      r < 0.015
        ? { pDay: 0.3, pLate: 0.04, excused: 0.1 }
        : r < 0.1
          ? { pDay: 0.12, pLate: 0.02, excused: 0.75 }
          : { pDay: 0.055, pLate: 0.004, excused: 0.85 },
    );
  }
  const recentFrom = addDays(o.today, -3);
  const absenceOn = new Map<string, Absence | null>();
  const absenceOf = (pupilId: string, date: string): Absence | null => {
    const k = `${pupilId}|${date}`;
    if (absenceOn.has(k)) return absenceOn.get(k)!;
    const h = habit.get(pupilId) ?? { pDay: 0.055, pLate: 0.004, excused: 0.85 };
    const rng = new Rng(`absent:${loginOf.get(pupilId)}:${date}`);
    let a: Absence | null = null;
    if (rng.chance(h.pDay)) {
      const half = rng.weighted<Absence['half']>([
        ['day', 6],
        ['am', 2],
        ['pm', 2],
      ]);
      const excused = rng.chance(h.excused);
      const reason = excused
        ? rng.weighted([
            ['maladie', 6],
            ['rendez_vous_medical', 2],
            ['raison_familiale', 1],
            ['transport', 1],
          ] as const)
        : null;
      // Older absences were dealt with; the last days' still wait for the family or for vie scolaire.
      const status: Absence['status'] = !excused
        ? rng.chance(0.15) && date < recentFrom
          ? 'refused'
          : 'none'
        : date >= recentFrom
          ? rng.chance(0.5)
            ? 'pending'
            : 'none'
          : 'accepted';
      a = { half, reason: status === 'none' ? null : (reason ?? 'sans_motif'), status };
    }
    absenceOn.set(k, a);
    return a;
  };

  const rollCalls: RollCallTable[] = [];
  const events: AttendanceEventTable[] = [];
  const justificationOf = new Map<string, JustificationTable>();
  const links: JustificationEventTable[] = [];
  let missing = 0;
  for (const s of sessions) {
    const [courseId, plannedDate, extraId] = s.key.split(':') as [string, string, string | undefined];
    const audience = s.class?.code ?? s.groups[0]?.code ?? '';
    const rng = new Rng(`rollcall:${audience}:${s.subject.code}:${plannedDate}:${s.startsAt}`);
    // A few of today's sessions have no roll call yet (the "missing" list of vie scolaire).
    if (s.date === o.today && rng.chance(0.12)) {
      missing++;
      continue;
    }
    const members = new Set<string>(s.class ? (ofClass.get(s.class.id) ?? []) : []);
    for (const g of s.groups) for (const p of ofGroup.get(g.id) ?? []) members.add(p);
    const list = [...members].sort((a, b) => (loginOf.get(a) ?? a).localeCompare(loginOf.get(b) ?? b));
    if (list.length === 0) continue;
    const half = halfOf(s.startsAt);
    const start = parisInstant(s.date, s.startsAt).getTime();
    const takenAt = new Date(start + (5 + rng.int(0, 10)) * 60_000).toISOString();
    const teacher = s.teachers[0]!.id;
    let absent = 0;
    let late = 0;
    for (const pupilId of list) {
      const a = absenceOf(pupilId, s.date);
      const base = {
        school_id: o.schoolId,
        pupil_id: pupilId,
        source: 'roll_call' as const,
        session_key: s.key,
        course_id: courseId,
        starts_at: s.startsAt,
        ends_at: s.endsAt,
        date_from: s.date,
        half_from: half,
        date_to: s.date,
        half_to: half,
        left_at: null,
        collected_by_guardian_id: null,
        collected_by_name: null,
        comment: '',
        created_by: teacher,
        created_at: takenAt,
        updated_by: teacher,
        updated_at: takenAt,
        version: 1,
      };
      if (a && (a.half === 'day' || a.half === half)) {
        absent++;
        const id = newId();
        events.push({
          ...base,
          id,
          kind: 'absence',
          minutes_late: null,
          reason_id: a.reason ? reasonId(a.reason) : null,
          justification_status: a.status,
          notified_at: takenAt,
        });
        const guardian = guardianOf.get(pupilId);
        if (a.status !== 'none' && guardian) {
          const jk = `${pupilId}|${s.date}`;
          let j = justificationOf.get(jk);
          if (!j) {
            const submitted = new Date(start + 10 * 3_600_000).toISOString();
            j = {
              id: newId(),
              school_id: o.schoolId,
              pupil_id: pupilId,
              kind: 'justification',
              date_from: null,
              half_from: null,
              date_to: null,
              half_to: null,
              reason_id: a.reason ? reasonId(a.reason) : null,
              comment: a.reason === 'maladie' ? 'Certificat médical remis au carnet.' : '',
              document_id: null,
              status: a.status === 'pending' ? 'pending' : a.status === 'refused' ? 'refused' : 'accepted',
              submitted_by: guardian,
              submitted_at: submitted,
              decided_by: a.status === 'pending' ? null : teacher,
              decided_at: a.status === 'pending' ? null : new Date(start + 30 * 3_600_000).toISOString(),
              decision_comment: a.status === 'refused' ? 'Motif non recevable.' : '',
              version: a.status === 'pending' ? 1 : 2,
            };
            justificationOf.set(jk, j);
          }
          links.push({ justification_id: j.id, event_id: id });
        }
      } else if (
        rng.chance((habit.get(pupilId)?.pLate ?? 0.01) * (s.startsAt === '08:00' || s.startsAt === '13:30' ? 3 : 1))
      ) {
        late++;
        events.push({
          ...base,
          id: newId(),
          kind: 'lateness',
          minutes_late: rng.weighted([
            [5, 5],
            [10, 3],
            [15, 2],
            [25, 1],
          ] as const),
          reason_id: null,
          justification_status: 'none',
          notified_at: null,
        });
      }
    }
    rollCalls.push({
      id: newId(),
      school_id: o.schoolId,
      session_key: s.key,
      course_id: courseId,
      session_date: plannedDate,
      extra_session_id: extraId ?? null,
      date: s.date,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      class_id: s.class?.id ?? null,
      site_id: s.site?.id ?? null,
      pupil_count: list.length,
      absent_count: absent,
      late_count: late,
      taken_by: teacher,
      taken_at: takenAt,
      updated_by: teacher,
      updated_at: takenAt,
      version: 1,
    });
  }
  // Decisions by vie scolaire are signed by a CPE when the school has one.
  const cpe = await db
    .selectFrom('staff_functions')
    .select('person_id')
    .where('school_id', '=', o.schoolId)
    .where('function', '=', 'cpe')
    .orderBy('person_id')
    .executeTakeFirst();
  const justifications = [...justificationOf.values()];
  for (const j of justifications) if (j.decided_by) j.decided_by = cpe?.person_id ?? null;

  await insertChunked(db, 'roll_calls', rollCalls);
  await insertChunked(db, 'attendance_events', events);
  await insertChunked(db, 'justifications', justifications);
  await insertChunked(db, 'justification_events', links);
  return {
    roll_calls: rollCalls.length,
    attendance_events: events.length,
    justifications: justifications.length,
    missing_roll_calls_today: missing,
  };
}
