/**
 * What vie scolaire enters: absences over half-days or days, lateness, early departures, exemptions (dispenses),
 * and the documents that come with them.
 */
import { createHash } from 'node:crypto';
import type { AttendanceEventTable, Executor, HalfDay } from '../../db/types.ts';
import { AppError } from '../../lib/errors.ts';
import { cleanFileName } from '../../lib/file-names.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile, isStaffOf } from '../../lib/policy.ts';
import { assertDayOpen, assertInSchoolYear } from '../../lib/school-year.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { daysBetween } from '../timetable/timetable.calendar.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import { halfOf } from './attendance.halfdays.ts';
import { canManageAttendance, type RecordView } from './attendance.policy.ts';
import { getUsableReason } from './attendance.reasons.ts';
import * as repo from './attendance.repo.ts';
import {
  type AttendanceEvent,
  type DocumentInput,
  type EventInput,
  type EventPatch,
  type ExemptionInput,
  MAX_DOCUMENT_BYTES,
} from './attendance.schema.ts';
import { notifyUnexplained } from './attendance.service.ts';

// ---------------------------------------------------------------------------------------------- scope

/** Staff and teachers know a school's pupils exist; families get NOT_FOUND for someone else's child. */
export const knowsPupils = (actor: Actor, schoolId: string) =>
  isStaffOf(actor, schoolId) || hasProfile(actor, schoolId, 'teacher');

/** A pupil of a school the actor belongs to (NOT_FOUND otherwise), with that school. */
export async function getPupilInScope(db: Executor, actor: Actor, pupilId: string) {
  const pupil = await timetableRepo.findPupil(db, pupilId);
  if (!pupil || !belongsToSchool(actor, pupil.school_id)) throw new AppError('NOT_FOUND', 'Pupil not found');
  return { id: pupilId, schoolId: pupil.school_id, firstName: pupil.first_name, lastName: pupil.last_name };
}

function assertManage(actor: Actor, schoolId: string) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !knowsPupils(actor, schoolId), what: 'Pupil' });
}

export const spanOrdered = (from: string, fromHalf: HalfDay, to: string, toHalf: HalfDay) =>
  from < to || (from === to && (fromHalf === 'am' || toHalf === 'pm'));

// ---------------------------------------------------------------------------------------------- documents

