import { createHash } from 'node:crypto';
import type { Executor } from '../../db/types.ts';
import { parisInstant, todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { cleanFileName } from '../../lib/file-names.ts';
import { matchesType } from '../../lib/file-types.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import { getSchoolSetting, type SchoolSettingDef, setSchoolSetting } from '../../lib/school-settings.ts';
import { assertDayOpen, assertYearOpen } from '../../lib/school-year.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { assertLinkable } from '../documents/documents.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays, daysBetween, mondayOf } from '../timetable/timetable.calendar.ts';
import * as timetableRepo from '../timetable/timetable.repo.ts';
import {
  canManageWorkloadSettings,
  canReadAllCahiers,
  canReadHomework,
  canSetHomeworkFor,
  canTickHomework,
  canViewClassCahier,
  canViewPupilHomework,
  canWriteSession,
  type HomeworkRelation,
  isAuthor,
} from './homework.policy.ts';
import type { AttachmentMeta, HomeworkRow, SessionContentRow } from './homework.repo.ts';
import * as repo from './homework.repo.ts';
import {
  ATTACHMENT_TYPES,
  type HandInSettings,
  type Homework,
  type HomeworkCreateInput,
  type HomeworkPatchInput,
  type Link,
  LinkSchema,
  MAX_ATTACHMENTS,
  type RangeQuery,
  type SessionContentInput,
  type Workload,
  type WorkloadQuery,
  type WorkloadSettings,
  WorkloadSettingsSchema,
} from './homework.schema.ts';
import {
  type CahierSession,
  findExtraSessionRef,
  findSession,
  type SessionRef,
  writersOf,
} from './homework.sessions.ts';
import { DEFAULT_THRESHOLDS, isoWeekOf, sumWorkload } from './homework.workload.ts';

/** The school's workload thresholds; any module may read them with getSchoolSetting. */
export const WORKLOAD_SETTING: SchoolSettingDef<WorkloadSettings> = {
  name: 'homework.workload',
  schema: WorkloadSettingsSchema,
  defaults: DEFAULT_THRESHOLDS,
};

/** The longest range a list covers (a school term and some). */
const MAX_RANGE_DAYS = 120;

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);
const invalid = (message: string, path: string, code = 'invalid') =>
  new AppError('VALIDATION_FAILED', message, { fields: [{ path, message, code }] });

// ----------------------------------------------------------------------------------------- presenters

const ref = (id: string | null, code: string | null, label: string | null) =>
  id && code !== null ? { id, code, label: label ?? code } : null;

function parseLinks(json: string): Link[] {
  try {
    const v: unknown = JSON.parse(json);
    if (!Array.isArray(v)) return [];
    return v.flatMap((l) => {
      const parsed = LinkSchema.safeParse(l);
      return parsed.success ? [parsed.data] : [];
    });
  } catch {
    return [];
  }
}

const presentAttachment = (a: AttachmentMeta) => ({
  id: a.id,
  fileName: a.file_name,
  contentType: a.content_type,
  size: a.size,
  createdAt: a.created_at,
});

/** Attachments grouped by homework, in one query. */
async function attachmentsOf(db: Executor, rows: readonly { id: string }[]) {
  const by = new Map<string, AttachmentMeta[]>();
  for (const a of await repo.findAttachmentsOf(
    db,
    rows.map((r) => r.id),
  )) {
    const list = by.get(a.homework_id) ?? [];
    list.push(a);
    by.set(a.homework_id, list);
  }
  return by;
}

/** Pupils, teachers and staff of the school read a class space; a guardian only (without any of those) does not. */
const readsClassDocuments = (actor: Actor, schoolId: string) =>
  actor.profiles.some((p) => p.schoolId === schoolId && p.kind !== 'guardian');

