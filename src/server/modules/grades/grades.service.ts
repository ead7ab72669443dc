import type { Db, Executor, GradeTable, PeriodTable, SkillResultTable } from '../../db/types.ts';
import { compareFrench } from '../../lib/collation.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import { getSchoolSetting, type SchoolSettingDef, setSchoolSetting } from '../../lib/school-settings.ts';
import { assertPeriodOpen } from '../../lib/school-year.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import {
  assessmentStats,
  checkGradeValue,
  classStats,
  DEFAULT_CODE_RULES,
  type Fraction,
  formatDot,
  subjectAverage,
  toCenti,
} from './grades.calc.ts';
import {
  canEditGradeSettings,
  canReadAllGrades,
  canReadGradeSettings,
  type GradesAudience,
  isTeacherIn,
} from './grades.policy.ts';
import { publicationTimes } from './grades.publication.ts';
import type { Target } from './grades.repo.ts';
import * as repo from './grades.repo.ts';
import {
  cachedClassResults,
  computeClassResults,
  dayWithin,
  invalidateGrades,
  isVisibleTo,
  skillsOfPupil,
  subjectCoefficientCenti,
  toCalcAssessment,
  toCalcGrade,
} from './grades.results.ts';
import {
  type AssessmentDto,
  type AssessmentInput,
  type AssessmentPatch,
  type GradebookQuery,
  type GradeSettings,
  GradeSettingsSchema,
  type GradesInput,
  type SkillResultsInput,
} from './grades.schema.ts';
import { SKILL_COMPONENTS } from './grades.skills.ts';

export const GRADE_SETTINGS: SchoolSettingDef<GradeSettings> = {
  name: 'grades',
  schema: GradeSettingsSchema,
  defaults: {
    codeRules: { ...DEFAULT_CODE_RULES },
    ranksEnabled: false,
    guardianDelayHours: 0,
    quietHours: { from: '20:00', to: '07:00' },
    subjectCoefficients: {},
  },
};

const fig = (f: Fraction | null): string | null => (f === null ? null : formatDot(f));
const statsDto = (s: { average: Fraction | null; min: Fraction | null; max: Fraction | null; count: number }) => ({
  average: fig(s.average),
  min: fig(s.min),
  max: fig(s.max),
  count: s.count,
});
export const periodDto = (p: Pick<PeriodTable, 'id' | 'label' | 'starts_on' | 'ends_on'>) => ({
  id: p.id,
  label: p.label,
  startsOn: p.starts_on,
  endsOn: p.ends_on,
});

function invalid(message: string, details?: unknown): never {
  throw new AppError('VALIDATION_FAILED', message, details);
}

// ---------------------------------------------------------------------------------------------- settings

export async function getSettings(db: Executor, actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canReadGradeSettings(actor, schoolId) || canEditGradeSettings(actor, schoolId));
  return getSchoolSetting(db, schoolId, GRADE_SETTINGS);
}

export async function putSettings(db: Executor, actor: Actor, schoolId: string, value: GradeSettings) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canEditGradeSettings(actor, schoolId));
  for (const subjectId of Object.keys(value.subjectCoefficients)) {
    const s = await repo.getSubject(db, subjectId);
    if (!s || s.school_id !== schoolId) invalid('Unknown subject in subjectCoefficients', { subjectId });
  }
  const saved = await setSchoolSetting(db, schoolId, GRADE_SETTINGS, value, actor.personId);
  invalidateGrades(schoolId);
  return saved;
}

/** The school's subjects in French order, for the settings page (subject coefficients). */
export async function listSubjects(db: Executor, actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canEditGradeSettings(actor, schoolId));
  const subjects = await repo.findSubjectsOfSchool(db, schoolId);
  return { subjects: subjects.sort((a, b) => compareFrench(a.label, b.label)) };
}

// ---------------------------------------------------------------------------------------------- services

