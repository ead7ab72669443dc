import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Db, Executor } from '../../db/types.ts';
import { parisInstant } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import { assertYearOpen } from '../../lib/school-year.ts';
import { FileMissingError, type FileStorage, newStorageKey } from '../../lib/storage.ts';
import { checkUploads, type UploadedFile } from '../../lib/uploads.ts';
import type { VirusScanner } from '../../lib/virus-scan.ts';
import { findVisibleGuardianIds } from '../attendance/attendance.repo.ts';
import { opensSchoolInformation } from '../directory/directory.repo.ts';
import { homeworkAssessmentTitle, recordHomeworkMark } from '../grades/grades.homework.ts';
import { invalidateGrades } from '../grades/grades.results.ts';
import type { HomeworkRow } from '../homework/homework.repo.ts';
import * as homeworkRepo from '../homework/homework.repo.ts';
import { notify, notifySummary } from '../notifications/notifications.service.ts';
import { findPupilsWithExtraTime } from '../support/support.service.ts';
import { archiveEntryNames, zipStoredFiles } from './handin.archive.ts';
import { canDownload, canReadHandInOf, canReview, canSubmit, type HandInRelation } from './handin.policy.ts';
import type { HandInRow } from './handin.repo.ts';
import * as repo from './handin.repo.ts';
import { type HAND_IN_STATUSES, MAX_HAND_IN_FILE_BYTES, MAX_HAND_IN_FILES, type ReturnInput } from './handin.schema.ts';

type Status = (typeof HAND_IN_STATUSES)[number];
type FileRow = Awaited<ReturnType<typeof repo.findFilesOf>>[number];

export type { UploadedFile } from '../../lib/uploads.ts';

/** The deadline of a homework's hand-in, as an instant. */
export const dueAtOf = (h: Pick<HomeworkRow, 'due_date' | 'hand_in_due_time'>) =>
  parisInstant(h.due_date, h.hand_in_due_time);

/**
 * A pupil's own deadline. With extra time (tiers-temps, a support plan in force on the due date) the pupil gets a
 * third more of the time the class was given: from the homework's publication to its deadline.
 */
export function deadlineOf(
  h: Pick<HomeworkRow, 'due_date' | 'hand_in_due_time' | 'published_at' | 'created_at'>,
  extraTime: boolean,
): string {
  const due = dueAtOf(h);
  if (!extraTime) return due;
  const given = Date.parse(due) - Date.parse(h.published_at ?? h.created_at);
  return given > 0 ? new Date(Date.parse(due) + Math.round(given / 3)).toISOString() : due;
}

async function hasExtraTime(db: Executor, h: HomeworkRow, pupilId: string) {
  return (await findPupilsWithExtraTime(db, h.school_id, h.due_date, [pupilId])).has(pupilId);
}

// ----------------------------------------------------------------------------------------- presenters

const statusOf = (hi: HandInRow | undefined): Status =>
  !hi ? 'not_handed_in' : hi.returned_at ? 'returned' : hi.is_late ? 'late' : 'handed_in';

const presentFile = (f: FileRow) => ({
  id: f.id,
  fileName: f.file_name,
  contentType: f.content_type,
  size: f.size,
  scanned: f.scan_status === 'clean',
});

function presentHandIn(
  homeworkId: string,
  pupil: { id: string; first_name: string; last_name: string },
  hi: HandInRow | undefined,
  files: readonly FileRow[] | null,
) {
  return {
    id: hi?.id ?? null,
    homeworkId,
    pupil: { id: pupil.id, firstName: pupil.first_name, lastName: pupil.last_name },
    status: statusOf(hi),
    handedInAt: hi?.handed_in_at ?? null,
    late: hi ? hi.is_late === 1 : false,
    files: files ? files.map(presentFile) : null,
    feedback:
      hi?.returned_at != null
        ? {
            comment: hi.comment ?? '',
            mark: hi.mark,
            markOutOf: hi.mark_out_of,
            returnedAt: hi.returned_at,
            returnedBy: hi.returned_by
              ? {
                  id: hi.returned_by,
                  firstName: hi.returned_by_first_name ?? '',
                  lastName: hi.returned_by_last_name ?? '',
                }
              : null,
          }
        : null,
  };
}

