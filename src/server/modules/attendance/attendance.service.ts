/**
 * Roll calls and missing roll calls. Sessions, their teachers (the replacement after changes), their pupils
 * (class and group members on the day) and whether they are cancelled come from the timetable module.
 */
import { z } from 'zod';
import type { AttendanceEventTable, Executor, HalfDay } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { deName } from '../../lib/french.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile, isStaffOf } from '../../lib/policy.ts';
import { getSchoolSetting, type SchoolSettingDef } from '../../lib/school-settings.ts';
import { assertDayOpen } from '../../lib/school-year.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays, weekdayOf } from '../timetable/timetable.calendar.ts';
import { resolveSession } from '../timetable/timetable.edit.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import { findSessionsOfSchoolOn, sessionsOfCourses } from '../timetable/timetable.service.ts';
import { parseSessionKey, type Session, sessionKey } from '../timetable/timetable.sessions.ts';
import { halfOf, parisInstant, parisWallClock } from './attendance.halfdays.ts';
import { canManageAttendance, isTeacherOfSession } from './attendance.policy.ts';
import * as repo from './attendance.repo.ts';
import type { RollCall, RollCallInput } from './attendance.schema.ts';

// ---------------------------------------------------------------------------------------------- settings

export const AttendanceSettingsSchema = z.strictObject({
  /** end_of_day: teachers may change a roll call until midnight of its day, plus lockHours; after_session: until its end plus lockHours. */
  lockMode: z.enum(['end_of_day', 'after_session']),
  lockHours: z.number().int().min(0).max(744),
  /** Families justify events up to this many days after them; older ones are in a locked period. */
  justificationDays: z.number().int().min(1).max(365),
});
export type AttendanceSettings = z.infer<typeof AttendanceSettingsSchema>;

export const ATTENDANCE_SETTINGS: SchoolSettingDef<AttendanceSettings> = {
  name: 'attendance',
  schema: AttendanceSettingsSchema,
  defaults: { lockMode: 'end_of_day', lockHours: 0, justificationDays: 30 },
};

export const getAttendanceSettings = (db: Executor, schoolId: string) =>
  getSchoolSetting(db, schoolId, ATTENDANCE_SETTINGS);

/** The instant a session's roll call is locked for its teachers. */
export function locksAtOf(settings: AttendanceSettings, s: { date: string; endsAt: string }): Date {
  const base =
    settings.lockMode === 'end_of_day' ? parisInstant(addDays(s.date, 1), '00:00') : parisInstant(s.date, s.endsAt);
  return new Date(base.getTime() + settings.lockHours * 3_600_000);
}

// ---------------------------------------------------------------------------------------------- sessions

export interface SessionRef {
  courseId: string;
  date: string;
  extraSessionId: string | null;
}

interface LoadedSession {
  key: string;
  schoolId: string;
  session: Session;
  pupilIds: string[];
}

/** The session (NOT_FOUND outside the actor's schools) and its pupils on the day it takes place. */
async function loadSession(db: Executor, actor: Actor, ref: SessionRef): Promise<LoadedSession> {
  const key = sessionKey(ref.courseId, ref.date, ref.extraSessionId ?? undefined);
  const { row, session } = await resolveSession(db, actor, key);
  const { pupils } = await timetableRepo.findPeopleConcernedByCourse(db, row.id, session.date);
  return { key, schoolId: row.school_id, session, pupilIds: pupils };
}

/** An extra session by its id, as a session reference (NOT_FOUND when it does not exist). */
export async function extraSessionRef(db: Executor, extraSessionId: string): Promise<SessionRef> {
  const extra = await timetableRepo.getExtra(db, extraSessionId);
  if (!extra) throw new AppError('NOT_FOUND', 'Session not found');
  return { courseId: extra.course_id, date: extra.date, extraSessionId: extra.id };
}

const teacherIdsOf = (s: Session) => s.teachers.map((t) => t.id);

/** Who may open a roll call: its teachers, vie scolaire, direction. Families are not told the session exists. */
function assertCanOpen(actor: Actor, l: LoadedSession) {
  const allowed =
    isTeacherOfSession(actor, l.schoolId, teacherIdsOf(l.session)) || canManageAttendance(actor, l.schoolId);
  const knowsTimetables = isStaffOf(actor, l.schoolId) || hasProfile(actor, l.schoolId, 'teacher');
  assertCan(allowed, { hide: !knowsTimetables, what: 'Session' });
}

