/**
 * Sessions: a course on a date. They are not stored; they are expanded from courses and the calendar,
 * then session changes and extra sessions (rows) are applied. A session's identity is its key:
 *
 *   `${courseId}:${YYYY-MM-DD}`            a regular session, by the date it was planned on (stable when moved)
 *   `${courseId}:${YYYY-MM-DD}:${extraId}` an extra session of that course on that date
 *
 * Homework, roll calls... refer to sessions by this key (see docs/decisions.md).
 */
import type { SchoolCalendar, Weeks } from './timetable.calendar.ts';
import type { ChangeRow, CourseRow, ExtraRow, GroupRef, PersonRef } from './timetable.repo.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const sessionKey = (courseId: string, date: string, extraId?: string): string =>
  extraId ? `${courseId}:${date}:${extraId}` : `${courseId}:${date}`;

/** Parses a session key; null when it is not one. */
export function parseSessionKey(key: string): { courseId: string; date: string; extraId: string | null } | null {
  const parts = key.split(':');
  if (parts.length < 2 || parts.length > 3) return null;
  const [courseId, date, extraId] = parts as [string, string, string | undefined];
  if (!courseId || !DATE.test(date) || extraId === '') return null;
  return { courseId, date, extraId: extraId ?? null };
}

export type SessionStatus = 'normal' | 'cancelled' | 'moved' | 'room_changed' | 'replaced' | 'extra';
export type ChangeKind = 'cancelled' | 'moved' | 'room_changed' | 'replaced';

export interface RoomRef {
  id: string;
  code: string;
  label: string;
}
export interface SiteRef {
  id: string;
  name: string;
}

export interface Session {
  key: string;
  courseId: string;
  schoolId: string;
  /** Where and when it takes place (after changes). */
  date: string;
  startsAt: string;
  endsAt: string;
  subject: { id: string; code: string; label: string };
  teachers: PersonRef[];
  room: RoomRef | null;
  site: SiteRef | null;
  class: { id: string; code: string; label: string } | null;
  groups: GroupRef[];
  weeks: Weeks;
  status: SessionStatus;
  /** What changed, so that views can make it stand out. */
  changes: ChangeKind[];
  cancelled: boolean;
  /** The session as planned, when something changed. */
  original: {
    date: string;
    startsAt: string;
    endsAt: string;
    room: RoomRef | null;
    teachers: PersonRef[];
  } | null;
  reason: string | null;
}

export interface CourseWithDetails {
  row: CourseRow;
  teachers: PersonRef[];
  groups: GroupRef[];
}

const roomOfCourse = (c: CourseRow): RoomRef | null =>
  c.room_id && c.room_code !== null ? { id: c.room_id, code: c.room_code, label: c.room_label ?? c.room_code } : null;

const siteOfCourse = (c: CourseRow): SiteRef | null => {
  if (c.room_site_id && c.room_site_name !== null) return { id: c.room_site_id, name: c.room_site_name };
  if (c.class_site_id && c.class_site_name !== null) return { id: c.class_site_id, name: c.class_site_name };
  return null;
};

function baseSession(c: CourseWithDetails, date: string): Session {
  const r = c.row;
  return {
    key: sessionKey(r.id, date),
    courseId: r.id,
    schoolId: r.school_id,
    date,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    subject: { id: r.subject_id, code: r.subject_code, label: r.subject_label },
    teachers: c.teachers,
    room: roomOfCourse(r),
    site: siteOfCourse(r),
    class:
      r.class_id && r.class_code !== null ? { id: r.class_id, code: r.class_code, label: r.class_label ?? '' } : null,
    groups: c.groups,
    weeks: r.weeks,
    status: 'normal',
    changes: [],
    cancelled: false,
    original: null,
    reason: null,
  };
}

