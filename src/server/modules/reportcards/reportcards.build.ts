import type { Executor, PeriodTable } from '../../db/types.ts';
import { getSchoolSetting } from '../../lib/school-settings.ts';
import { summariseAttendance } from '../attendance/attendance.followup.ts';
import { type Fraction, formatFr } from '../grades/grades.calc.ts';
import * as gradesRepo from '../grades/grades.repo.ts';
import { computeClassResults, subjectCoefficientCenti } from '../grades/grades.results.ts';
import { GRADE_SETTINGS } from '../grades/grades.service.ts';
import { SKILL_COMPONENTS, summaryLevel } from '../grades/grades.skills.ts';
import * as repo from './reportcards.repo.ts';
import type { ReportCardSnapshot } from './reportcards.snapshot.ts';

const fr = (f: Fraction | null): string | null => (f === null ? null : formatFr(f));
const coefficientText = (centi: number): string => formatFr({ num: BigInt(centi), den: 100n }).replace(/,00$/, '');
const teacherName = (t: { firstName: string; lastName: string }) => `${t.firstName.charAt(0)}. ${t.lastName}`;

/**
 * The report cards of a class for a period, as they would be published at `publishedAt`: every figure computed
 * once for the class from the grades visible to guardians at that time, the appreciations, the class
 * council, the vie scolaire summary and the skills. `pupilIds` restricts the output (a single pupil's preview).
 */
export async function buildClassSnapshots(
  db: Executor,
  o: { classId: string; period: PeriodTable; publishedAt: string; pupilIds?: readonly string[] },
): Promise<ReportCardSnapshot[]> {
  const cls = await repo.getClass(db, o.classId);
  if (!cls) return [];
  const [school, year, settings, principals, head] = await Promise.all([
    repo.getSchool(db, cls.school_id),
    gradesRepo.getSchoolYear(db, o.period.school_year_id),
    getSchoolSetting(db, cls.school_id, GRADE_SETTINGS),
    gradesRepo.findPrincipalsOfClass(db, o.classId),
    repo.findPrincipalOfSchool(db, cls.school_id),
  ]);
  // Only grades the guardians may see by the publication date count: a grade due later never shows through a
  // report card (its average, the class figures, the ranks or the skills).
  const r = await computeClassResults(db, {
    classId: o.classId,
    period: o.period,
    settings,
    audience: 'guardian',
    now: o.publishedAt,
  });
  const pupils = o.pupilIds ? r.pupils.filter((p) => o.pupilIds?.includes(p.id)) : r.pupils;
  const ids = pupils.map((p) => p.id);
  const [appreciations, council, attendance, skillResults] = await Promise.all([
    repo.findAppreciations(db, o.period.id, ids),
    repo.findCouncilDecisions(db, o.period.id, ids),
    summariseAttendance(db, cls.school_id, ids, o.period.starts_on, o.period.ends_on),
    gradesRepo.findSkillResults(
      db,
      r.assessments.map((a) => a.id),
    ),
  ]);
  const appreciationOf = new Map(appreciations.map((a) => [`${a.pupil_id}:${a.subject_id}`, a.text]));
  const councilOf = new Map(council.map((c) => [c.pupil_id, c]));
  const subjectOf = new Map(r.subjects.map((s) => [s.id, s]));
  const levels = new Map<string, number[]>();
  for (const s of skillResults) {
    const key = `${s.pupil_id}:${s.component}`;
    levels.set(key, [...(levels.get(key) ?? []), s.level]);
  }

  return pupils.map((p) => {
    const res = r.results.get(p.id);
    const c = councilOf.get(p.id);
    const a = attendance.get(p.id) ?? { absenceHalfDays: 0, unjustifiedHalfDays: 0, lateness: 0 };
    return {
      version: 1 as const,
      school: { name: school.name, uai: school.uai, town: school.town, academie: school.academie },
      year: year?.label ?? '',
      period: { id: o.period.id, label: o.period.label, startsOn: o.period.starts_on, endsOn: o.period.ends_on },
      pupil: { id: p.id, firstName: p.first_name, lastName: p.last_name, birthDate: p.birth_date },
      class: { id: cls.id, code: cls.code, label: cls.label, pupilCount: r.pupils.length },
      principalTeachers: principals.map((t) => teacherName({ firstName: t.first_name, lastName: t.last_name })),
      subjects: (res?.subjects ?? []).map((row) => {
        const st = r.subjectStats.get(row.subjectId);
        return {
          subjectId: row.subjectId,
          subject: subjectOf.get(row.subjectId)?.label ?? '',
          teachers: row.teachers.map(teacherName),
          coefficient: coefficientText(subjectCoefficientCenti(settings, row.subjectId)),
          average: fr(row.average),
          classAverage: fr(st?.average ?? null),
          classMin: fr(st?.min ?? null),
          classMax: fr(st?.max ?? null),
          rank: settings.ranksEnabled ? row.rank : null,
          appreciation: appreciationOf.get(`${p.id}:${row.subjectId}`) ?? '',
        };
      }),
      general: {
        average: fr(res?.general ?? null),
        classAverage: fr(r.generalStats.average),
        classMin: fr(r.generalStats.min),
        classMax: fr(r.generalStats.max),
        rank: settings.ranksEnabled ? (res?.generalRank ?? null) : null,
      },
      attendance: a,
      skills: SKILL_COMPONENTS.map((k) => ({
        component: k.code,
        label: k.label,
        level: summaryLevel(levels.get(`${p.id}:${k.code}`) ?? []),
      })),
      council: { generalAppreciation: c?.general_appreciation ?? '', decision: c?.decision ?? null },
      principal: head ? { name: `${head.first_name} ${head.last_name}` } : null,
      publishedAt: o.publishedAt,
    };
  });
}