/** Whether (date, half) lies inside an event's or announcement's span. */
export const covers = (
  x: { date_from: string | null; half_from: HalfDay | null; date_to: string | null; half_to: HalfDay | null },
  date: string,
  half: HalfDay,
): boolean =>
  x.date_from !== null &&
  x.date_to !== null &&
  (date > x.date_from || (date === x.date_from && (x.half_from === 'am' || half === 'pm'))) &&
  (date < x.date_to || (date === x.date_to && (x.half_to === 'pm' || half === 'am')));

async function buildRollCall(db: Executor, actor: Actor, l: LoadedSession): Promise<RollCall> {
  const s = l.session;
  const half = halfOf(s.startsAt);
  const [settings, rollCall, names, events, covering, announcements, exemptions] = await Promise.all([
    getAttendanceSettings(db, l.schoolId),
    repo.getRollCallByKey(db, l.key),
    repo.findPeopleNames(db, l.pupilIds),
    repo.findSessionEvents(db, l.key),
    repo.findEventsCovering(db, l.pupilIds, s.date),
    repo.findAnnouncementsCovering(db, l.pupilIds, s.date),
    repo.findExemptionsCovering(db, l.pupilIds, s.date),
  ]);
  const locksAt = locksAtOf(settings, s);
  const manage = canManageAttendance(actor, l.schoolId);
  const weekday = String(weekdayOf(s.date));
  const pupils = names
    .sort((a, b) => a.last_name.localeCompare(b.last_name, 'fr') || a.first_name.localeCompare(b.first_name, 'fr'))
    .map((p) => {
      const own = events.filter((e) => e.pupil_id === p.id);
      const absent = own.find((e) => e.kind === 'absence' && e.source === 'roll_call');
      const late = own.find((e) => e.kind === 'lateness' && e.source === 'roll_call');
      const entered = covering.find(
        (e) => e.pupil_id === p.id && e.kind === 'absence' && e.source === 'vie_scolaire' && covers(e, s.date, half),
      );
      const announced = announcements.find((a) => a.pupil_id === p.id && covers(a, s.date, half));
      const exemption = exemptions.find(
        (x) =>
          x.pupil_id === p.id &&
          (x.subject_id === null || x.subject_id === s.subject.id) &&
          (x.weekdays === null || x.weekdays.split(',').includes(weekday)),
      );
      return {
        id: p.id,
        firstName: p.first_name,
        lastName: p.last_name,
        status: absent ? ('absent' as const) : late ? ('late' as const) : ('present' as const),
        minutesLate: late?.minutes_late ?? null,
        knownAbsence: entered
          ? { source: 'vie_scolaire' as const, justificationStatus: entered.justification_status }
          : announced
            ? {
                source: 'announcement' as const,
                justificationStatus: announced.status === 'accepted' ? ('accepted' as const) : ('pending' as const),
              }
            : null,
        exemption: exemption
          ? { presenceRequired: exemption.presence_required === 1, subjectId: exemption.subject_id }
          : null,
        events: own.map((e) => ({
          id: e.id,
          kind: e.kind,
          source: e.source,
          minutesLate: e.minutes_late,
          justificationStatus: e.justification_status,
        })),
      };
    });
  return {
    session: {
      key: l.key,
      courseId: s.courseId,
      date: s.date,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      subject: s.subject,
      class: s.class,
      groups: s.groups,
      room: s.room,
      teachers: s.teachers,
      cancelled: s.cancelled,
    },
    rollCall: rollCall
      ? {
          version: rollCall.version,
          takenBy: rollCall.taken_by,
          takenAt: rollCall.taken_at,
          updatedBy: rollCall.updated_by,
          updatedAt: rollCall.updated_at,
        }
      : null,
    locksAt: locksAt.toISOString(),
    abilities: {
      record:
        !s.cancelled &&
        s.date <= todayInParis() &&
        (manage || (isTeacherOfSession(actor, l.schoolId, teacherIdsOf(s)) && Date.now() < locksAt.getTime())),
    },
    pupils,
  };
}

