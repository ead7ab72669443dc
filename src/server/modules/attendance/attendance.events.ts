/**
 * What vie scolaire enters (absences over half-days or days, lateness, early departures, exemptions), the
 * school's absence reasons, and families' justifications with vie scolaire's decisions.
 */
import { createHash } from 'node:crypto';
import type {
  AbsenceReasonTable,
  AttendanceEventTable,
  Executor,
  HalfDay,
  JustificationTable,
} from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile, isStaffOf } from '../../lib/policy.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays, daysBetween } from '../timetable/timetable.calendar.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import { halfOf } from './attendance.halfdays.ts';
import { canEditAbsenceReasons, canManageAttendance, type RecordView } from './attendance.policy.ts';
import * as repo from './attendance.repo.ts';
import {
  type AttendanceEvent,
  type DocumentInput,
  type EventInput,
  type EventPatch,
  type ExemptionInput,
  type JustificationInput,
  MAX_DOCUMENT_BYTES,
} from './attendance.schema.ts';
import {
  ATTENDANCE_SETTINGS,
  type AttendanceSettings,
  getAttendanceSettings,
  notifyUnexplained,
} from './attendance.service.ts';

// ---------------------------------------------------------------------------------------------- scope

/** Staff and teachers know a school's pupils exist; families get NOT_FOUND for someone else's child. */
const knowsPupils = (actor: Actor, schoolId: string) =>
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

const spanOrdered = (from: string, fromHalf: HalfDay, to: string, toHalf: HalfDay) =>
  from < to || (from === to && (fromHalf === 'am' || toHalf === 'pm'));

// ---------------------------------------------------------------------------------------------- reasons

/** The usual French nomenclature; each school edits its own copy. */
export const DEFAULT_REASONS: ReadonlyArray<{ code: string; label: string; valid: boolean }> = [
  { code: 'maladie', label: 'Maladie', valid: true },
  { code: 'rendez_vous_medical', label: 'Rendez-vous médical', valid: true },
  { code: 'raison_familiale', label: 'Raison familiale', valid: true },
  { code: 'deces', label: "Décès d'un proche", valid: true },
  { code: 'transport', label: 'Problème de transport', valid: true },
  { code: 'convocation_administrative', label: 'Convocation administrative ou judiciaire', valid: true },
  { code: 'fete_religieuse', label: 'Fête religieuse', valid: true },
  { code: 'examen', label: 'Examen, concours', valid: true },
  { code: 'voyage_familial', label: 'Voyage familial hors vacances', valid: false },
  { code: 'panne_reveil', label: 'Panne de réveil', valid: false },
  { code: 'sans_motif', label: 'Sans motif', valid: false },
];