export function presentHomework(
  h: HomeworkRow,
  actor: Actor,
  attachments: ReadonlyMap<string, AttachmentMeta[]> = new Map(),
): Homework {
  const mine = isAuthor(actor, h);
  return {
    id: h.id,
    schoolId: h.school_id,
    session:
      h.session_key && h.course_id && h.session_date
        ? { key: h.session_key, courseId: h.course_id, date: h.session_date, extraSessionId: h.extra_session_id }
        : null,
    class: ref(h.class_id, h.class_code, h.class_label),
    group: ref(h.group_id, h.group_code, h.group_label),
    subject: { id: h.subject_id, code: h.subject_code, label: h.subject_label },
    dueDate: h.due_date,
    instructions: h.instructions,
    estimatedMinutes: h.estimated_minutes,
    links: parseLinks(h.links),
    attachments: (attachments.get(h.id) ?? []).map(presentAttachment),
    handIn: h.hand_in_required
      ? {
          latePolicy: h.hand_in_late_policy,
          dueTime: h.hand_in_due_time,
          dueAt: parisInstant(h.due_date, h.hand_in_due_time),
        }
      : null,
    // The linked document lives in the class's space, read by its pupils and staff: families do not get it (nor
    // its name), whatever their other rights (docs/documents.md).
    document:
      h.document_id && h.document_name && readsClassDocuments(actor, h.school_id)
        ? { id: h.document_id, name: h.document_name }
        : null,
    status: h.status,
    author: h.author_id
      ? { id: h.author_id, firstName: h.author_first_name ?? '', lastName: h.author_last_name ?? '' }
      : null,
    createdAt: h.created_at,
    updatedAt: h.updated_at,
    publishedAt: h.published_at,
    abilities: { edit: mine, delete: mine },
  };
}

function presentContent(c: SessionContentRow) {
  return {
    content: c.content,
    status: c.status,
    author: c.author_id
      ? { id: c.author_id, firstName: c.author_first_name ?? '', lastName: c.author_last_name ?? '' }
      : null,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
    publishedAt: c.published_at,
  };
}

type ClassContentRow = Awaited<ReturnType<typeof repo.findContentsOfClass>>[number];
const presentClassContent = (c: ClassContentRow) => ({
  ...presentContent(c),
  sessionKey: c.session_key,
  courseId: c.course_id,
  extraSessionId: c.extra_session_id,
  subject: { id: c.subject_id, code: c.subject_code, label: c.subject_label },
});
type ClassContent = ReturnType<typeof presentClassContent>;

const frenchDate = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  timeZone: 'UTC',
});
const formatDate = (d: string) => frenchDate.format(new Date(`${d}T00:00:00Z`));

// ------------------------------------------------------------------------------------------- helpers

/** A refusal for someone of the school who may see the thing (403), or NOT_FOUND for anybody else. */
const refuse = (canSee: boolean, what: string) =>
  canSee ? new AppError('FORBIDDEN', 'You are not allowed to do this') : notFound(what);

function rangeOf(q: RangeQuery, defaults: { from: string; days: number }) {
  const from = q.from ?? (q.to ? addDays(q.to, -(defaults.days - 1)) : defaults.from);
  const to = q.to ?? addDays(from, defaults.days - 1);
  if (to < from) throw invalid('`to` is before `from`', 'to');
  if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid(`At most ${MAX_RANGE_DAYS} days at once`, 'to', 'too_big');
  return { from, to };
}

async function teachesAudience(
  db: Executor,
  actor: Actor,
  schoolId: string,
  a: { class_id: string | null; group_id: string | null },
) {
  if (!hasProfile(actor, schoolId, 'teacher')) return false;
  if (a.class_id && (await repo.teachesClass(db, actor.personId, a.class_id))) return true;
  return a.group_id ? repo.teachesGroup(db, actor.personId, a.group_id) : false;
}

async function relationTo(db: Executor, actor: Actor, h: HomeworkRow): Promise<HomeworkRelation> {
  const s = h.school_id;
  return {
    teachesAudience: await teachesAudience(db, actor, s, h),
    isPupil: hasProfile(actor, s, 'pupil') && (await repo.isHomeworkForPupil(db, h.id, actor.personId)),
    isGuardian: hasProfile(actor, s, 'guardian') && (await repo.isHomeworkForChildOf(db, h.id, actor.personId)),
  };
}

/** Homework the actor may read (NOT_FOUND otherwise), with the actor's relation to it. */
async function loadReadable(db: Executor, actor: Actor, id: string) {
  const h = await repo.getHomework(db, id);
  if (!h || !belongsToSchool(actor, h.school_id)) throw notFound('Homework');
  if (isAuthor(actor, h)) return { h, rel: { teachesAudience: true, isPupil: false, isGuardian: false } };
  if (h.status !== 'published') throw notFound('Homework');
  const rel = await relationTo(db, actor, h);
  if (!canReadHomework(actor, h, rel)) throw notFound('Homework');
  return { h, rel };
}