/** A teacher's services (class or group × subject) and the periods of the current school year. */
export async function listServices(db: Executor, actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(isTeacherIn(actor, schoolId));
  const today = todayInParis();
  const year = await repo.findYearOn(db, schoolId, today);
  if (!year) return { periods: [], currentPeriodId: null, services: [] };
  const periods = await repo.findPeriodsOfYear(db, year.id);
  const rows = await repo.findServicesOfTeacher(db, actor.personId, year.id);
  const services = rows
    .map((r) => ({
      target:
        r.class_id !== null
          ? { kind: 'class' as const, id: r.class_id, code: r.class_code ?? '', label: r.class_label ?? '' }
          : { kind: 'group' as const, id: r.group_id ?? '', code: r.group_code ?? '', label: r.group_label ?? '' },
      subject: { id: r.subject_id, code: r.subject_code, label: r.subject_label },
    }))
    .sort((a, b) => a.target.code.localeCompare(b.target.code, 'fr') || a.subject.label.localeCompare(b.subject.label));
  return { periods: periods.map(periodDto), currentPeriodId: currentPeriod(periods, today)?.id ?? null, services };
}

/** The period containing `today`, else the last one started, else the first. */
export function currentPeriod<P extends { starts_on: string; ends_on: string }>(periods: readonly P[], today: string) {
  return (
    periods.find((p) => p.starts_on <= today && today <= p.ends_on) ??
    [...periods].reverse().find((p) => p.starts_on <= today) ??
    periods[0]
  );
}

// ---------------------------------------------------------------------------------------------- access

const targetOf = (x: { classId?: string | undefined; groupId?: string | undefined }): Target =>
  x.classId !== undefined ? { kind: 'class', id: x.classId } : { kind: 'group', id: x.groupId ?? '' };
const targetOfRow = (a: { class_id: string | null; group_id: string | null }): Target =>
  a.class_id !== null ? { kind: 'class', id: a.class_id } : { kind: 'group', id: a.group_id ?? '' };

/** Loads a service (target, subject, period) and checks they belong together and to a school the actor is in. */
async function loadService(db: Executor, actor: Actor, q: { target: Target; subjectId: string; periodId: string }) {
  const [target, subject, period] = await Promise.all([
    repo.getTarget(db, q.target),
    repo.getSubject(db, q.subjectId),
    repo.getPeriod(db, q.periodId),
  ]);
  if (!target || !belongsToSchool(actor, target.school_id)) throw notFound('Class or group');
  const schoolId = target.school_id;
  if (!subject || subject.school_id !== schoolId) throw notFound('Subject');
  if (!period || period.school_id !== schoolId || period.school_year_id !== target.school_year_id) {
    throw notFound('Period');
  }
  return { target, subject, period, schoolId };
}

/** Who reads a service's grades: its teachers, the class's professeur principal, direction and CPE. */
async function canReadService(db: Executor, actor: Actor, schoolId: string, target: Target, subjectId: string) {
  if (canReadAllGrades(actor, schoolId)) return true;
  if (!isTeacherIn(actor, schoolId)) return false;
  if (await repo.isAssigned(db, actor.personId, target, subjectId)) return true;
  return target.kind === 'class' && (await repo.isPrincipalOf(db, actor.personId, target.id));
}

/** An assessment its author may change: the author, still a teacher of the school assigned to that service. */
async function loadOwnAssessment(db: Executor, actor: Actor, id: string) {
  const a = await repo.getAssessment(db, id);
  if (!a || !belongsToSchool(actor, a.school_id)) throw notFound('Assessment');
  if (
    a.teacher_id === actor.personId &&
    isTeacherIn(actor, a.school_id) &&
    (await repo.isAssigned(db, actor.personId, targetOfRow(a), a.subject_id))
  ) {
    await assertPeriodOpen(db, a.period_id);
    return a;
  }
  const readable = await canReadService(db, actor, a.school_id, targetOfRow(a), a.subject_id);
  assertCan(false, { hide: !readable, what: 'Assessment' });
  return a;
}

