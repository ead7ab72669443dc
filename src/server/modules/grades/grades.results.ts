import type { Executor, PeriodTable } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { invalidate, onInvalidate } from '../../lib/invalidation.ts';
import {
  assessmentStats,
  type CalcAssessment,
  type CalcGrade,
  classStats,
  type Fraction,
  generalAverage,
  ranks,
  subjectAverage,
} from './grades.calc.ts';
import type { GradesAudience } from './grades.policy.ts';
import * as repo from './grades.repo.ts';
import type { GradeSettings } from './grades.schema.ts';
import { summaryLevel } from './grades.skills.ts';

/** The day whose memberships a period's figures use: today, kept within the period. */
export const dayWithin = (period: Pick<PeriodTable, 'starts_on' | 'ends_on'>, today = todayInParis()): string =>
  today < period.starts_on ? period.starts_on : today > period.ends_on ? period.ends_on : today;

/** Whether an assessment's grades are visible to this audience at `now`. */
export function isVisibleTo(
  a: { pupils_publish_at: string; guardians_publish_at: string },
  audience: GradesAudience,
  now: string,
): boolean {
  if (audience === 'staff') return true;
  return (audience === 'pupil' ? a.pupils_publish_at : a.guardians_publish_at) <= now;
}

export const toCalcAssessment = (a: { id: string; scale: number; coefficient_centi: number }): CalcAssessment => ({
  id: a.id,
  scale: a.scale,
  coefficientCenti: a.coefficient_centi,
});
export const toCalcGrade = (g: {
  assessment_id: string;
  value_centi: number | null;
  code: CalcGrade['code'];
}): CalcGrade => ({ assessmentId: g.assessment_id, valueCenti: g.value_centi, code: g.code });

export const subjectCoefficientCenti = (settings: GradeSettings, subjectId: string): number =>
  Math.round((settings.subjectCoefficients[subjectId] ?? 1) * 100);

export interface PupilSubjectResult {
  subjectId: string;
  average: Fraction | null;
  rank: number | null;
  teachers: { id: string; firstName: string; lastName: string }[];
}

/**
 * Everything a class's figures for a period are made of, computed once: the pupils of the class, the assessments
 * given to the class or to the groups its pupils belong to (those visible to the audience), each pupil's subject and
 * general averages, the class statistics per subject and overall, per-assessment statistics, ranks (only when
 * the school enables them) and the skills summary. Used by a pupil's grades page and by report cards.
 */
export async function computeClassResults(
  db: Executor,
  o: { classId: string; period: PeriodTable; settings: GradeSettings; audience: GradesAudience; now?: string },
) {
  const now = o.now ?? new Date().toISOString();
  const day = dayWithin(o.period);
  const pupils = await repo.findTargetPupils(db, { kind: 'class', id: o.classId }, day);
  const pupilIds = pupils.map((p) => p.id);
  const memberships = await repo.findGroupMembershipsOfPupils(db, pupilIds, {
    from: o.period.starts_on,
    to: o.period.ends_on,
    schoolYearId: o.period.school_year_id,
  });
  const groupIds = [...new Set(memberships.map((m) => m.group_id))];
  const groupsOf = new Map<string, Set<string>>();
  for (const m of memberships) {
    const set = groupsOf.get(m.pupil_id) ?? new Set<string>();
    set.add(m.group_id);
    groupsOf.set(m.pupil_id, set);
  }

  const assessments = (await repo.findAssessmentsOfClass(db, o.period.id, o.classId, groupIds)).filter((a) =>
    isVisibleTo(a, o.audience, now),
  );
  const assessmentIds = assessments.map((a) => a.id);
  const grades = await repo.findGradeValues(db, assessmentIds);
  const teaching = await repo.findTeachingOfTargets(db, {
    classId: o.classId,
    groupIds,
    schoolYearId: o.period.school_year_id,
  });
  const subjectIds = [...new Set([...assessments.map((a) => a.subject_id), ...teaching.map((t) => t.subject_id)])];
  const subjects = (await repo.findSubjects(db, subjectIds)).sort((a, b) => a.label.localeCompare(b.label, 'fr'));

  const calcById = new Map(assessments.map((a) => [a.id, toCalcAssessment(a)]));
  const subjectOfAssessment = new Map(assessments.map((a) => [a.id, a.subject_id]));
  const gradesByAssessment = new Map<string, CalcGrade[]>();
  const gradesByPupil = new Map<string, typeof grades>();
  // Each pupil's grades by subject, built once (not filtered per pupil × subject).
  for (const g of grades) {
    const list = gradesByAssessment.get(g.assessment_id) ?? [];
    list.push(toCalcGrade(g));
    gradesByAssessment.set(g.assessment_id, list);
    const mine = gradesByPupil.get(g.pupil_id) ?? [];
    mine.push(g);
    gradesByPupil.set(g.pupil_id, mine);
  }
  const assessmentStatsById = new Map(
    assessments.map((a) => [
      a.id,
      assessmentStats(toCalcAssessment(a), gradesByAssessment.get(a.id) ?? [], o.settings.codeRules),
    ]),
  );

  // Each pupil: the subjects taught to their class or groups, plus any subject they were graded in.
  const results = new Map<
    string,
    { subjects: PupilSubjectResult[]; general: Fraction | null; generalRank: number | null }
  >();
  for (const p of pupils) {
    const mine = gradesByPupil.get(p.id) ?? [];
    const groups = groupsOf.get(p.id) ?? new Set<string>();
    const taught = teaching.filter((t) => t.class_id === o.classId || (t.group_id !== null && groups.has(t.group_id)));
    const graded = new Set(mine.map((g) => subjectOfAssessment.get(g.assessment_id)));
    const rows: PupilSubjectResult[] = [];
    for (const s of subjects) {
      const teachers = taught.filter((t) => t.subject_id === s.id);
      if (teachers.length === 0 && !graded.has(s.id)) continue;
      const ofSubject = mine.filter((g) => subjectOfAssessment.get(g.assessment_id) === s.id);
      const calcAssessments = ofSubject.map((g) => calcById.get(g.assessment_id)).filter((a) => a !== undefined);
      rows.push({
        subjectId: s.id,
        average: subjectAverage(calcAssessments, ofSubject.map(toCalcGrade), o.settings.codeRules),
        rank: null,
        teachers: uniqueTeachers(teachers),
      });
    }
    const general = generalAverage(
      rows.map((r) => ({ average: r.average, coefficientCenti: subjectCoefficientCenti(o.settings, r.subjectId) })),
    );
    results.set(p.id, { subjects: rows, general, generalRank: null });
  }

  // Class statistics (over the pupils of the class) and ranks.
  const subjectStats = new Map<string, ReturnType<typeof classStats>>();
  for (const s of subjects) {
    const entries = pupils
      .map((p) => ({ pupilId: p.id, row: results.get(p.id)?.subjects.find((r) => r.subjectId === s.id) }))
      .filter((e) => e.row !== undefined);
    const averages = entries.map((e) => e.row?.average ?? null);
    subjectStats.set(s.id, classStats(averages));
    if (o.settings.ranksEnabled) {
      const r = ranks(averages);
      entries.forEach((e, i) => {
        if (e.row) e.row.rank = r[i] ?? null;
      });
    }
  }
  const generals = pupils.map((p) => results.get(p.id)?.general ?? null);
  const generalStats = classStats(generals);
  if (o.settings.ranksEnabled) {
    const r = ranks(generals);
    pupils.forEach((p, i) => {
      const res = results.get(p.id);
      if (res) res.generalRank = r[i] ?? null;
    });
  }

  return {
    period: o.period,
    /** The class and groups whose assessments these figures draw on. */
    assessmentTargets: { classId: o.classId, groupIds },
    pupils,
    subjects,
    assessments,
    assessmentStats: assessmentStatsById,
    results,
    subjectStats,
    generalStats,
    settings: o.settings,
  };
}
export type ClassResults = Awaited<ReturnType<typeof computeClassResults>>;

