/** The "today" home of teachers and staff: every count in one request, each block only where the rules open it. */

import type { Executor } from '../../db/types.ts';
import {
  type Actor,
  assertCan,
  belongsToSchool,
  canSearchDirectory,
  hasAnyFunction,
  hasProfile,
  isStaffOf,
} from '../../lib/policy.ts';
import { listToReport } from '../attendance/attendance.followup.ts';
import { parisWallClock } from '../attendance/attendance.halfdays.ts';
import { canManageAttendance, canSeeToReport } from '../attendance/attendance.policy.ts';
import * as attendanceRepo from '../attendance/attendance.repo.ts';
import { findMeetingsOfMember } from '../followup/followup.repo.ts';
import { openActionsOf } from '../followup/followup.service.ts';
import { findToReturn } from '../handin/handin.service.ts';
import * as reportCardsRepo from '../reportcards/reportcards.repo.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import { findSessionsOfSchoolOn } from '../timetable/timetable.service.ts';
import { parseSessionKey } from '../timetable/timetable.sessions.ts';
import * as repo from './home.staff.repo.ts';
import type { StaffHome } from './home.staff.schema.ts';

/** Direction: the report-card alert is theirs (they publish). */
const isDirection = (actor: Actor, schoolId: string) => hasAnyFunction(actor, ['principal', 'deputy'], schoolId);

export async function getStaffHome(db: Executor, actor: Actor, schoolId: string, at = new Date()): Promise<StaffHome> {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  const isTeacher = hasProfile(actor, schoolId, 'teacher');
  assertCan(isTeacher || isStaffOf(actor, schoolId));
  const now = parisWallClock(at);
  const watch = canManageAttendance(actor, schoolId);

  const [sessions, taken] =
    isTeacher || watch
      ? await Promise.all([
          findSessionsOfSchoolOn(db, schoolId, now.date),
          attendanceRepo.findRollCallKeysOn(db, schoolId, now.date),
        ])
      : [[], []];
  const done = new Set(taken.map((t) => t.session_key));
  const held = sessions.filter((s) => !s.cancelled);

  let teacher: StaffHome['teacher'] = null;
  if (isTeacher) {
    const mine = held
      .filter((s) => s.teachers.some((t) => t.id === actor.personId))
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
      .map((s) => {
        const parsed = parseSessionKey(s.key);
        return {
          key: s.key,
          courseId: s.courseId,
          keyDate: parsed?.date ?? s.date,
          isExtra: Boolean(parsed?.extraId),
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          subject: s.subject.label,
          class: s.class ? { id: s.class.id, code: s.class.code, label: s.class.label } : null,
          groups: s.groups.map((g) => g.code),
          room: s.room?.code ?? null,
          rollCall: done.has(s.key)
            ? ('done' as const)
            : s.startsAt <= now.time
              ? ('due' as const)
              : ('later' as const),
        };
      });
    teacher = { sessions: mine, nextKey: mine.find((s) => s.endsAt > now.time)?.key ?? null };
  }

  const [pending, toReport, reportCards, actions, meetings, handIns] = await Promise.all([
    watch ? repo.countPendingJustifications(db, schoolId) : Promise.resolve(0),
    canSeeToReport(actor, schoolId)
      ? listToReport(db, actor, schoolId).then((r) => r.items.length)
      : Promise.resolve(null),
    isDirection(actor, schoolId) ? unpublishedReportCards(db, schoolId, now.date) : Promise.resolve(null),
    openActionsOf(db, actor, schoolId),
    findMeetingsOfMember(db, schoolId, actor.personId),
    findToReturn(db, actor, schoolId),
  ]);

  return {
    date: now.date,
    asOf: now.time,
    teacher,
    attendance: watch
      ? {
          missingRollCalls: held.filter((s) => s.startsAt <= now.time && !done.has(s.key)).length,
          pendingJustifications: pending,
        }
      : null,
    toReport,
    reportCards,
    followup: {
      actions: actions.map((a) => ({
        id: a.id,
        meetingId: a.meetingId,
        title: a.title,
        dueOn: a.dueOn,
        pupil: a.pupil,
      })),
      // The meetings of the last month and those coming, soonest first.
      meetings: meetings
        .filter((m) => m.held_on >= addDays(now.date, -31))
        .reverse()
        .slice(0, 5)
        .map((m) => ({ id: m.id, kind: m.kind, heldOn: m.held_on, title: m.title })),
    },
    directory: canSearchDirectory(actor, schoolId),
    handIns,
  };
}

async function unpublishedReportCards(db: Executor, schoolId: string, day: string) {
  const period = await repo.findLastEndedPeriod(db, schoolId, day);
  if (!period) return null;
  const classes = await reportCardsRepo.findClassesOfYear(db, period.school_year_id);
  const published = await reportCardsRepo.findPublicationsByClass(
    db,
    period.id,
    classes.map((c) => c.id),
  );
  return {
    periodId: period.id,
    periodLabel: period.label,
    unpublishedClasses: classes.filter((c) => !published.has(c.id)).length,
    classes: classes.length,
  };
}