// ---------------------------------------------------------------------------------------------- assessments

function assessmentDto(
  actor: Actor,
  a: repo.AssessmentRow,
  skills: string[],
  stats: ReturnType<typeof assessmentStats>,
): AssessmentDto {
  return {
    id: a.id,
    periodId: a.period_id,
    subjectId: a.subject_id,
    classId: a.class_id,
    groupId: a.group_id,
    teacher: { id: a.teacher_id, firstName: a.teacher_first_name, lastName: a.teacher_last_name },
    title: a.title,
    kind: a.kind,
    date: a.date,
    scale: a.scale,
    coefficient: a.coefficient_centi / 100,
    description: a.description,
    pupilsPublishAt: a.pupils_publish_at,
    guardiansPublishAt: a.guardians_publish_at,
    skills,
    mine: a.teacher_id === actor.personId,
    stats: statsDto(stats),
  };
}

function coefficientCenti(c: number): number {
  const centi = toCenti(c);
  if (centi === null || centi <= 0) invalid('The coefficient must be positive, with at most two decimals');
  return centi;
}

export async function createAssessment(db: Db, actor: Actor, input: AssessmentInput) {
  const target = targetOf(input);
  const s = await loadService(db, actor, { target, subjectId: input.subjectId, periodId: input.periodId });
  assertCan(isTeacherIn(actor, s.schoolId) || canReadAllGrades(actor, s.schoolId), {
    hide: true,
    what: 'Class or group',
  });
  assertCan(isTeacherIn(actor, s.schoolId) && (await repo.isAssigned(db, actor.personId, target, input.subjectId)));
  await assertPeriodOpen(db, s.period.id);
  if (input.date < s.period.starts_on || input.date > s.period.ends_on) {
    invalid(`The date must fall within the period (${s.period.starts_on} → ${s.period.ends_on})`);
  }
  const settings = await getSchoolSetting(db, s.schoolId, GRADE_SETTINGS);
  const publish = publicationTimes(input.publishAt ? new Date(input.publishAt) : new Date(), settings);
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await repo.insertAssessment(trx, {
      id,
      school_id: s.schoolId,
      period_id: s.period.id,
      subject_id: s.subject.id,
      class_id: target.kind === 'class' ? target.id : null,
      group_id: target.kind === 'group' ? target.id : null,
      teacher_id: actor.personId,
      title: input.title,
      kind: input.kind,
      date: input.date,
      scale: input.scale,
      coefficient_centi: coefficientCenti(input.coefficient),
      description: input.description,
      pupils_publish_at: publish.pupils,
      guardians_publish_at: publish.guardians,
      created_at: now,
      updated_at: now,
    });
    await repo.setAssessmentSkills(trx, id, [...new Set(input.skills)]);
  });
  invalidateGrades(s.schoolId);
  return getAssessmentDetail(db, actor, id);
}

export async function patchAssessment(db: Db, actor: Actor, id: string, patch: AssessmentPatch) {
  const a = await loadOwnAssessment(db, actor, id);
  const period = await repo.getPeriod(db, a.period_id);
  if (!period) throw notFound('Period');
  if (patch.date !== undefined && (patch.date < period.starts_on || patch.date > period.ends_on)) {
    invalid(`The date must fall within the period (${period.starts_on} → ${period.ends_on})`);
  }
  const settings = await getSchoolSetting(db, a.school_id, GRADE_SETTINGS);
  const publish = patch.publishAt ? publicationTimes(new Date(patch.publishAt), settings) : null;
  await db.transaction().execute(async (trx) => {
    await repo.updateAssessment(trx, id, {
      ...(patch.title !== undefined ? { title: patch.title } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.date !== undefined ? { date: patch.date } : {}),
      ...(patch.scale !== undefined ? { scale: patch.scale } : {}),
      ...(patch.coefficient !== undefined ? { coefficient_centi: coefficientCenti(patch.coefficient) } : {}),
      ...(patch.description !== undefined ? { description: patch.description } : {}),
      ...(publish ? { pupils_publish_at: publish.pupils, guardians_publish_at: publish.guardians } : {}),
      updated_at: nowIso(),
    });
    // Checked after the update, which holds the assessment's row: grade entry (putGrades) takes the same row
    // first, so a grade cannot slip in above the new scale between the check and the commit.
    if (patch.scale !== undefined) {
      const max = await repo.maxGradeValue(trx, id);
      if (max !== null && max > patch.scale * 100) {
        invalid('A grade already entered is above this scale', { maxGrade: max / 100 });
      }
    }
    if (patch.skills !== undefined) await repo.setAssessmentSkills(trx, id, [...new Set(patch.skills)]);
  });
  invalidateGrades(a.school_id);
  return getAssessmentDetail(db, actor, id);
}

