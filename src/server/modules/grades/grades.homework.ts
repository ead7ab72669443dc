import type { Executor } from '../../db/types.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { getSchoolSetting } from '../../lib/school-settings.ts';
import { checkGradeValue, toCenti } from './grades.calc.ts';
import { isTeacherIn } from './grades.policy.ts';
import { publicationTimes } from './grades.publication.ts';
import * as repo from './grades.repo.ts';
import { GRADE_SETTINGS } from './grades.service.ts';

/** The homework a returned hand-in belongs to, as far as the grade book needs it. */
export interface MarkedHomework {
  schoolId: string;
  schoolYearId: string;
  classId: string | null;
  groupId: string | null;
  subjectId: string;
  dueDate: string;
  title: string;
  /** The assessment already created for this homework, if any. */
  assessmentId: string | null;
}

const TITLE_CHARS = 120;

/** An assessment's title from the homework's instructions: their first line, shortened. */
export function homeworkAssessmentTitle(instructions: string, fallback: string): string {
  const line = instructions
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  if (!line) return fallback;
  return line.length > TITLE_CHARS ? `${line.slice(0, TITLE_CHARS - 1).trimEnd()}…` : line;
}

/**
 * Records (or clears, `mark: null`) a pupil's mark for a homework in the grade book, inside the caller's
 * transaction: the homework's assessment is created at its first mark (kind `devoir_maison`, the homework's due
 * date, the scale the teacher chose, published by the school's usual rules), then the grade is upserted. Only a
 * teacher of the subject for the class or group records it, as in the grade book itself. Returns the assessment's
 * id, for the caller to keep on the homework; the caller invalidates the grade caches after its commit.
 */
export async function recordHomeworkMark(
  trx: Executor,
  actor: Actor,
  hw: MarkedHomework,
  pupilId: string,
  mark: { value: number; outOf: number } | null,
): Promise<string | null> {
  const existing = hw.assessmentId ? await repo.getAssessment(trx, hw.assessmentId) : undefined;
  if (mark === null) {
    if (existing) await repo.deleteGrades(trx, existing.id, [pupilId]);
    return existing?.id ?? null;
  }
  const target: repo.Target =
    hw.classId !== null ? { kind: 'class', id: hw.classId } : { kind: 'group', id: hw.groupId ?? '' };
  if (!isTeacherIn(actor, hw.schoolId) || !(await repo.isAssigned(trx, actor.personId, target, hw.subjectId))) {
    throw new AppError('FORBIDDEN', 'Only a teacher of this subject for this class gives it a mark', {
      reason: 'not_assigned',
    });
  }
  if (!Number.isInteger(mark.outOf)) {
    throw new AppError('VALIDATION_FAILED', 'A mark is out of a whole number', {
      fields: [{ path: 'markOutOf', code: 'not_integer' }],
    });
  }
  const valueCenti = toCenti(mark.value);
  if (valueCenti === null || checkGradeValue(valueCenti, mark.outOf) !== null) {
    throw new AppError('VALIDATION_FAILED', 'A mark has at most two decimals and is within its scale', {
      fields: [{ path: 'mark', code: 'invalid' }],
    });
  }
  const now = nowIso();
  let assessmentId: string;
  if (existing) {
    assessmentId = existing.id;
    if (existing.scale !== mark.outOf) {
      const others = (await repo.findGrades(trx, [existing.id])).filter((g) => g.pupil_id !== pupilId);
      if (others.length > 0) {
        throw new AppError('CONFLICT', `The marks of this homework are out of ${existing.scale}`, {
          reason: 'scale_differs',
          scale: existing.scale,
        });
      }
      await repo.updateAssessment(trx, existing.id, { scale: mark.outOf, updated_at: now });
    }
  } else {
    const periods = await repo.findPeriodsOfYear(trx, hw.schoolYearId);
    const period = periods.find((p) => p.starts_on <= hw.dueDate && hw.dueDate <= p.ends_on);
    if (!period) {
      throw new AppError('CONFLICT', 'No period of the school year contains the due date', { reason: 'no_period' });
    }
    const settings = await getSchoolSetting(trx, hw.schoolId, GRADE_SETTINGS);
    const publish = publicationTimes(new Date(), settings);
    assessmentId = newId();
    await repo.insertAssessment(trx, {
      id: assessmentId,
      school_id: hw.schoolId,
      period_id: period.id,
      subject_id: hw.subjectId,
      class_id: target.kind === 'class' ? target.id : null,
      group_id: target.kind === 'group' ? target.id : null,
      teacher_id: actor.personId,
      title: hw.title,
      kind: 'devoir_maison',
      date: hw.dueDate,
      scale: mark.outOf,
      coefficient_centi: 100,
      description: null,
      pupils_publish_at: publish.pupils,
      guardians_publish_at: publish.guardians,
      created_at: now,
      updated_at: now,
    });
  }
  await repo.upsertGrades(trx, [
    {
      assessment_id: assessmentId,
      pupil_id: pupilId,
      value_centi: valueCenti,
      code: null,
      comment: null,
      updated_by: actor.personId,
      updated_at: now,
    },
  ]);
  return assessmentId;
}