/** Homework the actor wrote; someone who may read it gets 403, anybody else 404. */
async function loadOwn(db: Executor, actor: Actor, id: string) {
  const h = await repo.getHomework(db, id);
  if (!h || !belongsToSchool(actor, h.school_id)) throw notFound('Homework');
  if (isAuthor(actor, h)) return h;
  if (h.status !== 'published') throw notFound('Homework');
  throw refuse(canReadHomework(actor, h, await relationTo(db, actor, h)), 'Homework');
}

async function loadSession(db: Executor, actor: Actor, ref: SessionRef): Promise<CahierSession> {
  const cs = await findSession(db, ref);
  if (!cs || !belongsToSchool(actor, cs.session.schoolId)) throw notFound('Session');
  return cs;
}

async function checkDueDate(db: Executor, dueDate: string, schoolYearId: string, sessionDate: string | null) {
  if (sessionDate && dueDate < sessionDate) {
    throw invalid('The due date cannot be before the session', 'dueDate', 'before_session');
  }
  const year = await repo.getSchoolYear(db, schoolYearId);
  if (year && (dueDate < year.starts_on || dueDate > year.ends_on)) {
    throw invalid('The due date is outside the school year', 'dueDate', 'outside_year');
  }
}

const handInColumns = (h: HandInSettings) => ({
  hand_in_required: h.required ? 1 : 0,
  hand_in_late_policy: h.latePolicy,
  hand_in_due_time: h.dueTime,
});

async function notifyPublished(db: Executor, h: HomeworkRow) {
  const pupils = await repo.findPupilsOfHomework(db, h);
  await notify(db, {
    personIds: pupils,
    schoolId: h.school_id,
    kind: 'homework.published',
    title: `Travail à faire en ${h.subject_label}`,
    body: `Pour le ${formatDate(h.due_date)} : ${h.instructions}`,
    link: '/travail-a-faire',
    message: {
      key: 'homework.published',
      params: { subject: h.subject_label, dueDate: h.due_date, instructions: h.instructions.slice(0, 1000) },
    },
  });
}

// ------------------------------------------------------------------------------------------- sessions

/** A session's cahier: what was done, and the homework set in it. */
export async function getCahierSession(db: Executor, actor: Actor, ref: SessionRef) {
  const cs = await loadSession(db, actor, ref);
  const s = cs.session;
  const canWrite = canWriteSession(actor, s.schoolId, writersOf(s));
  let canRead = canWrite || canReadAllCahiers(actor, s.schoolId);
  if (!canRead && hasProfile(actor, s.schoolId, 'teacher')) {
    canRead =
      (s.class !== null && (await repo.teachesClass(db, actor.personId, s.class.id))) ||
      (await Promise.all(s.groups.map((g) => repo.teachesGroup(db, actor.personId, g.id)))).some(Boolean);
  }
  if (!canRead && (hasProfile(actor, s.schoolId, 'pupil') || hasProfile(actor, s.schoolId, 'guardian'))) {
    const people = await timetableRepo.findPeopleConcernedByCourse(db, s.courseId, s.date);
    canRead = people.pupils.includes(actor.personId) || people.guardians.includes(actor.personId);
  }
  if (!canRead) {
    throw refuse(hasProfile(actor, s.schoolId, 'teacher') || hasProfile(actor, s.schoolId, 'staff'), 'Session');
  }
  const content = await repo.getSessionContent(db, cs.key);
  const visible = content && (content.status === 'published' || isAuthor(actor, content)) ? content : null;
  const homework = await repo.findHomeworkOfSession(db, cs.key, actor.personId);
  const files = await attachmentsOf(db, homework);
  return {
    session: {
      key: cs.key,
      courseId: s.courseId,
      plannedDate: cs.ref.date,
      date: s.date,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      extraSessionId: cs.ref.extraSessionId,
      subject: s.subject,
      class: s.class,
      groups: s.groups,
      teachers: s.teachers,
      cancelled: s.cancelled,
    },
    content: visible ? presentContent(visible) : null,
    homework: homework.map((h) => presentHomework(h, actor, files)),
    abilities: { write: canWrite && !s.cancelled },
  };
}