export async function deleteAssessment(db: Db, actor: Actor, id: string) {
  const a = await loadOwnAssessment(db, actor, id);
  await repo.deleteAssessment(db, id);
  invalidateGrades(a.school_id);
  return { ok: true as const };
}

export async function getAssessmentDetail(db: Executor, actor: Actor, id: string) {
  const a = await repo.getAssessment(db, id);
  if (!a || !belongsToSchool(actor, a.school_id)) throw notFound('Assessment');
  assertCan(await canReadService(db, actor, a.school_id, targetOfRow(a), a.subject_id), {
    hide: true,
    what: 'Assessment',
  });
  const settings = await getSchoolSetting(db, a.school_id, GRADE_SETTINGS);
  const [pupils, grades, skills, skillResults] = await Promise.all([
    repo.findTargetPupils(db, targetOfRow(a), a.date),
    repo.findGrades(db, [a.id]),
    repo.findSkillsOf(db, [a.id]),
    repo.findSkillResults(db, [a.id]),
  ]);
  return {
    assessment: assessmentDto(
      actor,
      a,
      skills.map((s) => s.component),
      assessmentStats(toCalcAssessment(a), grades.map(toCalcGrade), settings.codeRules),
    ),
    pupils: pupils.map((p) => ({ id: p.id, firstName: p.first_name, lastName: p.last_name })),
    grades: grades.map(gradeDto),
    skillResults: skillResults.map((r) => ({ pupilId: r.pupil_id, component: r.component, level: r.level })),
  };
}

const gradeDto = (g: GradeTable) => ({
  pupilId: g.pupil_id,
  value: g.value_centi === null ? null : g.value_centi / 100,
  code: g.code,
  comment: g.comment,
});

// ---------------------------------------------------------------------------------------------- grades

/**
 * Writes grades of an assessment, all or nothing: every line is checked first (pupil of the class or group on the
 * assessment's date, a value within the scale with at most two decimals, or a code, not both); an empty line
 * (no value, no code) clears the pupil's grade.
 */