// ---------------------------------------------------------------------------------------------- cache

/**
 * Class results as pupils and guardians see them, kept a short while: every pupil and guardian of a class reads
 * the same figures (30 pupils, ~50 guardians), and computing them costs ~20 ms. An entry lives until the earliest
 * of: CACHE_TTL_MS, the next publication time among the class's assessments (a grade becoming visible), or a
 * write to the school's grades (`invalidateGrades`), in this process or another (lib/invalidation.ts).
 * Staff figures (and report cards) are never cached.
 */
const CACHE_TTL_MS = 20_000;
const CACHE_MAX = 400;
const cache = new Map<string, { until: number; generation: number; value: ClassResults }>();
const generations = new Map<string, number>();

onInvalidate('grades', (schoolId) => {
  generations.set(schoolId, (generations.get(schoolId) ?? 0) + 1);
});

export function invalidateGrades(schoolId: string): void {
  invalidate('grades', schoolId);
}

export async function cachedClassResults(
  db: Executor,
  o: { classId: string; period: PeriodTable; settings: GradeSettings; audience: 'pupil' | 'guardian' },
): Promise<ClassResults> {
  const key = `${o.classId}:${o.period.id}:${o.audience}`;
  const generation = generations.get(o.period.school_id) ?? 0;
  const nowMs = Date.now();
  const hit = cache.get(key);
  if (hit && hit.until > nowMs && hit.generation === generation) {
    cache.delete(key);
    cache.set(key, hit); // most recently used last
    return hit.value;
  }
  const now = new Date(nowMs).toISOString();
  const value = await computeClassResults(db, { ...o, now });
  const column = o.audience === 'pupil' ? 'pupils_publish_at' : 'guardians_publish_at';
  const next = (await repo.nextPublicationAfter(db, o.period.id, value.assessmentTargets, column, now)) ?? null;
  const until = Math.min(nowMs + CACHE_TTL_MS, next ? Date.parse(next) : Number.POSITIVE_INFINITY);
  cache.set(key, { until, generation, value });
  if (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value as string);
  return value;
}

function uniqueTeachers(rows: readonly { teacher_id: string; first_name: string; last_name: string }[]) {
  const seen = new Map<string, { id: string; firstName: string; lastName: string }>();
  for (const t of rows) seen.set(t.teacher_id, { id: t.teacher_id, firstName: t.first_name, lastName: t.last_name });
  return [...seen.values()];
}

/** A pupil's skills over a period: for each component assessed, the results and the summary level. */
export async function skillsOfPupil(db: Executor, pupilId: string, assessments: ClassResults['assessments']) {
  const results = await repo.findSkillResultsOfPupil(
    db,
    pupilId,
    assessments.map((a) => a.id),
  );
  const byId = new Map(assessments.map((a) => [a.id, a]));
  const byComponent = new Map<string, { assessmentId: string; title: string; date: string; level: number }[]>();
  for (const r of results) {
    const a = byId.get(r.assessment_id);
    if (!a) continue;
    const list = byComponent.get(r.component) ?? [];
    list.push({ assessmentId: a.id, title: a.title, date: a.date, level: r.level });
    byComponent.set(r.component, list);
  }
  return {
    byComponent,
    level: (component: string) => summaryLevel((byComponent.get(component) ?? []).map((x) => x.level)),
  };
}