const presentHomeworkRef = (h: HomeworkRow, extraTime = false) => ({
  id: h.id,
  dueAt: deadlineOf(h, extraTime),
  extraTime,
  latePolicy: h.hand_in_late_policy,
  subject: h.subject_label,
  instructions: h.instructions,
});

// ------------------------------------------------------------------------------------------- access

/**
 * Published homework of the actor's school that asks for a hand-in, with the actor's relation to it. Anybody
 * without a relation gets NOT_FOUND: whether homework exists in another class is not theirs to learn.
 */
async function loadRelation(db: Executor, actor: Actor, homeworkId: string) {
  const h = await homeworkRepo.getHomework(db, homeworkId);
  if (!h || !belongsToSchool(actor, h.school_id) || h.status !== 'published' || !h.hand_in_required) {
    throw notFound('Homework');
  }
  const s = h.school_id;
  let isTeacher = false;
  if (hasProfile(actor, s, 'teacher')) {
    isTeacher =
      h.author_id === actor.personId ||
      (h.class_id !== null && (await homeworkRepo.teachesClass(db, actor.personId, h.class_id))) ||
      (h.group_id !== null && (await homeworkRepo.teachesGroup(db, actor.personId, h.group_id)));
  }
  const isPupil = hasProfile(actor, s, 'pupil') && (await homeworkRepo.isHomeworkForPupil(db, h.id, actor.personId));
  const childIds: string[] = [];
  if (hasProfile(actor, s, 'guardian')) {
    const children = await db
      .selectFrom('guardianships')
      .select('pupil_id')
      .where('guardian_id', '=', actor.personId)
      .where(opensSchoolInformation())
      .execute();
    for (const c of children) {
      if (await homeworkRepo.isHomeworkForPupil(db, h.id, c.pupil_id)) childIds.push(c.pupil_id);
    }
  }
  const rel: HandInRelation = { schoolId: s, isTeacher, isPupil, childIds };
  if (!rel.isTeacher && !rel.isPupil && childIds.length === 0) throw notFound('Homework');
  return { h, rel };
}

async function getPupil(db: Executor, pupilId: string) {
  const [p] = await repo.findPeople(db, [pupilId]);
  if (!p) throw notFound('Pupil');
  return p;
}

// ------------------------------------------------------------------------------------------- pupils

/** A pupil's hand-in for one homework: the pupil (with files) or a guardian of theirs (status and feedback). */
export async function getMyHandIn(db: Executor, actor: Actor, homeworkId: string, pupilId = actor.personId) {
  const { h, rel } = await loadRelation(db, actor, homeworkId);
  if (!canReadHandInOf(actor, rel, pupilId)) throw notFound('Hand-in');
  const hi = await repo.findHandIn(db, h.id, pupilId);
  const withFiles = canDownload(actor, rel, pupilId);
  const files = withFiles ? (hi ? await repo.findFilesOf(db, [hi.id]) : []) : null;
  const mine = actor.personId === pupilId && canSubmit(actor, rel);
  const extra = await hasExtraTime(db, h, pupilId);
  return {
    homework: presentHomeworkRef(h, extra),
    handIn: presentHandIn(h.id, await getPupil(db, pupilId), hi, files),
    abilities: { submit: mine && openFor(h, hi, new Date(), extra).open },
  };
}

/** Whether the pupil may (still) hand in, and whether it would be late (by their own deadline). */
function openFor(h: HomeworkRow, hi: HandInRow | undefined, now: Date, extraTime: boolean) {
  if (hi?.returned_at) return { open: false as const, reason: 'returned' };
  const late = now.toISOString() > deadlineOf(h, extraTime);
  if (late && h.hand_in_late_policy === 'refuse') return { open: false as const, reason: 'deadline_passed' };
  return { open: true as const, late };
}

/** Checks every file before anything is stored (lib/uploads.ts). */
const checkFiles = (files: readonly UploadedFile[], scanner: VirusScanner) =>
  checkUploads(files, scanner, {
    maxFiles: MAX_HAND_IN_FILES,
    maxBytes: MAX_HAND_IN_FILE_BYTES,
    fallbackName: 'copie',
  });