export async function putGrades(db: Db, actor: Actor, id: string, input: GradesInput) {
  const a = await loadOwnAssessment(db, actor, id);
  const members = new Set((await repo.findTargetPupils(db, targetOfRow(a), a.date)).map((p) => p.id));
  const problems: { pupilId: string; problem: string }[] = [];
  const rows: GradeTable[] = [];
  const cleared: string[] = [];
  const seen = new Set<string>();
  const now = nowIso();
  for (const g of input.grades) {
    if (seen.has(g.pupilId)) problems.push({ pupilId: g.pupilId, problem: 'DUPLICATE' });
    seen.add(g.pupilId);
    if (!members.has(g.pupilId)) {
      problems.push({ pupilId: g.pupilId, problem: 'NOT_A_PUPIL_OF_THIS_CLASS' });
      continue;
    }
    if (g.value !== null && g.code !== null) {
      problems.push({ pupilId: g.pupilId, problem: 'VALUE_AND_CODE' });
      continue;
    }
    if (g.value === null && g.code === null) {
      cleared.push(g.pupilId);
      continue;
    }
    let valueCenti: number | null = null;
    if (g.value !== null) {
      valueCenti = toCenti(g.value);
      const problem = valueCenti === null ? 'NOT_INTEGER' : checkGradeValue(valueCenti, a.scale);
      if (problem) {
        problems.push({ pupilId: g.pupilId, problem: problem === 'NOT_INTEGER' ? 'TOO_MANY_DECIMALS' : problem });
        continue;
      }
    }
    rows.push({
      assessment_id: a.id,
      pupil_id: g.pupilId,
      value_centi: valueCenti,
      code: g.code,
      comment: g.comment || null,
      updated_by: actor.personId,
      updated_at: now,
    });
  }
  if (problems.length > 0) invalid('Some grades are not valid; nothing was saved', { problems, scale: a.scale });
  await db.transaction().execute(async (trx) => {
    // Take the assessment's row first (as a scale change does), then check the scale as it is now.
    const scale = await repo.lockAssessmentScale(trx, a.id, now);
    const above = rows.filter((r) => r.value_centi !== null && (scale === undefined || r.value_centi > scale * 100));
    if (above.length > 0) {
      invalid('Some grades are not valid; nothing was saved', {
        problems: above.map((r) => ({ pupilId: r.pupil_id, problem: 'ABOVE_SCALE' })),
        scale,
      });
    }
    await repo.upsertGrades(trx, rows);
    await repo.deleteGrades(trx, a.id, cleared);
  });
  invalidateGrades(a.school_id);
  return getAssessmentDetail(db, actor, id);
}

/** Writes skill levels of an assessment, all or nothing (components the assessment evaluates, its pupils). */
export async function putSkillResults(db: Db, actor: Actor, id: string, input: SkillResultsInput) {
  const a = await loadOwnAssessment(db, actor, id);
  const members = new Set((await repo.findTargetPupils(db, targetOfRow(a), a.date)).map((p) => p.id));
  const components = new Set((await repo.findSkillsOf(db, [a.id])).map((s) => s.component));
  const problems: { pupilId: string; component: string; problem: string }[] = [];
  const rows: SkillResultTable[] = [];
  const cleared: { pupilId: string; component: string }[] = [];
  const now = nowIso();
  const seen = new Set<string>();
  for (const r of input.results) {
    const key = `${r.pupilId}:${r.component}`;
    if (seen.has(key)) problems.push({ ...r, problem: 'DUPLICATE' });
    seen.add(key);
    if (!members.has(r.pupilId)) problems.push({ ...r, problem: 'NOT_A_PUPIL_OF_THIS_CLASS' });
    else if (!components.has(r.component)) problems.push({ ...r, problem: 'COMPONENT_NOT_ASSESSED' });
    else if (r.level === null) cleared.push(r);
    else {
      rows.push({
        assessment_id: a.id,
        pupil_id: r.pupilId,
        component: r.component,
        level: r.level,
        updated_by: actor.personId,
        updated_at: now,
      });
    }
  }
  if (problems.length > 0) invalid('Some results are not valid; nothing was saved', { problems });
  await db.transaction().execute(async (trx) => {
    await repo.upsertSkillResults(trx, rows);
    await repo.deleteSkillResults(trx, a.id, cleared);
  });
  invalidateGrades(a.school_id);
  return getAssessmentDetail(db, actor, id);
}

// ---------------------------------------------------------------------------------------------- gradebook

