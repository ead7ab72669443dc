/**
 * Finding one session (a course on a date, or an extra session) for the cahier de textes. The calendar logic
 * is the timetable's: its repo loads the course, `sessionsOfCourses` expands it on that date (calendar, A/B
 * weeks, changes, extra sessions), and the timetable's session key identifies it.
 */
import type { Executor } from '../../db/types.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import { sessionsOfCourses } from '../timetable/timetable.service.ts';
import { type Session, sessionKey } from '../timetable/timetable.sessions.ts';

export interface SessionRef {
  courseId: string;
  /** The date the session was planned on (an extra session's date). */
  date: string;
  extraSessionId: string | null;
}

export interface CahierSession {
  ref: SessionRef;
  key: string;
  session: Session;
  schoolYearId: string;
  classId: string | null;
}

/** The session of a course planned on a date, or undefined when the course does not run that day. */
export async function findSession(db: Executor, ref: SessionRef): Promise<CahierSession | undefined> {
  const courses = await timetableRepo.findCoursesByIds(db, [ref.courseId]);
  const course = courses[0];
  if (!course) return undefined;
  const key = sessionKey(ref.courseId, ref.date, ref.extraSessionId ?? undefined);
  const sessions = await sessionsOfCourses(db, courses, ref.date, ref.date);
  const session = sessions.find((s) => s.key === key);
  if (!session) return undefined;
  return { ref, key, session, schoolYearId: course.school_year_id, classId: course.class_id };
}

/** An extra session by its id, as a session reference. */
export async function findExtraSessionRef(db: Executor, extraSessionId: string): Promise<SessionRef | undefined> {
  const extra = await timetableRepo.getExtra(db, extraSessionId);
  if (!extra) return undefined;
  return { courseId: extra.course_id, date: extra.date, extraSessionId: extra.id };
}

/** Who writes a session's cahier: its teachers after changes (the replacement) and the course's own teachers. */
export function writersOf(s: Session): string[] {
  return [...new Set([...s.teachers.map((t) => t.id), ...(s.original?.teachers ?? []).map((t) => t.id)])];
}
