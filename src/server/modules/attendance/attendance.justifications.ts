/** Families' justifications of absences and lateness, announcements of future absences, vie scolaire's decisions. */
import type { AbsenceReasonTable, AttendanceEventTable, Executor, JustificationTable } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { assertDayOpen, assertInSchoolYear } from '../../lib/school-year.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays, daysBetween } from '../timetable/timetable.calendar.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import { getPupilInScope, knowsPupils, spanOrdered, storeDocument } from './attendance.events.ts';
import { canJustifyFor, canManageAttendance } from './attendance.policy.ts';
import { ensureReasons, getUsableReason } from './attendance.reasons.ts';
import * as repo from './attendance.repo.ts';
import type { JustificationInput } from './attendance.schema.ts';
import { type AttendanceSettings, getAttendanceSettings } from './attendance.service.ts';

// ---------------------------------------------------------------------------------------------- justifications

type JustificationRow = JustificationTable & { first_name?: string; last_name?: string };

export function presentJustification(
  j: JustificationRow,
  eventIds: readonly string[],
  reasons: ReadonlyMap<string, AbsenceReasonTable>,
  documentNames: ReadonlyMap<string, string> = new Map(),
) {
  const r = j.reason_id ? reasons.get(j.reason_id) : undefined;
  return {
    id: j.id,
    pupilId: j.pupil_id,
    ...(j.first_name !== undefined ? { pupil: { firstName: j.first_name, lastName: j.last_name ?? '' } } : {}),
    kind: j.kind,
    eventIds: [...eventIds],
    from: j.date_from,
    fromHalf: j.half_from,
    to: j.date_to,
    toHalf: j.half_to,
    reason: r ? { id: r.id, code: r.code, label: r.label, isValid: r.is_valid === 1 } : null,
    comment: j.comment,
    documentId: j.document_id,
    documentName: j.document_id ? (documentNames.get(j.document_id) ?? null) : null,
    status: j.status,
    submittedBy: j.submitted_by,
    submittedAt: j.submitted_at,
    decidedBy: j.decided_by,
    decidedAt: j.decided_at,
    decisionComment: j.decision_comment,
    version: j.version,
  };
}

export async function presentJustifications(db: Executor, schoolId: string, rows: readonly JustificationRow[]) {
  const documentIds = rows.flatMap((r) => (r.document_id ? [r.document_id] : []));
  const [links, reasons, documents] = await Promise.all([
    repo.findJustificationEventIds(
      db,
      rows.map((r) => r.id),
    ),
    ensureReasons(db, schoolId),
    documentIds.length > 0
      ? db.selectFrom('attendance_documents').select(['id', 'file_name']).where('id', 'in', documentIds).execute()
      : Promise.resolve([]),
  ]);
  const byId = new Map(reasons.map((r) => [r.id, r]));
  const names = new Map(documents.map((d) => [d.id, d.file_name]));
  return rows.map((j) => presentJustification(j, links.get(j.id) ?? [], byId, names));
}

/** The first day families may still justify (older events are in a locked period). */
export const justifiableFrom = (settings: AttendanceSettings, today = todayInParis()) =>
  addDays(today, -settings.justificationDays);

/**
 * A guardian (without court restriction) justifies recorded events of their child, or announces a future
 * absence; vie scolaire may record one for a family (a phone call). Events then wait for a decision.
 */