/** A service's grade book: its pupils, assessments, grades, statistics and each pupil's average. */
export async function getGradebook(db: Executor, actor: Actor, q: GradebookQuery) {
  const target = targetOf(q);
  const s = await loadService(db, actor, { target, subjectId: q.subjectId, periodId: q.periodId });
  const canCreate = isTeacherIn(actor, s.schoolId) && (await repo.isAssigned(db, actor.personId, target, s.subject.id));
  assertCan(canCreate || (await canReadService(db, actor, s.schoolId, target, s.subject.id)), {
    hide: true,
    what: 'Class or group',
  });
  const settings = await getSchoolSetting(db, s.schoolId, GRADE_SETTINGS);
  const [pupils, assessments] = await Promise.all([
    repo.findTargetPupils(db, target, dayWithin(s.period)),
    repo.findAssessmentsOfService(db, s.period.id, target, s.subject.id),
  ]);
  const ids = assessments.map((a) => a.id);
  const [grades, skills] = await Promise.all([repo.findGrades(db, ids), repo.findSkillsOf(db, ids)]);
  const calc = assessments.map(toCalcAssessment);
  const averages = pupils.map((p) => {
    const mine = grades.filter((g) => g.pupil_id === p.id).map(toCalcGrade);
    return { pupilId: p.id, average: subjectAverage(calc, mine, settings.codeRules) };
  });
  return {
    target: { kind: s.target.kind, id: s.target.id, code: s.target.code, label: s.target.label },
    subject: { id: s.subject.id, code: s.subject.code, label: s.subject.label },
    period: periodDto(s.period),
    canCreate,
    pupils: pupils.map((p) => ({ id: p.id, firstName: p.first_name, lastName: p.last_name })),
    assessments: assessments.map((a) =>
      assessmentDto(
        actor,
        a,
        skills.filter((k) => k.assessment_id === a.id).map((k) => k.component),
        assessmentStats(
          toCalcAssessment(a),
          grades.filter((g) => g.assessment_id === a.id).map(toCalcGrade),
          settings.codeRules,
        ),
      ),
    ),
    grades: grades.map((g) => ({ assessmentId: g.assessment_id, ...gradeDto(g) })),
    averages: averages.map((x) => ({ pupilId: x.pupilId, average: fig(x.average) })),
    classStats: statsDto(classStats(averages.map((x) => x.average))),
  };
}

// ---------------------------------------------------------------------------------------------- a pupil's grades

/** What a pupil's grades look like to the actor: everything (staff, professeur principal) or what is published. */
export async function audienceFor(
  db: Executor,
  actor: Actor,
  pupilId: string,
): Promise<{ schoolId: string; audience: GradesAudience }> {
  const school = await directoryRepo.findSchoolOfPupil(db, pupilId);
  if (!school || !belongsToSchool(actor, school.id)) throw notFound('Pupil');
  const schoolId = school.id;
  if (actor.personId === pupilId && hasProfile(actor, schoolId, 'pupil')) return { schoolId, audience: 'pupil' };
  if (hasProfile(actor, schoolId, 'guardian') && (await directoryRepo.isGuardianOf(db, actor.personId, pupilId))) {
    return { schoolId, audience: 'guardian' };
  }
  if (canReadAllGrades(actor, schoolId)) return { schoolId, audience: 'staff' };
  if (isTeacherIn(actor, schoolId)) {
    const classes = await directoryRepo.findClassesOfPupils(db, [pupilId], todayInParis());
    for (const c of classes) {
      if (await repo.isPrincipalOf(db, actor.personId, c.class_id)) return { schoolId, audience: 'staff' };
    }
  }
  throw notFound('Pupil');
}

/**
 * A pupil's grades for a period. Without one: the current period, or — when nothing is graded in it yet (a period
 * that has just started) — the latest earlier period that has grades for this reader.
 */
export async function getPupilGrades(db: Executor, actor: Actor, pupilId: string, periodId?: string) {
  const first = await pupilGradesOfPeriod(db, actor, pupilId, periodId);
  const hasGrades = (g: typeof first) => g.subjects.some((s) => s.assessments.length > 0);
  if (periodId !== undefined || hasGrades(first)) return first;
  const earlier = first.periods.filter((p) => p.startsOn < first.period.startsOn).reverse();
  for (const p of earlier) {
    const g = await pupilGradesOfPeriod(db, actor, pupilId, p.id);
    if (hasGrades(g)) return g;
  }
  return first;
}