export async function getRollCall(db: Executor, actor: Actor, ref: SessionRef): Promise<RollCall> {
  const l = await loadSession(db, actor, ref);
  assertCanOpen(actor, l);
  return buildRollCall(db, actor, l);
}

type Wanted = Map<string, { kind: 'absence' } | { kind: 'lateness'; minutes: number }>;

function wantedOf(input: RollCallInput, pupilIds: readonly string[]): Wanted {
  const inSession = new Set(pupilIds);
  const all = [...input.absent, ...input.late.map((l) => l.pupilId)];
  const notInSession = [...new Set(all.filter((id) => !inSession.has(id)))];
  if (notInSession.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'Some pupils are not in this session', { notInSession });
  }
  const twice = all.filter((id, i) => all.indexOf(id) !== i);
  if (twice.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'A pupil is listed twice (absent and late?)', {
      pupilIds: [...new Set(twice)],
    });
  }
  const wanted: Wanted = new Map();
  for (const id of input.absent) wanted.set(id, { kind: 'absence' });
  for (const l of input.late) wanted.set(l.pupilId, { kind: 'lateness', minutes: l.minutes });
  return wanted;
}

const rollCallEvents = (events: readonly AttendanceEventTable[]) =>
  events.filter((e) => e.source === 'roll_call' && (e.kind === 'absence' || e.kind === 'lateness'));

function sameState(events: readonly AttendanceEventTable[], wanted: Wanted): boolean {
  const mine = rollCallEvents(events);
  if (mine.length !== wanted.size) return false;
  return mine.every((e) => {
    const w = wanted.get(e.pupil_id);
    if (!w || w.kind !== e.kind) return false;
    return w.kind !== 'lateness' || w.minutes === e.minutes_late;
  });
}

class Stale extends Error {}

/**
 * Records a session's roll call in one transaction: absences and lateness of the whole class, the others
 * present. Idempotent: sending the state already stored changes nothing, whatever the version. A different
 * state on a stale version is refused with 409 CONFLICT and the current roll call in `details.current`.
 */
export async function putRollCall(
  db: Executor,
  actor: Actor,
  ref: SessionRef,
  input: RollCallInput,
): Promise<RollCall> {
  const l = await loadSession(db, actor, ref);
  assertCanOpen(actor, l);
  const s = l.session;
  await assertDayOpen(db, l.schoolId, s.date);
  if (s.cancelled) throw new AppError('SESSION_CANCELLED', 'This session is cancelled: no roll call is needed');
  if (s.date > todayInParis()) throw new AppError('VALIDATION_FAILED', 'This session has not taken place yet');
  const manage = canManageAttendance(actor, l.schoolId);
  if (!manage) {
    const settings = await getAttendanceSettings(db, l.schoolId);
    if (Date.now() >= locksAtOf(settings, s).getTime()) {
      throw new AppError('ROLL_CALL_LOCKED', 'This roll call is locked: ask vie scolaire to correct it');
    }
  }
  const wanted = wantedOf(input, l.pupilIds);
  const absentCount = [...wanted.values()].filter((w) => w.kind === 'absence').length;
  const counts = { pupil_count: l.pupilIds.length, absent_count: absentCount, late_count: wanted.size - absentCount };
  try {
    await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const existing = await repo.getRollCallByKey(trx, l.key);
      const events = existing ? await repo.findSessionEvents(trx, l.key) : [];
      if (existing) {
        if (input.version !== existing.version) {
          if (sameState(events, wanted)) return;
          throw new Stale();
        }
        const ok = await repo.updateRollCallIfVersion(trx, existing.id, existing.version, {
          ...counts,
          updated_by: actor.personId,
          updated_at: now,
        });
        if (!ok) throw new Stale();
      } else {
        if (input.version !== null) throw new Stale();
        const ok = await repo.insertRollCall(trx, {
          id: newId(),
          school_id: l.schoolId,
          session_key: l.key,
          course_id: s.courseId,
          session_date: ref.date,
          extra_session_id: ref.extraSessionId,
          date: s.date,
          starts_at: s.startsAt,
          ends_at: s.endsAt,
          class_id: s.class?.id ?? null,
          site_id: s.site?.id ?? null,
          ...counts,
          taken_by: actor.personId,
          taken_at: now,
          updated_by: actor.personId,
          updated_at: now,
          version: 1,
        });
        if (!ok) throw new Stale();
      }
      await applyWanted(trx, actor, l, rollCallEvents(events), wanted, now);
    });
  } catch (err) {
    if (!(err instanceof Stale)) throw err;
    const current = await buildRollCall(db, actor, l);
    if (sameState(await repo.findSessionEvents(db, l.key), wanted)) return current;
    throw new AppError('CONFLICT', 'Someone else changed this roll call: here is its current state', { current });
  }
  return buildRollCall(db, actor, l);
}