/**
 * Hands in (or replaces) the pupil's work: all its files at once. The time is the server's; after the deadline
 * the hand-in is refused or marked late, by the homework's policy; once the teacher has returned it, it is
 * closed. Files are written to the storage first, then the rows in one transaction; a failed transaction
 * removes the new files, a committed one removes the replaced files.
 */
export async function submitHandIn(
  db: Executor,
  storage: FileStorage,
  scanner: VirusScanner,
  actor: Actor,
  homeworkId: string,
  files: readonly UploadedFile[],
) {
  const { h, rel } = await loadRelation(db, actor, homeworkId);
  if (!canSubmit(actor, rel)) throw new AppError('FORBIDDEN', 'Only the pupils of this homework hand it in');
  await assertYearOpen(db, h.school_year_id);
  const before = await repo.findHandIn(db, h.id, actor.personId);
  const extra = await hasExtraTime(db, h, actor.personId);
  const gate = openFor(h, before, new Date(), extra);
  if (!gate.open) throw new AppError('HAND_IN_CLOSED', 'This hand-in is closed', { reason: gate.reason });
  const checked = await checkFiles(files, scanner);

  const stored: string[] = [];
  let replaced: string[] = [];
  try {
    const rows: { key: string; f: (typeof checked)[number] }[] = [];
    for (const f of checked) {
      const key = newStorageKey('hand-ins');
      await storage.put(key, f.data);
      stored.push(key);
      rows.push({ key, f });
    }
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      const nowText = now.toISOString();
      // Read again inside the transaction: the teacher may have returned it meanwhile.
      const current = await repo.findHandIn(trx, h.id, actor.personId);
      const again = openFor(h, current, now, extra);
      if (!again.open) throw new AppError('HAND_IN_CLOSED', 'This hand-in is closed', { reason: again.reason });
      let handInId: string;
      if (current) {
        handInId = current.id;
        replaced = await repo.deleteFilesOf(trx, current.id);
        await repo.updateHandIn(trx, current.id, {
          handed_in_at: nowText,
          is_late: again.late ? 1 : 0,
          updated_at: nowText,
        });
      } else {
        handInId = newId();
        await repo.insertHandIn(trx, {
          id: handInId,
          homework_id: h.id,
          pupil_id: actor.personId,
          school_id: h.school_id,
          handed_in_at: nowText,
          is_late: again.late ? 1 : 0,
          returned_at: null,
          returned_by: null,
          comment: null,
          mark: null,
          mark_out_of: null,
          created_at: nowText,
          updated_at: nowText,
        });
      }
      await repo.insertFiles(
        trx,
        rows.map(({ key, f }, position) => ({
          id: newId(),
          hand_in_id: handInId,
          storage_key: key,
          file_name: f.fileName,
          content_type: f.contentType,
          size: f.data.length,
          sha256: createHash('sha256').update(f.data).digest('hex'),
          scan_status: f.scanStatus,
          position,
          created_at: nowText,
        })),
      );
      await notifyHandedIn(trx, h);
    });
  } catch (e) {
    await Promise.allSettled(stored.map((k) => storage.delete(k)));
    throw e;
  }
  await Promise.allSettled(replaced.map((k) => storage.delete(k)));
  return getMyHandIn(db, actor, h.id);
}

// ------------------------------------------------------------------------------------------ teacher

/** Every pupil of the homework with the status of their hand-in (the homework's teachers). */
export async function listHandIns(db: Executor, actor: Actor, homeworkId: string) {
  const { h, rel } = await loadRelation(db, actor, homeworkId);
  if (!canReview(actor, rel)) throw notFound('Homework');
  const handIns = await repo.findHandInsOfHomework(db, h.id);
  const byPupil = new Map(handIns.map((hi) => [hi.pupil_id, hi]));
  // Pupils of the class on the due date, and anybody who handed in (a pupil who left the class meanwhile).
  const pupilIds = new Set([...(await homeworkRepo.findPupilsOfHomework(db, h)), ...byPupil.keys()]);
  const people = await repo.findPeople(db, [...pupilIds]);
  const files = await repo.findFilesOf(
    db,
    handIns.map((hi) => hi.id),
  );
  const filesOf = new Map<string, FileRow[]>();
  for (const f of files) filesOf.set(f.hand_in_id, [...(filesOf.get(f.hand_in_id) ?? []), f]);
  const items = people.map((p) => {
    const hi = byPupil.get(p.id);
    return presentHandIn(h.id, p, hi, hi ? (filesOf.get(hi.id) ?? []) : []);
  });
  const counts = { not_handed_in: 0, handed_in: 0, late: 0, returned: 0 };
  for (const i of items) counts[i.status] += 1;
  const audience = [h.class_label ?? h.class_code, h.group_label ?? h.group_code].filter(Boolean).join(' · ');
  return { homework: { ...presentHomeworkRef(h), dueDate: h.due_date, audience }, counts, items };
}