/** Writes what was done in a session (its teachers only); a co-teacher's draft is theirs until published. */
export async function putSessionContent(db: Executor, actor: Actor, ref: SessionRef, input: SessionContentInput) {
  const cs = await loadSession(db, actor, ref);
  const s = cs.session;
  if (!canWriteSession(actor, s.schoolId, writersOf(s)))
    throw new AppError('FORBIDDEN', "Only the session's teachers write its content");
  await assertDayOpen(db, s.schoolId, s.date);
  if (s.cancelled) throw new AppError('CONFLICT', 'This session is cancelled', { reason: 'session_cancelled' });
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const existing = await repo.getSessionContent(trx, cs.key);
    if (existing && existing.status === 'draft' && !isAuthor(actor, existing)) {
      throw new AppError('CONFLICT', 'Another teacher has a draft for this session', { reason: 'draft_of_another' });
    }
    const publishedAt = input.status === 'published' ? (existing?.published_at ?? now) : null;
    if (existing) {
      await repo.updateSessionContent(trx, existing.id, {
        content: input.content,
        status: input.status,
        author_id: actor.personId,
        updated_at: now,
        published_at: publishedAt,
      });
    } else {
      await repo.insertSessionContent(trx, {
        id: newId(),
        school_id: s.schoolId,
        school_year_id: cs.schoolYearId,
        session_key: cs.key,
        course_id: cs.ref.courseId,
        session_date: cs.ref.date,
        extra_session_id: cs.ref.extraSessionId,
        content: input.content,
        status: input.status,
        author_id: actor.personId,
        created_at: now,
        updated_at: now,
        published_at: publishedAt,
      });
    }
  });
  return getCahierSession(db, actor, ref);
}

export async function extraSessionRef(db: Executor, extraSessionId: string): Promise<SessionRef> {
  const r = await findExtraSessionRef(db, extraSessionId);
  if (!r) throw notFound('Session');
  return r;
}

// ------------------------------------------------------------------------------------------- homework

interface Target {
  schoolId: string;
  schoolYearId: string;
  classId: string | null;
  groupId: string | null;
  subjectId: string;
  session: CahierSession | null;
}

async function resolveTarget(db: Executor, actor: Actor, input: HomeworkCreateInput): Promise<Target> {
  let sref: SessionRef | undefined;
  if (input.extraSessionId) {
    sref = await extraSessionRef(db, input.extraSessionId);
  } else if (input.courseId || input.sessionDate) {
    if (!input.courseId || !input.sessionDate) {
      throw invalid(
        'A session is a courseId and a sessionDate',
        input.courseId ? 'sessionDate' : 'courseId',
        'required',
      );
    }
    sref = { courseId: input.courseId, date: input.sessionDate, extraSessionId: null };
  }
  if (sref) {
    const cs = await loadSession(db, actor, sref);
    const s = cs.session;
    if (!canWriteSession(actor, s.schoolId, writersOf(s))) {
      throw new AppError('FORBIDDEN', "Only the session's teachers set homework in it");
    }
    if (s.cancelled) throw new AppError('CONFLICT', 'This session is cancelled', { reason: 'session_cancelled' });
    if (input.subjectId && input.subjectId !== s.subject.id) throw invalid('The session sets its subject', 'subjectId');
    if (input.classId && input.classId !== s.class?.id) throw invalid('Not the class of this session', 'classId');
    if (input.groupId && !s.groups.some((g) => g.id === input.groupId)) {
      throw invalid('Not a group of this session', 'groupId');
    }
    let groupId = input.groupId ?? null;
    if (!groupId && s.groups.length === 1) groupId = s.groups[0]!.id;
    if (!groupId && !s.class) throw invalid("Choose one of the session's groups", 'groupId', 'required');
    return {
      schoolId: s.schoolId,
      schoolYearId: cs.schoolYearId,
      classId: s.class?.id ?? null,
      groupId,
      subjectId: s.subject.id,
      session: cs,
    };
  }
  if (!input.classId && !input.groupId) throw invalid('Homework is for a class or a group', 'classId', 'required');
  if (!input.subjectId) throw invalid('Which subject?', 'subjectId', 'required');
  const cls = input.classId ? await repo.getClass(db, input.classId) : undefined;
  const grp = input.groupId ? await repo.getGroup(db, input.groupId) : undefined;
  if (input.classId && (!cls || !belongsToSchool(actor, cls.school_id))) throw notFound('Class');
  if (input.groupId && (!grp || !belongsToSchool(actor, grp.school_id))) throw notFound('Group');
  const audience = (cls ?? grp)!;
  if (cls && grp && (cls.school_id !== grp.school_id || cls.school_year_id !== grp.school_year_id)) {
    throw invalid('The class and the group are not of the same school year', 'groupId');
  }
  const subject = await repo.getSubject(db, input.subjectId);
  if (!subject || subject.school_id !== audience.school_id) throw notFound('Subject');
  // The subject counts, not only the class: a teacher sets homework in a subject they teach to that audience.
  const teaches =
    hasProfile(actor, audience.school_id, 'teacher') &&
    (await repo.teachesSubjectTo(db, {
      teacherId: actor.personId,
      subjectId: subject.id,
      classId: cls?.id ?? null,
      groupId: grp?.id ?? null,
    }));
  if (!canSetHomeworkFor(actor, audience.school_id, teaches)) {
    throw new AppError('FORBIDDEN', 'Only the teachers of this subject in this class or group set its homework');
  }
  return {
    schoolId: audience.school_id,
    schoolYearId: audience.school_year_id,
    classId: cls?.id ?? null,
    groupId: grp?.id ?? null,
    subjectId: subject.id,
    session: null,
  };
}