/** The school's reasons, created from the defaults the first time they are needed. */
export async function ensureReasons(db: Executor, schoolId: string): Promise<AbsenceReasonTable[]> {
  const rows = await repo.findReasons(db, schoolId);
  if (rows.length > 0) return rows;
  const now = nowIso();
  await db
    .insertInto('absence_reasons')
    .values(
      DEFAULT_REASONS.map((r, i) => ({
        id: newId(),
        school_id: schoolId,
        code: r.code,
        label: r.label,
        is_valid: r.valid ? 1 : 0,
        position: (i + 1) * 10,
        archived: 0,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['school_id', 'code']).doNothing())
    .execute();
  return repo.findReasons(db, schoolId);
}

export const presentReason = (r: AbsenceReasonTable) => ({
  id: r.id,
  code: r.code,
  label: r.label,
  isValid: r.is_valid === 1,
  archived: r.archived === 1,
});

async function getUsableReason(db: Executor, schoolId: string, reasonId: string) {
  await ensureReasons(db, schoolId);
  const r = await repo.getReason(db, reasonId);
  if (!r || r.school_id !== schoolId || r.archived === 1) {
    throw new AppError('VALIDATION_FAILED', 'Unknown absence reason', {
      fields: [{ path: 'reasonId', code: 'unknown' }],
    });
  }
  return r;
}

export async function listReasons(db: Executor, actor: Actor, schoolId: string) {
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  return { items: (await ensureReasons(db, schoolId)).map(presentReason) };
}

export async function createReason(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: { code: string; label: string; isValid: boolean },
) {
  assertCan(canEditAbsenceReasons(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const existing = await ensureReasons(db, schoolId);
  if (existing.some((r) => r.code === input.code)) throw new AppError('CONFLICT', 'This code is already used');
  const row: AbsenceReasonTable = {
    id: newId(),
    school_id: schoolId,
    code: input.code,
    label: input.label,
    is_valid: input.isValid ? 1 : 0,
    position: Math.max(0, ...existing.map((r) => r.position)) + 10,
    archived: 0,
    created_at: nowIso(),
  };
  await db.insertInto('absence_reasons').values(row).execute();
  return presentReason(row);
}

export async function updateReason(
  db: Executor,
  actor: Actor,
  id: string,
  patch: { label?: string | undefined; isValid?: boolean | undefined; archived?: boolean | undefined },
) {
  const r = await repo.getReason(db, id);
  if (!r || !belongsToSchool(actor, r.school_id)) throw new AppError('NOT_FOUND', 'Reason not found');
  assertCan(canEditAbsenceReasons(actor, r.school_id));
  const set: Partial<AbsenceReasonTable> = {};
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.isValid !== undefined) set.is_valid = patch.isValid ? 1 : 0;
  if (patch.archived !== undefined) set.archived = patch.archived ? 1 : 0;
  if (Object.keys(set).length > 0) await db.updateTable('absence_reasons').set(set).where('id', '=', id).execute();
  return presentReason({ ...r, ...set });
}

// ---------------------------------------------------------------------------------------------- settings

export async function readSettings(db: Executor, actor: Actor, schoolId: string) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  return getAttendanceSettings(db, schoolId);
}

export async function writeSettings(db: Executor, actor: Actor, schoolId: string, value: AttendanceSettings) {
  assertCan(canEditAbsenceReasons(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  return setSchoolSetting(db, schoolId, ATTENDANCE_SETTINGS, value, actor.personId);
}

// ---------------------------------------------------------------------------------------------- documents

async function storeDocument(trx: Executor, actor: Actor, schoolId: string, pupilId: string, doc: DocumentInput) {
  const data = Buffer.from(doc.base64, 'base64');
  if (data.length === 0) throw new AppError('VALIDATION_FAILED', 'The document is empty');
  if (data.length > MAX_DOCUMENT_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', 'A document is 2 MB at most');
  const id = newId();
  await trx
    .insertInto('attendance_documents')
    .values({
      id,
      school_id: schoolId,
      pupil_id: pupilId,
      file_name: doc.fileName,
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

type EventRow = AttendanceEventTable & { reason_label?: string | null; reason_valid?: number | null };

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
        ? { id: e.reason_id, label: e.reason_label, isValid: e.reason_valid === 1 }
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
  return { ...e, reason_label: r?.label ?? null, reason_valid: r?.is_valid ?? null };
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
  const x = await db.selectFrom('exemptions').select(['school_id']).where('id', '=', id).executeTakeFirst();
  if (!x || !belongsToSchool(actor, x.school_id)) throw new AppError('NOT_FOUND', 'Exemption not found');
  assertManage(actor, x.school_id);
  await db.deleteFrom('exemptions').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------- justifications

type JustificationRow = JustificationTable & { first_name?: string; last_name?: string };

export function presentJustification(
  j: JustificationRow,
  eventIds: readonly string[],
  reasons: ReadonlyMap<string, AbsenceReasonTable>,
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
    reason: r ? { id: r.id, label: r.label, isValid: r.is_valid === 1 } : null,
    comment: j.comment,
    documentId: j.document_id,
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
  const [links, reasons] = await Promise.all([
    repo.findJustificationEventIds(
      db,
      rows.map((r) => r.id),
    ),
    ensureReasons(db, schoolId),
  ]);
  const byId = new Map(reasons.map((r) => [r.id, r]));
  return rows.map((j) => presentJustification(j, links.get(j.id) ?? [], byId));
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
  const manage = canManageAttendance(actor, pupil.schoolId);
  const isGuardian = await directoryRepo.isGuardianOf(db, actor.personId, pupil.id);
  if (!manage && !isGuardian) {
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
  return { items: await presentJustifications(db, schoolId, rows) };
}