/** Brings the session's roll-call events to the wanted state; notifies families of new unexplained absences. */
async function applyWanted(
  trx: Executor,
  actor: Actor,
  l: LoadedSession,
  current: readonly AttendanceEventTable[],
  wanted: Wanted,
  now: string,
) {
  const s = l.session;
  const half = halfOf(s.startsAt);
  const gone: string[] = [];
  const kept = new Set<string>();
  for (const e of current) {
    const w = wanted.get(e.pupil_id);
    if (!w || w.kind !== e.kind) {
      gone.push(e.id);
      continue;
    }
    kept.add(e.pupil_id);
    if (w.kind === 'lateness' && w.minutes !== e.minutes_late) {
      await repo.updateEventIfVersion(trx, e.id, e.version, {
        minutes_late: w.minutes,
        updated_by: actor.personId,
        updated_at: now,
      });
    }
  }
  await repo.deleteEvents(trx, gone);
  const fresh = [...wanted].filter(([pupilId]) => !kept.has(pupilId));
  if (fresh.length === 0) return;
  const freshIds = fresh.map(([id]) => id);
  const [covering, announcements, names] = await Promise.all([
    repo.findEventsCovering(trx, freshIds, s.date),
    repo.findAnnouncementsCovering(trx, freshIds, s.date),
    repo.findPeopleNames(trx, freshIds),
  ]);
  const rows: AttendanceEventTable[] = [];
  const links: Array<{ justification_id: string; event_id: string }> = [];
  const toNotify: string[] = [];
  for (const [pupilId, w] of fresh) {
    const row: AttendanceEventTable = {
      id: newId(),
      school_id: l.schoolId,
      pupil_id: pupilId,
      kind: w.kind,
      source: 'roll_call',
      session_key: l.key,
      course_id: s.courseId,
      starts_at: s.startsAt,
      ends_at: s.endsAt,
      date_from: s.date,
      half_from: half,
      date_to: s.date,
      half_to: half,
      minutes_late: w.kind === 'lateness' ? w.minutes : null,
      left_at: null,
      collected_by_guardian_id: null,
      collected_by_name: null,
      reason_id: null,
      justification_status: 'none',
      comment: '',
      notified_at: null,
      created_by: actor.personId,
      created_at: now,
      updated_by: actor.personId,
      updated_at: now,
      version: 1,
    };
    if (w.kind === 'absence') {
      // Already known: announced by the family, or entered by vie scolaire with a reason.
      const announced = announcements.find((a) => a.pupil_id === pupilId && covers(a, s.date, half));
      const entered = covering.find(
        (e) => e.pupil_id === pupilId && e.kind === 'absence' && e.source === 'vie_scolaire' && covers(e, s.date, half),
      );
      if (announced) {
        row.reason_id = announced.reason_id;
        row.justification_status = announced.status === 'accepted' ? 'accepted' : 'pending';
        links.push({ justification_id: announced.id, event_id: row.id });
      } else if (entered) {
        row.reason_id = entered.reason_id;
        row.justification_status = entered.justification_status;
        if (entered.notified_at) row.notified_at = entered.notified_at;
      } else if (!(await repo.wasNotifiedOn(trx, pupilId, s.date))) {
        row.notified_at = now;
        toNotify.push(pupilId);
      }
    }
    rows.push(row);
  }
  await repo.insertEvents(trx, rows);
  if (links.length > 0) await trx.insertInto('justification_events').values(links).execute();
  for (const pupilId of toNotify)
    await notifyUnexplained(trx, l.schoolId, pupilId, names, s.date, `${s.subject.label}, ${s.startsAt}`);
}