/** Sets homework; a published one notifies its pupils in the same transaction. Returns it with the workload. */
export async function createHomework(db: Executor, actor: Actor, input: HomeworkCreateInput) {
  const t = await resolveTarget(db, actor, input);
  await assertYearOpen(db, t.schoolYearId);
  await checkDueDate(db, input.dueDate, t.schoolYearId, t.session?.session.date ?? null);
  if (input.documentId) await assertLinkable(db, actor, input.documentId, { classId: t.classId, groupId: t.groupId });
  const now = nowIso();
  const id = newId();
  const row = await db.transaction().execute(async (trx) => {
    await repo.insertHomework(trx, {
      id,
      school_id: t.schoolId,
      school_year_id: t.schoolYearId,
      session_key: t.session?.key ?? null,
      course_id: t.session?.ref.courseId ?? null,
      session_date: t.session?.ref.date ?? null,
      extra_session_id: t.session?.ref.extraSessionId ?? null,
      class_id: t.classId,
      group_id: t.groupId,
      subject_id: t.subjectId,
      due_date: input.dueDate,
      instructions: input.instructions,
      estimated_minutes: input.estimatedMinutes,
      links: JSON.stringify(input.links),
      status: input.status,
      author_id: actor.personId,
      created_at: now,
      updated_at: now,
      published_at: input.status === 'published' ? now : null,
      ...(input.handIn ? handInColumns(input.handIn) : {}),
      document_id: input.documentId ?? null,
    });
    const inserted = (await repo.getHomework(trx, id))!;
    if (inserted.status === 'published') await notifyPublished(trx, inserted);
    return inserted;
  });
  const workload = await computeWorkload(db, row.school_id, {
    classId: row.class_id,
    groupId: row.group_id,
    dueDate: row.due_date,
    minutes: row.estimated_minutes,
    excludeId: row.id,
  });
  return { homework: presentHomework(row, actor), workload };
}

export async function getHomework(db: Executor, actor: Actor, id: string) {
  const { h } = await loadReadable(db, actor, id);
  return presentHomework(h, actor, await attachmentsOf(db, [h]));
}