/**
 * Tells the homework's author that work came in: one running summary per homework ("3 copies rendues", "3 à
 * corriger (en retard : 1)", a link to its "Copies rendues"), updated by each hand-in while the teacher has not
 * read it; never one notification per pupil (a class of 30 would bury everything else).
 */
async function notifyHandedIn(trx: Executor, h: HomeworkRow) {
  if (!h.author_id) return;
  const { count, late } = await repo.countUnreturned(trx, h.id);
  const subject = h.subject_label;
  const audience = [h.class_label ?? h.class_code, h.group_label ?? h.group_code].filter(Boolean).join(' · ');
  const copies = count > 1 ? `${count} copies rendues` : '1 copie rendue';
  await notifySummary(trx, {
    personIds: [h.author_id],
    schoolId: h.school_id,
    kind: 'handin.submitted',
    title: `${copies} en ${subject} (${audience})`,
    body: `Travail pour le ${h.due_date} : ${count} à corriger (en retard : ${late}).`,
    link: `/copies/${h.id}`,
    message: { key: 'handin.submitted', params: { subject, audience, dueDate: h.due_date, count, late } },
  });
}

async function notifyReturned(trx: Executor, h: HomeworkRow, pupilId: string) {
  const subject = h.subject_label;
  await notify(trx, {
    personIds: [pupilId],
    schoolId: h.school_id,
    kind: 'handin.returned',
    title: `Copie corrigée en ${subject}`,
    body: `Votre professeur a rendu votre travail pour le ${h.due_date}.`,
    link: '/travail-a-faire',
    message: { key: 'handin.returned', params: { subject, dueDate: h.due_date } },
  });
  const [pupil] = await repo.findPeople(trx, [pupilId]);
  const child = pupil ? `${pupil.first_name} ${pupil.last_name}` : '';
  await notify(trx, {
    personIds: await findVisibleGuardianIds(trx, [pupilId]),
    schoolId: h.school_id,
    kind: 'handin.returned',
    title: `Copie corrigée en ${subject} : ${child}`,
    body: `Le professeur a rendu le travail pour le ${h.due_date}.`,
    link: `/travail-a-faire/${pupilId}`,
    message: { key: 'handin.returned', params: { subject, dueDate: h.due_date, child } },
  });
}

/** Returns a hand-in with the teacher's comment and optional mark (again to correct them). */
export async function returnHandIn(db: Db, actor: Actor, homeworkId: string, handInId: string, input: ReturnInput) {
  const { h, rel } = await loadRelation(db, actor, homeworkId);
  if (!canReview(actor, rel)) throw notFound('Hand-in');
  const hi = await repo.getHandIn(db, h.id, handInId);
  if (!hi) throw notFound('Hand-in');
  // A return writes a mark into the grade book: not into an archived year.
  await assertYearOpen(db, h.school_year_id);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await repo.updateHandIn(trx, hi.id, {
      returned_at: now,
      returned_by: actor.personId,
      comment: input.comment,
      mark: input.mark,
      mark_out_of: input.mark === null ? null : input.markOutOf,
      updated_at: now,
    });
    // The mark goes into the grade book too: one assessment per homework, the grade updated on each return.
    const assessmentId = await repo.lockHomeworkAssessment(trx, h.id);
    const recorded = await recordHomeworkMark(
      trx,
      actor,
      {
        schoolId: h.school_id,
        schoolYearId: h.school_year_id,
        classId: h.class_id,
        groupId: h.group_id,
        subjectId: h.subject_id,
        dueDate: h.due_date,
        title: homeworkAssessmentTitle(h.instructions, h.subject_label),
        assessmentId,
      },
      hi.pupil_id,
      input.mark === null || input.markOutOf === null ? null : { value: input.mark, outOf: input.markOutOf },
    );
    if (recorded && recorded !== assessmentId) await repo.setHomeworkAssessment(trx, h.id, recorded);
    // The first return is announced, to the pupil and their guardians; a correction afterwards is not. The mark
    // stays out of the message: the grade book publishes it on its own schedule.
    if (!hi.returned_at) await notifyReturned(trx, h, hi.pupil_id);
  });
  invalidateGrades(h.school_id);
  const updated = (await repo.getHandIn(db, h.id, hi.id))!;
  return presentHandIn(h.id, await getPupil(db, hi.pupil_id), updated, await repo.findFilesOf(db, [hi.id]));
}