/** Tells the pupil's guardians (not court-restricted) of an absence to justify. */
export async function notifyUnexplained(
  db: Executor,
  schoolId: string,
  pupilId: string,
  names: ReadonlyArray<{ id: string; first_name: string; last_name: string }>,
  date: string,
  when: string,
) {
  const guardians = await repo.findVisibleGuardianIds(db, [pupilId]);
  const p = names.find((n) => n.id === pupilId);
  await notify(db, {
    personIds: guardians,
    schoolId,
    kind: 'absence.unexplained',
    title: 'Absence à justifier',
    body: `${p ? `${p.first_name} ${p.last_name}` : 'Votre enfant'} a été noté(e) absent(e) le ${date} (${when}). Merci d'en indiquer le motif.`,
    link: `/absences/${pupilId}`,
    message: { key: 'absence.unexplained', params: { child: p ? `${p.first_name} ${p.last_name}` : '', date, when } },
  });
}

// ---------------------------------------------------------------------------------------------- missing

function assertCanWatch(actor: Actor, schoolId: string) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
}

/** Sessions of a school that have started (Europe/Paris) on a date and have no roll call. */
export async function listMissing(db: Executor, actor: Actor, schoolId: string, q: { siteId?: string; date?: string }) {
  assertCanWatch(actor, schoolId);
  if (q.siteId && (await timetableRepo.findSchoolOf(db, 'sites', q.siteId)) !== schoolId) {
    throw new AppError('NOT_FOUND', 'Site not found');
  }
  const now = parisWallClock(new Date());
  const date = q.date ?? now.date;
  const asOf = date < now.date ? '23:59' : date === now.date ? now.time : null;
  if (asOf === null) return { date, asOf: '00:00', items: [] };
  const [sessions, taken] = await Promise.all([
    findSessionsOfSchoolOn(db, schoolId, date),
    repo.findRollCallKeysOn(db, schoolId, date),
  ]);
  const done = new Set(taken.map((t) => t.session_key));
  const items = sessions
    .filter((s) => !s.cancelled && s.startsAt <= asOf && !done.has(s.key) && (!q.siteId || s.site?.id === q.siteId))
    .map((s) => ({
      sessionKey: s.key,
      courseId: s.courseId,
      date: s.date,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      subject: s.subject.label,
      teachers: s.teachers,
      class: s.class ? s.class.label || s.class.code : null,
      groups: s.groups.map((g) => g.code),
      room: s.room?.code ?? null,
      site: s.site,
    }));
  return { date, asOf, items };
}

/** Reminds the teachers of sessions without a roll call (an unknown key: NOT_FOUND, nobody is notified). */
export async function remindMissing(db: Executor, actor: Actor, schoolId: string, keys: readonly string[]) {
  assertCanWatch(actor, schoolId);
  const targets: Session[] = [];
  for (const key of new Set(keys)) {
    const parsed = parseSessionKey(key);
    const [row] = parsed ? await timetableRepo.findCoursesByIds(db, [parsed.courseId]) : [];
    const s =
      parsed && row && row.school_id === schoolId
        ? (await sessionsOfCourses(db, [row], parsed.date, parsed.date)).find((x) => x.key === key)
        : undefined;
    if (!s) throw new AppError('NOT_FOUND', 'Session not found', { sessionKey: key });
    if (!s.cancelled && !(await repo.getRollCallByKey(db, key))) targets.push(s);
  }
  let notified = 0;
  await db.transaction().execute(async (trx) => {
    for (const s of targets) {
      const date = parseSessionKey(s.key)?.date ?? s.date;
      notified += await notify(trx, {
        personIds: teacherIdsOf(s),
        schoolId,
        kind: 'attendance.reminder',
        title: 'Appel à faire',
        body: `L'appel ${deName(s.subject.label)}${s.class ? ` (${s.class.code})` : ''} du ${s.date} à ${s.startsAt} n'a pas été fait.`,
        // The web roll-call page (an API path here would lead the teacher to "Page introuvable").
        link: `/appel/${encodeURIComponent(s.courseId)}/${date}`,
        message: {
          key: 'attendance.reminder',
          params: { subject: s.subject.label, class: s.class?.code ?? '', date: s.date, time: s.startsAt },
        },
      });
    }
  });
  return { notified };
}