/** Edits homework (its author only); publishing a draft notifies its pupils. */
export async function updateHomework(db: Executor, actor: Actor, id: string, patch: HomeworkPatchInput) {
  const h = await loadOwn(db, actor, id);
  await assertYearOpen(db, h.school_year_id);
  const dueDate = patch.dueDate ?? h.due_date;
  if (patch.dueDate !== undefined) {
    let sessionDate = h.session_date;
    if (h.course_id && h.session_date) {
      const cs = await findSession(db, {
        courseId: h.course_id,
        date: h.session_date,
        extraSessionId: h.extra_session_id,
      });
      if (cs) sessionDate = cs.session.date;
    }
    await checkDueDate(db, dueDate, h.school_year_id, sessionDate);
  }
  if (patch.documentId) {
    await assertLinkable(db, actor, patch.documentId, { classId: h.class_id, groupId: h.group_id });
  }
  const now = nowIso();
  const status = patch.status ?? h.status;
  const row = await db.transaction().execute(async (trx) => {
    await repo.updateHomework(trx, id, {
      ...(patch.dueDate !== undefined ? { due_date: patch.dueDate } : {}),
      ...(patch.instructions !== undefined ? { instructions: patch.instructions } : {}),
      ...(patch.estimatedMinutes !== undefined ? { estimated_minutes: patch.estimatedMinutes } : {}),
      ...(patch.links !== undefined ? { links: JSON.stringify(patch.links) } : {}),
      ...(patch.handIn !== undefined ? handInColumns(patch.handIn) : {}),
      ...(patch.documentId !== undefined ? { document_id: patch.documentId } : {}),
      status,
      published_at: status === 'published' ? (h.published_at ?? now) : null,
      updated_at: now,
    });
    const updated = (await repo.getHomework(trx, id))!;
    if (h.status !== 'published' && updated.status === 'published') await notifyPublished(trx, updated);
    return updated;
  });
  const workload = await computeWorkload(db, row.school_id, {
    classId: row.class_id,
    groupId: row.group_id,
    dueDate: row.due_date,
    minutes: row.estimated_minutes,
    excludeId: row.id,
  });
  return { homework: presentHomework(row, actor, await attachmentsOf(db, [row])), workload };
}

export async function deleteHomework(db: Executor, actor: Actor, id: string) {
  const h = await loadOwn(db, actor, id);
  await assertYearOpen(db, h.school_year_id);
  await repo.deleteHomework(db, id);
}

/** A pupil ticks (or unticks) their own homework as done. Idempotent. */
export async function setDone(db: Executor, actor: Actor, id: string, done: boolean) {
  const { h, rel } = await loadReadable(db, actor, id);
  if (!canTickHomework(actor, h, rel.isPupil)) throw new AppError('FORBIDDEN', 'Only its pupils tick homework done');
  if (!done) {
    await repo.unmarkDone(db, id, actor.personId);
    return { homeworkId: id, done: false, doneAt: null };
  }
  const row = await repo.markDone(db, id, actor.personId, nowIso());
  return { homeworkId: id, done: true, doneAt: row.done_at };
}

// ------------------------------------------------------------------------------------------- lists

/** A pupil's published homework due between two dates (default: the next two weeks), with done ticks. */
export async function listPupilHomework(db: Executor, actor: Actor, pupilId: string, q: RangeQuery) {
  const pupil = await timetableRepo.findPupil(db, pupilId);
  if (!pupil || !belongsToSchool(actor, pupil.school_id)) throw notFound('Pupil');
  const rel = {
    isGuardian:
      hasProfile(actor, pupil.school_id, 'guardian') && (await directoryRepo.isGuardianOf(db, actor.personId, pupilId)),
    teachesPupil:
      hasProfile(actor, pupil.school_id, 'teacher') &&
      (await directoryRepo.teachesPupil(db, actor.personId, pupilId, todayInParis())),
  };
  if (!canViewPupilHomework(actor, pupilId, pupil.school_id, rel)) throw notFound('Pupil');
  const { from, to } = rangeOf(q, { from: todayInParis(), days: 14 });
  const year =
    (await timetableRepo.findYearOfSchool(db, pupil.school_id, from)) ??
    (await timetableRepo.findYearOfSchool(db, pupil.school_id, to));
  const rows = year ? await repo.findHomeworkOfPupil(db, { pupilId, schoolYearId: year.id, from, to }) : [];
  const isSelf = actor.personId === pupilId;
  const files = await attachmentsOf(db, rows);
  return {
    pupil: { id: pupilId, firstName: pupil.first_name, lastName: pupil.last_name },
    from,
    to,
    items: rows.map((r) => {
      const h = presentHomework(r, actor, files);
      return { ...h, done: r.done_at !== null, doneAt: r.done_at, abilities: { ...h.abilities, tick: isSelf } };
    }),
  };
}