export async function storeDocument(
  trx: Executor,
  actor: Actor,
  schoolId: string,
  pupilId: string,
  doc: DocumentInput,
) {
  const data = Buffer.from(doc.base64, 'base64');
  if (data.length === 0) throw new AppError('VALIDATION_FAILED', 'The document is empty');
  if (data.length > MAX_DOCUMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A document is 5 MB at most');
  const id = newId();
  await trx
    .insertInto('attendance_documents')
    .values({
      id,
      school_id: schoolId,
      pupil_id: pupilId,
      file_name: cleanFileName(doc.fileName, 'document'),
      content_type: doc.contentType,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      data,
      created_by: actor.personId,
      created_at: nowIso(),
    })
    .execute();
  return id;
}

/** A certificate or justification document: vie scolaire and direction, the pupil and their guardians. */
export async function getDocumentFile(db: Executor, actor: Actor, id: string) {
  const doc = await repo.getDocument(db, id);
  if (!doc || !belongsToSchool(actor, doc.school_id)) throw new AppError('NOT_FOUND', 'Document not found');
  const family =
    actor.personId === doc.pupil_id || (await directoryRepo.isGuardianOf(db, actor.personId, doc.pupil_id));
  if (!canManageAttendance(actor, doc.school_id) && !family) throw new AppError('NOT_FOUND', 'Document not found');
  return { fileName: doc.file_name, contentType: doc.content_type, data: doc.data };
}

// ---------------------------------------------------------------------------------------------- events

type EventRow = AttendanceEventTable & {
  reason_label?: string | null;
  reason_valid?: number | null;
  reason_code?: string | null;
};

/** Opt-in fields per view: teachers never see reasons or comments, families not vie scolaire's comments. */
export function presentEvent(e: EventRow, view: RecordView): AttendanceEvent {
  const out: AttendanceEvent = {
    id: e.id,
    pupilId: e.pupil_id,
    kind: e.kind,
    source: e.source,
    sessionKey: e.session_key,
    startsAt: e.starts_at,
    endsAt: e.ends_at,
    dateFrom: e.date_from,
    halfFrom: e.half_from,
    dateTo: e.date_to,
    halfTo: e.half_to,
    minutesLate: e.minutes_late,
    leftAt: e.left_at,
    justificationStatus: e.justification_status,
    createdAt: e.created_at,
  };
  if (view === 'full' || view === 'family') {
    out.reason =
      e.reason_id && e.reason_label != null
        ? { id: e.reason_id, code: e.reason_code ?? '', label: e.reason_label, isValid: e.reason_valid === 1 }
        : null;
  }
  if (view === 'full') {
    out.collectedBy =
      e.kind === 'early_departure' ? { guardianId: e.collected_by_guardian_id, name: e.collected_by_name } : null;
    out.comment = e.comment;
    out.version = e.version;
  }
  return out;
}

async function withReason(db: Executor, e: AttendanceEventTable): Promise<EventRow> {
  const r = e.reason_id ? await repo.getReason(db, e.reason_id) : undefined;
  return { ...e, reason_label: r?.label ?? null, reason_valid: r?.is_valid ?? null, reason_code: r?.code ?? null };
}

/** Vie scolaire enters an absence (half-days or days), a lateness or an early departure. */
export async function createEvent(db: Executor, actor: Actor, input: EventInput) {
  const pupil = await getPupilInScope(db, actor, input.pupilId);
  assertManage(actor, pupil.schoolId);
  const reason = input.reasonId ? await getUsableReason(db, pupil.schoolId, input.reasonId) : null;
  const now = nowIso();
  const base = {
    id: newId(),
    school_id: pupil.schoolId,
    pupil_id: pupil.id,
    source: 'vie_scolaire' as const,
    session_key: null,
    course_id: null,
    starts_at: null,
    ends_at: null,
    minutes_late: null,
    left_at: null,
    collected_by_guardian_id: null,
    collected_by_name: null,
    reason_id: reason?.id ?? null,
    // A reason entered by vie scolaire (a parent's call, a note) is accepted at once.
    justification_status: reason ? ('accepted' as const) : ('none' as const),
    comment: input.comment,
    notified_at: null,
    created_by: actor.personId,
    created_at: now,
    updated_by: actor.personId,
    updated_at: now,
    version: 1,
  };
  if (input.kind === 'absence') {
    await assertInSchoolYear(db, pupil.schoolId, { path: 'from', date: input.from }, { path: 'to', date: input.to });
  } else {
    await assertInSchoolYear(db, pupil.schoolId, { path: 'date', date: input.date });
  }
  let row: AttendanceEventTable;
  if (input.kind === 'absence') {
    if (!spanOrdered(input.from, input.fromHalf, input.to, input.toHalf) || daysBetween(input.from, input.to) > 366) {
      throw new AppError('VALIDATION_FAILED', 'The absence ends before it starts, or spans more than a year');
    }
    row = {
      ...base,
      kind: 'absence',
      date_from: input.from,
      half_from: input.fromHalf,
      date_to: input.to,
      half_to: input.toHalf,
    };
  } else if (input.kind === 'lateness') {
    const half = halfOf(input.arrivedAt);
    row = {
      ...base,
      kind: 'lateness',
      date_from: input.date,
      half_from: half,
      date_to: input.date,
      half_to: half,
      starts_at: input.arrivedAt,
      minutes_late: input.minutes,
    };
  } else {
    let guardianId: string | null = null;
    let name: string | null = null;
    if ('guardianId' in input.collectedBy) {
      const g = await repo.findGuardianship(db, input.collectedBy.guardianId, pupil.id);
      if (g?.may_collect !== 1 || g.court_restricted === 1) {
        throw new AppError('VALIDATION_FAILED', 'This person may not collect the pupil', {
          fields: [{ path: 'collectedBy.guardianId', code: 'may_not_collect' }],
        });
      }
      guardianId = input.collectedBy.guardianId;
    } else {
      name = input.collectedBy.name;
    }
    const half = halfOf(input.leftAt);
    row = {
      ...base,
      kind: 'early_departure',
      date_from: input.date,
      half_from: half,
      date_to: input.date,
      half_to: half,
      left_at: input.leftAt,
      collected_by_guardian_id: guardianId,
      collected_by_name: name,
    };
  }
  await db.transaction().execute(async (trx) => {
    const unexplained = row.kind === 'absence' && row.justification_status === 'none';
    if (unexplained && !(await repo.wasNotifiedOn(trx, pupil.id, row.date_from))) row.notified_at = now;
    await repo.insertEvents(trx, [row]);
    if (row.notified_at === now) {
      const names = [{ id: pupil.id, first_name: pupil.firstName, last_name: pupil.lastName }];
      const when = row.date_from === row.date_to ? 'journée' : `jusqu'au ${row.date_to}`;
      await notifyUnexplained(trx, pupil.schoolId, pupil.id, names, row.date_from, when);
    }
  });
  return presentEvent(await withReason(db, row), 'full');
}

async function getManagedEvent(db: Executor, actor: Actor, id: string) {
  const e = await repo.getEvent(db, id);
  if (!e || !belongsToSchool(actor, e.school_id)) throw new AppError('NOT_FOUND', 'Event not found');
  assertManage(actor, e.school_id);
  return e;
}

async function conflictOnEvent(db: Executor, id: string): Promise<never> {
  const current = await repo.getEvent(db, id);
  throw new AppError('CONFLICT', 'Someone else changed this record: here is its current state', {
    current: current ? presentEvent(await withReason(db, current), 'full') : null,
  });
}

/** Vie scolaire corrects an event; a stale version gets 409 CONFLICT with the current state. */
export async function updateEvent(db: Executor, actor: Actor, id: string, patch: EventPatch) {
  const e = await getManagedEvent(db, actor, id);
  await assertDayOpen(db, e.school_id, e.date_from);
  const set: Partial<AttendanceEventTable> = { updated_by: actor.personId, updated_at: nowIso() };
  if (patch.reasonId !== undefined) {
    set.reason_id = patch.reasonId === null ? null : (await getUsableReason(db, e.school_id, patch.reasonId)).id;
  }
  if (patch.comment !== undefined) set.comment = patch.comment;
  if (patch.minutesLate !== undefined) {
    if (e.kind !== 'lateness') throw new AppError('VALIDATION_FAILED', 'Only a lateness has minutes');
    set.minutes_late = patch.minutesLate;
  }
  if (patch.justificationStatus !== undefined) set.justification_status = patch.justificationStatus;
  const ok = await repo.updateEventIfVersion(db, id, patch.version, set);
  if (!ok) return conflictOnEvent(db, id);
  return presentEvent(await withReason(db, (await repo.getEvent(db, id))!), 'full');
}

/** Removes an event entered by vie scolaire (roll-call events are corrected in their roll call). */
export async function deleteEvent(db: Executor, actor: Actor, id: string, version: number) {
  const e = await getManagedEvent(db, actor, id);
  await assertDayOpen(db, e.school_id, e.date_from);
  if (e.source === 'roll_call') {
    throw new AppError('VALIDATION_FAILED', "This event comes from a roll call: correct the session's roll call");
  }
  const r = await db
    .deleteFrom('attendance_events')
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numDeletedRows) !== 1) await conflictOnEvent(db, id);
}