/** A handed-in file: its pupil and the homework's teachers; guardians and other pupils get NOT_FOUND. */
export async function getHandInFile(
  db: Executor,
  storage: FileStorage,
  actor: Actor,
  p: { homeworkId: string; handInId: string; fileId: string },
): Promise<{ fileName: string; contentType: string; data: Readable }> {
  const { h, rel } = await loadRelation(db, actor, p.homeworkId);
  const hi = await repo.getHandIn(db, h.id, p.handInId);
  if (!hi || !canDownload(actor, rel, hi.pupil_id)) throw notFound('File');
  const f = await repo.getFile(db, hi.id, p.fileId);
  if (!f) throw notFound('File');
  try {
    return { fileName: f.file_name, contentType: f.content_type, data: await storage.get(f.storage_key) };
  } catch (e) {
    if (e instanceof FileMissingError) throw notFound('File');
    throw e;
  }
}

/** Every handed-in file of the homework as one zip, `<Nom Prénom> - <name>` (the homework's teachers). */
export async function archiveHandIns(db: Executor, storage: FileStorage, actor: Actor, homeworkId: string) {
  const { h, rel } = await loadRelation(db, actor, homeworkId);
  if (!canReview(actor, rel)) throw notFound('Homework');
  const handIns = await repo.findHandInsOfHomework(db, h.id);
  const people = new Map(
    (
      await repo.findPeople(
        db,
        handIns.map((hi) => hi.pupil_id),
      )
    ).map((p, i) => [p.id, { p, i }]),
  );
  const pupilOf = new Map(handIns.map((hi) => [hi.id, hi.pupil_id]));
  const files = (
    await repo.findFilesOf(
      db,
      handIns.map((hi) => hi.id),
    )
  )
    .map((f) => ({ f, who: people.get(pupilOf.get(f.hand_in_id) ?? '') }))
    .filter((x): x is { f: FileRow; who: NonNullable<typeof x.who> } => x.who !== undefined)
    // In the class list's order (last name, first name), each pupil's files in the order they were sent.
    .sort((a, b) => a.who.i - b.who.i || a.f.position - b.f.position);
  const names = archiveEntryNames(
    files.map(({ f, who }) => ({ pupilName: `${who.p.last_name} ${who.p.first_name}`, fileName: f.file_name })),
  );
  const data = zipStoredFiles(
    storage,
    files.map(({ f }, i) => ({
      name: names[i] ?? f.id,
      storageKey: f.storage_key,
      contentType: f.content_type,
      createdAt: f.created_at,
    })),
  );
  const audience = [h.class_label ?? h.class_code, h.group_label ?? h.group_code].filter(Boolean).join(' ');
  return { fileName: `Copies ${h.subject_label} ${audience} ${h.due_date}.zip`, contentType: 'application/zip', data };
}

/** "Copies à corriger" on a teacher's home: hand-ins not yet returned, in total and by homework (the oldest first). */
export async function findToReturn(db: Executor, actor: Actor, schoolId: string) {
  if (!hasProfile(actor, schoolId, 'teacher')) return null;
  const rows = await repo.findUnreturnedOfTeacher(db, schoolId, actor.personId, 200);
  const homework = rows.map((r) => ({
    id: r.id,
    dueDate: r.due_date,
    subject: r.subject_label,
    audience: [r.class_label, r.group_label].filter(Boolean).join(' · '),
    count: Number(r.n),
  }));
  return { count: homework.reduce((sum, h) => sum + h.count, 0), homework: homework.slice(0, 5) };
}