/** A class's cahier de textes between two dates (default: this week): contents by session date, homework by due date. */
export async function getClassCahier(db: Executor, actor: Actor, classId: string, q: RangeQuery) {
  const cls = await repo.getClass(db, classId);
  if (!cls || !belongsToSchool(actor, cls.school_id)) throw notFound('Class');
  const teaches = hasProfile(actor, cls.school_id, 'teacher') && (await repo.teachesClass(db, actor.personId, classId));
  if (!canViewClassCahier(actor, cls.school_id, teaches))
    throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  const { from, to } = rangeOf(q, { from: mondayOf(todayInParis()), days: 7 });
  const groupIds = await repo.findGroupsOfClass(db, classId, from, to);
  const o = { classId, groupIds, schoolYearId: cls.school_year_id, from, to, viewerId: actor.personId };
  const [contents, homework] = await Promise.all([repo.findContentsOfClass(db, o), repo.findHomeworkOfClass(db, o)]);
  const days = new Map<string, { date: string; contents: ClassContent[]; homeworkDue: Homework[] }>();
  const day = (date: string) => {
    let d = days.get(date);
    if (!d) {
      d = { date, contents: [], homeworkDue: [] };
      days.set(date, d);
    }
    return d;
  };
  for (const c of contents) {
    day(c.session_date).contents.push(presentClassContent(c));
  }
  const files = await attachmentsOf(db, homework);
  for (const h of homework) day(h.due_date).homeworkDue.push(presentHomework(h, actor, files));
  return {
    class: { id: cls.id, code: cls.code, label: cls.label },
    from,
    to,
    days: [...days.values()].sort((a, b) => a.date.localeCompare(b.date)),
  };
}

// ------------------------------------------------------------------------------------------- workload

/**
 * The load already due for a class (or a group) on a day and in its ISO week. A class's load counts homework
 * for the class and for any group with members in it; a group's load is that of its members' classes, plus
 * the group's own. Published homework only; `excludeId` leaves out the homework being edited.
 */
export async function computeWorkload(
  db: Executor,
  schoolId: string,
  q: { classId: string | null; groupId: string | null; dueDate: string; minutes: number; excludeId?: string },
): Promise<Workload> {
  const classIds = q.classId
    ? [q.classId]
    : q.groupId
      ? await repo.findClassesOfGroupMembers(db, q.groupId, q.dueDate)
      : [];
  const groupIds = await repo.findGroupsOfClassMembers(db, classIds, q.dueDate);
  if (q.groupId && !groupIds.includes(q.groupId)) groupIds.push(q.groupId);
  const week = isoWeekOf(q.dueDate);
  const rows = await repo.findPublishedDueFor(db, {
    classIds,
    groupIds,
    from: week.from,
    to: week.to,
    ...(q.excludeId ? { excludeId: q.excludeId } : {}),
  });
  const thresholds = await getSchoolSetting(db, schoolId, WORKLOAD_SETTING);
  const items = rows.map((r) => ({
    id: r.id,
    dueDate: r.due_date,
    estimatedMinutes: r.estimated_minutes,
    subject: { id: r.subject_id, code: r.subject_code, label: r.subject_label },
    class: ref(r.class_id, r.class_code, r.class_label),
    group: ref(r.group_id, r.group_code, r.group_label),
    instructions: r.instructions.length > 200 ? `${r.instructions.slice(0, 199)}…` : r.instructions,
  }));
  return sumWorkload(items, q.dueDate, q.minutes, thresholds);
}