export async function createJustification(db: Executor, actor: Actor, input: JustificationInput) {
  const pupil = await getPupilInScope(db, actor, input.pupilId);
  const isGuardian = await directoryRepo.isGuardianOf(db, actor.personId, pupil.id);
  if (!canJustifyFor(actor, pupil.schoolId, { isGuardian })) {
    assertCan(false, { hide: !knowsPupils(actor, pupil.schoolId) && actor.personId !== pupil.id, what: 'Pupil' });
  }
  const reason = await getUsableReason(db, pupil.schoolId, input.reasonId);
  const settings = await getAttendanceSettings(db, pupil.schoolId);
  const today = todayInParis();
  let events: AttendanceEventTable[] = [];
  if (input.eventIds) {
    const wanted = [...new Set(input.eventIds)];
    events = (await repo.findEventsByIds(db, wanted)).filter((e) => e.pupil_id === pupil.id);
    const missing = wanted.filter((id) => !events.some((e) => e.id === id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', 'Event not found', { eventIds: missing });
    if (events.some((e) => e.kind === 'early_departure')) {
      throw new AppError('VALIDATION_FAILED', 'Only absences and lateness are justified');
    }
    const lockedBefore = justifiableFrom(settings, today);
    const locked = events.filter((e) => e.date_to < lockedBefore).map((e) => e.id);
    if (locked.length > 0) {
      throw new AppError('PERIOD_LOCKED', 'These events are in a closed period: ask vie scolaire', {
        eventIds: locked,
        lockedBefore,
      });
    }
    const taken = events.filter((e) => e.justification_status === 'accepted' || e.justification_status === 'pending');
    if (taken.length > 0) {
      throw new AppError('CONFLICT', 'These events are already justified or waiting for a decision', {
        eventIds: taken.map((e) => e.id),
      });
    }
  } else if (input.announcement) {
    const a = input.announcement;
    if (a.from < today) throw new AppError('VALIDATION_FAILED', 'An announcement is for today or later');
    if (!spanOrdered(a.from, a.fromHalf, a.to, a.toHalf) || daysBetween(a.from, a.to) > 366) {
      throw new AppError('VALIDATION_FAILED', 'The absence ends before it starts, or spans more than a year');
    }
    await assertInSchoolYear(
      db,
      pupil.schoolId,
      { path: 'announcement.from', date: a.from },
      { path: 'announcement.to', date: a.to },
    );
  }
  const now = nowIso();
  const a = input.announcement;
  const row: JustificationTable = {
    id: newId(),
    school_id: pupil.schoolId,
    pupil_id: pupil.id,
    kind: a ? 'announcement' : 'justification',
    date_from: a?.from ?? null,
    half_from: a?.fromHalf ?? null,
    date_to: a?.to ?? null,
    half_to: a?.toHalf ?? null,
    reason_id: reason.id,
    comment: input.comment,
    document_id: null,
    status: 'pending',
    submitted_by: actor.personId,
    submitted_at: now,
    decided_by: null,
    decided_at: null,
    decision_comment: '',
    version: 1,
  };
  await db.transaction().execute(async (trx) => {
    if (input.document) row.document_id = await storeDocument(trx, actor, pupil.schoolId, pupil.id, input.document);
    await trx.insertInto('justifications').values(row).execute();
    if (events.length > 0) {
      await trx
        .insertInto('justification_events')
        .values(events.map((e) => ({ justification_id: row.id, event_id: e.id })))
        .execute();
      await repo.setEventsJustification(
        trx,
        events.map((e) => e.id),
        { justification_status: 'pending', reason_id: reason.id },
        actor.personId,
        now,
      );
    }
  });
  return (await presentJustifications(db, pupil.schoolId, [row]))[0]!;
}

/** Vie scolaire accepts or refuses; the events follow, the guardians are told. */
export async function decideJustification(
  db: Executor,
  actor: Actor,
  id: string,
  input: { version: number; decision: 'accepted' | 'refused'; comment: string },
) {
  const j = await repo.getJustification(db, id);
  if (!j || !belongsToSchool(actor, j.school_id)) throw new AppError('NOT_FOUND', 'Justification not found');
  assertCan(canManageAttendance(actor, j.school_id), { hide: !knowsPupils(actor, j.school_id), what: 'Justification' });
  const conflict = async (message: string) => {
    const current = await repo.getJustification(db, id);
    return new AppError('CONFLICT', message, {
      current: current ? (await presentJustifications(db, j.school_id, [current]))[0] : null,
    });
  };
  if (j.status !== 'pending') throw await conflict('This justification was already decided');
  // Deciding changes the events' status: not in an archived year (the day it covers, else the day it came).
  await assertDayOpen(db, j.school_id, j.date_from ?? j.submitted_at.slice(0, 10));
  const now = nowIso();
  let stale = false;
  await db.transaction().execute(async (trx) => {
    const ok = await repo.updateJustificationIfVersion(trx, id, input.version, {
      status: input.decision,
      decided_by: actor.personId,
      decided_at: now,
      decision_comment: input.comment,
    });
    if (!ok) {
      stale = true;
      return;
    }
    const eventIds = (await repo.findJustificationEventIds(trx, [id])).get(id) ?? [];
    await repo.setEventsJustification(trx, eventIds, { justification_status: input.decision }, actor.personId, now);
    const pupil = await timetableRepo.findPupil(trx, j.pupil_id);
    const name = pupil ? `${pupil.first_name} ${pupil.last_name}` : 'votre enfant';
    await notify(trx, {
      personIds: await repo.findVisibleGuardianIds(trx, [j.pupil_id]),
      schoolId: j.school_id,
      kind: 'absence.decision',
      title: input.decision === 'accepted' ? 'Justificatif accepté' : 'Justificatif refusé',
      body:
        input.decision === 'accepted'
          ? `La vie scolaire a accepté le justificatif pour ${name}.`
          : `La vie scolaire a refusé le justificatif pour ${name}.${input.comment ? ` ${input.comment}` : ''}`,
      link: `/absences/${j.pupil_id}`,
      message: {
        key: `absence.${input.decision}`,
        params: { child: pupil ? name : '', ...(input.comment ? { comment: input.comment } : {}) },
      },
    });
  });
  if (stale) throw await conflict('Someone else changed this justification: here is its current state');
  return (await presentJustifications(db, j.school_id, [(await repo.getJustification(db, id))!]))[0]!;
}

export async function listJustifications(
  db: Executor,
  actor: Actor,
  schoolId: string,
  status?: JustificationTable['status'],
) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const rows = await repo.findJustificationsOfSchool(db, schoolId, status);
  const items = await presentJustifications(db, schoolId, rows);
  // Vie scolaire decides from the list: each pupil's class and what the justification covers come with it.
  const [classes, events] = await Promise.all([
    repo.findClassNamesOfPupils(db, [...new Set(rows.map((r) => r.pupil_id))], todayInParis()),
    repo.findEventsByIds(db, [...new Set(items.flatMap((i) => i.eventIds))]),
  ]);
  const eventById = new Map(events.map((e) => [e.id, e]));
  return {
    items: items.map((i) => ({
      ...i,
      class: classes.get(i.pupilId) ?? null,
      events: i.eventIds.flatMap((id) => {
        const e = eventById.get(id);
        return e
          ? [
              {
                id: e.id,
                kind: e.kind,
                dateFrom: e.date_from,
                halfFrom: e.half_from,
                dateTo: e.date_to,
                halfTo: e.half_to,
                startsAt: e.starts_at,
                endsAt: e.ends_at,
                minutesLate: e.minutes_late,
              },
            ]
          : [];
      }),
    })),
  };
}