/** Applies a session change to a planned session. */
export function applyChange(s: Session, x: ChangeRow): Session {
  const changes: ChangeKind[] = [];
  const out: Session = {
    ...s,
    original: { date: s.date, startsAt: s.startsAt, endsAt: s.endsAt, room: s.room, teachers: s.teachers },
    reason: x.reason,
  };
  if (x.new_date !== null || x.new_starts_at !== null) {
    out.date = x.new_date ?? s.date;
    out.startsAt = x.new_starts_at ?? s.startsAt;
    out.endsAt = x.new_ends_at ?? s.endsAt;
    if (out.date !== s.date || out.startsAt !== s.startsAt || out.endsAt !== s.endsAt) changes.push('moved');
  }
  if (x.room_id !== null && x.room_id !== s.room?.id && x.room_code !== null) {
    out.room = { id: x.room_id, code: x.room_code, label: x.room_label ?? x.room_code };
    if (x.room_site_id && x.room_site_name !== null) out.site = { id: x.room_site_id, name: x.room_site_name };
    changes.push('room_changed');
  }
  if (x.replacement_teacher_id !== null && x.teacher_first_name !== null) {
    out.teachers = [
      { id: x.replacement_teacher_id, firstName: x.teacher_first_name, lastName: x.teacher_last_name ?? '' },
    ];
    changes.push('replaced');
  }
  if (x.cancelled === 1) {
    out.cancelled = true;
    changes.unshift('cancelled');
  }
  out.changes = changes;
  out.status = changes[0] ?? 'normal';
  return out;
}

function extraSession(c: CourseWithDetails, e: ExtraRow): Session {
  const s = baseSession(c, e.date);
  s.key = sessionKey(c.row.id, e.date, e.id);
  s.startsAt = e.starts_at;
  s.endsAt = e.ends_at;
  if (e.room_id && e.room_code !== null) {
    s.room = { id: e.room_id, code: e.room_code, label: e.room_label ?? e.room_code };
    if (e.room_site_id && e.room_site_name !== null) s.site = { id: e.room_site_id, name: e.room_site_name };
  }
  if (e.teacher_id && e.teacher_first_name !== null) {
    s.teachers = [{ id: e.teacher_id, firstName: e.teacher_first_name, lastName: e.teacher_last_name ?? '' }];
  }
  s.status = e.cancelled === 1 ? 'cancelled' : 'extra';
  s.changes = e.cancelled === 1 ? ['cancelled'] : [];
  s.cancelled = e.cancelled === 1;
  s.reason = e.reason;
  return s;
}

/**
 * Every session of these courses between two dates (both included), changes and extra sessions applied.
 * A moved session is listed when it was planned, or now takes place, in the range; it carries `original`.
 */
export function expandSessions(o: {
  courses: readonly CourseWithDetails[];
  changes: readonly ChangeRow[];
  extras: readonly ExtraRow[];
  calendarOf: (schoolYearId: string) => SchoolCalendar | undefined;
  from: string;
  to: string;
}): Session[] {
  const changeByKey = new Map(o.changes.map((x) => [sessionKey(x.course_id, x.session_date), x]));
  const movedIn = new Map<string, string[]>();
  for (const x of o.changes) {
    if (x.session_date >= o.from && x.session_date <= o.to) continue;
    const list = movedIn.get(x.course_id) ?? [];
    list.push(x.session_date);
    movedIn.set(x.course_id, list);
  }
  const out: Session[] = [];
  const byId = new Map<string, CourseWithDetails>();
  for (const c of o.courses) {
    byId.set(c.row.id, c);
    const cal = o.calendarOf(c.row.school_year_id);
    if (!cal) continue;
    const rec = { weekday: c.row.weekday, weeks: c.row.weeks, validFrom: c.row.valid_from, validTo: c.row.valid_to };
    const dates = cal.datesOf(rec, o.from, o.to);
    for (const d of movedIn.get(c.row.id) ?? []) if (cal.runsOn(rec, d)) dates.push(d);
    for (const date of dates) {
      const base = baseSession(c, date);
      const x = changeByKey.get(base.key);
      const s = x ? applyChange(base, x) : base;
      const shown = (s.date >= o.from && s.date <= o.to) || (date >= o.from && date <= o.to);
      if (shown) out.push(s);
    }
  }
  for (const e of o.extras) {
    const c = byId.get(e.course_id);
    if (c) out.push(extraSession(c, e));
  }
  return out.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.startsAt.localeCompare(b.startsAt) ||
      (a.class?.code ?? '').localeCompare(b.class?.code ?? '') ||
      a.key.localeCompare(b.key),
  );
}