/** The workload preview the web app asks for while a teacher types: teachers of the class or group, direction. */
export async function previewWorkload(db: Executor, actor: Actor, q: WorkloadQuery) {
  if (!q.classId && !q.groupId) throw invalid('Give a classId or a groupId', 'classId', 'required');
  const cls = q.classId ? await repo.getClass(db, q.classId) : undefined;
  const grp = q.groupId ? await repo.getGroup(db, q.groupId) : undefined;
  if (q.classId && (!cls || !belongsToSchool(actor, cls.school_id))) throw notFound('Class');
  if (q.groupId && (!grp || !belongsToSchool(actor, grp.school_id))) throw notFound('Group');
  const schoolId = (cls ?? grp)!.school_id;
  const teaches = await teachesAudience(db, actor, schoolId, { class_id: cls?.id ?? null, group_id: grp?.id ?? null });
  if (!canReadAllCahiers(actor, schoolId) && !teaches)
    throw new AppError('FORBIDDEN', 'You are not allowed to do this');
  return computeWorkload(db, schoolId, {
    classId: cls?.id ?? null,
    groupId: grp?.id ?? null,
    dueDate: q.dueDate,
    minutes: q.minutes,
    ...(q.excludeId ? { excludeId: q.excludeId } : {}),
  });
}

async function settingsScope(db: Executor, actor: Actor, schoolId: string) {
  const school = await directoryRepo.getSchool(db, schoolId);
  if (!school || !belongsToSchool(actor, schoolId)) throw notFound('School');
  if (!canManageWorkloadSettings(actor, schoolId)) throw new AppError('FORBIDDEN', 'You are not allowed to do this');
}

export async function getWorkloadSettings(db: Executor, actor: Actor, schoolId: string) {
  await settingsScope(db, actor, schoolId);
  return getSchoolSetting(db, schoolId, WORKLOAD_SETTING);
}

export async function putWorkloadSettings(db: Executor, actor: Actor, schoolId: string, value: WorkloadSettings) {
  await settingsScope(db, actor, schoolId);
  return setSchoolSetting(db, schoolId, WORKLOAD_SETTING, value, actor.personId);
}

// ------------------------------------------------------------------------------------------- attachments

/** Attaches a file to homework (its author only): at most 10 per homework, the type checked against the bytes. */
export async function addAttachment(
  db: Executor,
  actor: Actor,
  homeworkId: string,
  file: { fileName: string; contentType: string; data: unknown },
) {
  const h = await loadOwn(db, actor, homeworkId);
  await assertYearOpen(db, h.school_year_id);
  if (!Buffer.isBuffer(file.data) || !(ATTACHMENT_TYPES as readonly string[]).includes(file.contentType)) {
    throw new AppError('VALIDATION_FAILED', 'Send the file as the body, with one of the accepted types', {
      accepted: ATTACHMENT_TYPES,
    });
  }
  const data = file.data;
  if (data.length === 0) throw invalid('The file is empty', 'body', 'too_small');
  if (!matchesType(file.contentType, data)) {
    throw invalid('The file is not of the type it announces', 'content-type', 'mismatch');
  }
  const id = newId();
  const row = {
    id,
    homework_id: h.id,
    file_name: cleanFileName(file.fileName, 'piece-jointe'),
    content_type: file.contentType,
    size: data.length,
    sha256: createHash('sha256').update(data).digest('hex'),
    data,
    created_by: actor.personId,
    created_at: nowIso(),
  };
  await db.transaction().execute(async (trx) => {
    if ((await repo.countAttachments(trx, h.id)) >= MAX_ATTACHMENTS) {
      throw new AppError('CONFLICT', `At most ${MAX_ATTACHMENTS} files per homework`, { reason: 'too_many_files' });
    }
    await repo.insertAttachment(trx, row);
    await repo.updateHomework(trx, h.id, { updated_at: row.created_at });
  });
  return presentAttachment(row);
}

/** An attachment's bytes, for whoever may read its homework. */
export async function getAttachmentFile(db: Executor, actor: Actor, homeworkId: string, attachmentId: string) {
  await loadReadable(db, actor, homeworkId);
  const a = await repo.getAttachment(db, homeworkId, attachmentId);
  if (!a) throw notFound('Attachment');
  return { fileName: a.file_name, contentType: a.content_type, data: Buffer.from(a.data) };
}

export async function deleteAttachment(db: Executor, actor: Actor, homeworkId: string, attachmentId: string) {
  const h = await loadOwn(db, actor, homeworkId);
  await assertYearOpen(db, h.school_year_id);
  if (!(await repo.deleteAttachment(db, homeworkId, attachmentId))) throw notFound('Attachment');
}