// ---------------------------------------------------------------------------------------------- exemptions

type ExemptionRow = Awaited<ReturnType<typeof repo.findExemptionsOfPupil>>[number];

export function presentExemption(x: ExemptionRow, view: RecordView) {
  return {
    id: x.id,
    pupilId: x.pupil_id,
    subject: x.subject_id ? { id: x.subject_id, label: x.subject_label ?? '' } : null,
    from: x.starts_on,
    to: x.ends_on,
    weekdays: x.weekdays ? x.weekdays.split(',').map(Number) : null,
    presenceRequired: x.presence_required === 1,
    createdAt: x.created_at,
    ...(view === 'full' || view === 'family' ? { comment: x.comment, documentId: x.document_id } : {}),
  };
}

export async function createExemption(db: Executor, actor: Actor, input: ExemptionInput) {
  const pupil = await getPupilInScope(db, actor, input.pupilId);
  assertManage(actor, pupil.schoolId);
  if (input.from > input.to) throw new AppError('VALIDATION_FAILED', 'The exemption ends before it starts');
  await assertInSchoolYear(db, pupil.schoolId, { path: 'from', date: input.from }, { path: 'to', date: input.to });
  let subjectLabel: string | null = null;
  if (input.subjectId) {
    const sub = await db
      .selectFrom('subjects')
      .select(['label', 'school_id'])
      .where('id', '=', input.subjectId)
      .executeTakeFirst();
    if (!sub || sub.school_id !== pupil.schoolId) throw new AppError('VALIDATION_FAILED', 'Unknown subject');
    subjectLabel = sub.label;
  }
  const row = {
    id: newId(),
    school_id: pupil.schoolId,
    pupil_id: pupil.id,
    subject_id: input.subjectId,
    starts_on: input.from,
    ends_on: input.to,
    weekdays: input.weekdays && input.weekdays.length > 0 ? [...new Set(input.weekdays)].sort().join(',') : null,
    presence_required: input.presenceRequired ? 1 : 0,
    comment: input.comment,
    document_id: null as string | null,
    created_by: actor.personId,
    created_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    if (input.document) row.document_id = await storeDocument(trx, actor, pupil.schoolId, pupil.id, input.document);
    await trx.insertInto('exemptions').values(row).execute();
  });
  return presentExemption({ ...row, subject_label: subjectLabel }, 'full');
}

export async function deleteExemption(db: Executor, actor: Actor, id: string) {
  const x = await db
    .selectFrom('exemptions')
    .select(['school_id', 'starts_on'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!x || !belongsToSchool(actor, x.school_id)) throw new AppError('NOT_FOUND', 'Exemption not found');
  assertManage(actor, x.school_id);
  await assertDayOpen(db, x.school_id, x.starts_on);
  await db.deleteFrom('exemptions').where('id', '=', id).execute();
}