async function pupilGradesOfPeriod(db: Executor, actor: Actor, pupilId: string, periodId?: string) {
  const { schoolId, audience } = await audienceFor(db, actor, pupilId);
  const today = todayInParis();
  const year = await repo.findYearOn(db, schoolId, today);
  const periods = year ? await repo.findPeriodsOfYear(db, year.id) : [];
  const period = periodId ? periods.find((p) => p.id === periodId) : currentPeriod(periods, today);
  if (!period) throw notFound('Period');
  const person = await directoryRepo.findPersonSummary(db, pupilId);
  if (!person) throw notFound('Pupil');
  const settings = await getSchoolSetting(db, schoolId, GRADE_SETTINGS);
  const classes = await directoryRepo.findClassesOfPupils(db, [pupilId], dayWithin(period));
  const classId = classes[0]?.class_id;
  const base = {
    pupil: { id: person.id, firstName: person.first_name, lastName: person.last_name },
    period: periodDto(period),
    periods: periods.map(periodDto),
    ranksEnabled: settings.ranksEnabled,
  };
  const none = { average: null, classAverage: null, classMin: null, classMax: null, rank: null };
  if (!classId) return { ...base, subjects: [], general: none, skills: [] };

  const r =
    audience === 'staff'
      ? await computeClassResults(db, { classId, period, settings, audience })
      : await cachedClassResults(db, { classId, period, settings, audience });
  const mine = r.results.get(pupilId);
  const myGrades = new Map(
    (
      await repo.findGradesOfPupil(
        db,
        pupilId,
        r.assessments.map((a) => a.id),
      )
    ).map((g) => [g.assessment_id, g]),
  );
  const subjectById = new Map(r.subjects.map((s) => [s.id, s]));
  const skills = await skillsOfPupil(db, pupilId, r.assessments);
  return {
    ...base,
    subjects: (mine?.subjects ?? []).map((row) => {
      const stats = r.subjectStats.get(row.subjectId);
      return {
        subjectId: row.subjectId,
        subject: subjectById.get(row.subjectId)?.label ?? '',
        coefficient: subjectCoefficientCenti(settings, row.subjectId) / 100,
        teachers: row.teachers.map((t) => `${t.firstName} ${t.lastName}`),
        average: fig(row.average),
        classAverage: fig(stats?.average ?? null),
        classMin: fig(stats?.min ?? null),
        classMax: fig(stats?.max ?? null),
        rank: settings.ranksEnabled ? row.rank : null,
        assessments: r.assessments
          .filter((a) => a.subject_id === row.subjectId && myGrades.has(a.id))
          .map((a) => {
            const g = myGrades.get(a.id);
            const st = r.assessmentStats.get(a.id);
            return {
              id: a.id,
              title: a.title,
              kind: a.kind,
              date: a.date,
              scale: a.scale,
              coefficient: a.coefficient_centi / 100,
              value: g?.value_centi == null ? null : g.value_centi / 100,
              code: g?.code ?? null,
              comment: g?.comment ?? null,
              classAverage: fig(st?.average ?? null),
              classMin: fig(st?.min ?? null),
              classMax: fig(st?.max ?? null),
            };
          }),
      };
    }),
    general: {
      average: fig(mine?.general ?? null),
      classAverage: fig(r.generalStats.average),
      classMin: fig(r.generalStats.min),
      classMax: fig(r.generalStats.max),
      rank: settings.ranksEnabled ? (mine?.generalRank ?? null) : null,
    },
    skills: SKILL_COMPONENTS.filter((c) => skills.byComponent.has(c.code)).map((c) => ({
      component: c.code,
      label: c.label,
      level: skills.level(c.code),
      results: skills.byComponent.get(c.code) ?? [],
    })),
  };
}

export { isVisibleTo };
