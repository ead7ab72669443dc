/**
 * Demo grades for the first trimester of a school whose timetable (and, ideally, attendance) is seeded: 4 to 7
 * assessments per teaching assignment on days the class has the subject, a grade for every member, socle
 * components on about a third of the assessments, the teachers' appreciations (a few still missing in a couple of
 * classes) and the class council's general appreciation and decision. Grades come from a per-pupil ability, a
 * per-pupil-and-subject offset and a per-assessment difficulty, so that averages spread as in a real collège.
 * Deterministic: every choice comes from an Rng seeded with stable names (logins, class and subject codes),
 * never from ids or Math.random. No report card is published here.
 */
import type {
  AppreciationTable,
  AssessmentSkillTable,
  AssessmentTable,
  CouncilDecision,
  CouncilDecisionTable,
  Executor,
  GradeCodeColumn,
  GradeTable,
  SkillResultTable,
} from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { parisInstant } from '../modules/attendance/attendance.halfdays.ts';
import { addDays, eachDate, weekdayOf } from '../modules/timetable/timetable.calendar.ts';
import * as timetableRepo from '../modules/timetable/timetable.repo.ts';
import { getYearCalendar } from '../modules/timetable/timetable.service.ts';
import { Rng } from './random.ts';

export interface GradesSeedOptions {
  schoolId: string;
  /** 'YYYY-MM-DD' in Europe/Paris: assessments are dated up to this day when the trimester is under way. */
  today: string;
  /** Instant written on appreciations and council decisions. */
  now: string;
  /** The trimester (1 by default); a whole year seeds 1, 2 and 3 one after the other. */
  period?: number;
}

type Kind = 'devoir_surveille' | 'interrogation' | 'devoir_maison' | 'oral' | 'tp' | 'evaluation_competences';

/** An assessment model: the title ({ch} chapter, {k} chapter number, {n} running number of this title), kind, scale. */
interface Model {
  title: string;
  kind: Kind;
  weight: number;
  /** Default: 20. */
  scale?: number;
}

interface SubjectBank {
  chapters: readonly string[];
  models: readonly Model[];
  /** Socle components this subject assesses (D2 can be added to any). */
  skills: readonly string[];
  /** Grades are centred on 12/20 plus this, and spread by `spread` points per standard deviation of ability. */
  shift: number;
  spread: number;
}

const LANGUAGE_MODELS: readonly Model[] = [
  { title: 'Évaluation de compréhension orale', kind: 'evaluation_competences', weight: 3 },
  { title: 'Compréhension écrite — {ch}', kind: 'devoir_surveille', weight: 3 },
  { title: 'Interrogation de vocabulaire — {ch}', kind: 'interrogation', weight: 3, scale: 10 },
  { title: 'Expression orale — présentation', kind: 'oral', weight: 2 },
  { title: 'Contrôle de grammaire', kind: 'devoir_surveille', weight: 2 },
  { title: 'Devoir maison n°{n}', kind: 'devoir_maison', weight: 1 },
];

const GENERIC: SubjectBank = {
  chapters: ['La découverte du thème', 'L’approfondissement', 'Le projet de la période'],
  models: [
    { title: 'Évaluation — {ch}', kind: 'devoir_surveille', weight: 3 },
    { title: 'Interrogation écrite', kind: 'interrogation', weight: 2, scale: 10 },
    { title: 'Exposé', kind: 'oral', weight: 1 },
    { title: 'Devoir maison n°{n}', kind: 'devoir_maison', weight: 1 },
  ],
  skills: ['D2'],
  shift: 0,
  spread: 3,
};

/** By subject code (the codes of the demo generator); other subjects use GENERIC. */
const BANKS: Record<string, SubjectBank> = {
  FRANCAIS: {
    chapters: ['Le récit d’aventure', 'La poésie lyrique', 'Le théâtre : Molière', 'Se raconter, se représenter'],
    models: [
      { title: 'Dictée', kind: 'interrogation', weight: 3, scale: 10 },
      { title: 'Dictée préparée', kind: 'interrogation', weight: 1, scale: 10 },
      { title: 'Contrôle de lecture — {ch}', kind: 'devoir_surveille', weight: 3 },
      { title: 'Rédaction : écrire la suite d’un récit', kind: 'devoir_surveille', weight: 2 },
      { title: 'Évaluation de grammaire — les propositions relatives', kind: 'interrogation', weight: 2 },
      { title: 'Récitation de poésie', kind: 'oral', weight: 1 },
      { title: 'Devoir maison n°{n} — {ch}', kind: 'devoir_maison', weight: 2 },
      { title: 'Évaluation de compétences — lire et comprendre un texte', kind: 'evaluation_competences', weight: 1 },
    ],
    skills: ['D1.1'],
    shift: 0,
    spread: 3.1,
  },
  MATHEMATIQUES: {
    chapters: ['Les fractions', 'Les nombres relatifs', 'La proportionnalité', 'Les triangles', 'Le calcul littéral'],
    models: [
      { title: 'Contrôle chapitre {k} — {ch}', kind: 'devoir_surveille', weight: 4 },
      { title: 'Interrogation écrite — {ch}', kind: 'interrogation', weight: 3, scale: 10 },
      { title: 'QCM — {ch}', kind: 'interrogation', weight: 1, scale: 100 },
      { title: 'Questions flash — {ch}', kind: 'interrogation', weight: 1, scale: 10 },
      { title: 'Devoir maison n°{n}', kind: 'devoir_maison', weight: 2 },
      { title: 'Évaluation de compétences — raisonner et modéliser', kind: 'evaluation_competences', weight: 1 },
    ],
    skills: ['D1.3', 'D4'],
    shift: -0.3,
    spread: 3.6,
  },
  'HISTOIRE-GEOGRAPHIE': {
    chapters: [
      'La Révolution française',
      'L’Empire napoléonien',
      'L’urbanisation du monde',
      'L’Europe et le monde au XIXe siècle',
      'Habiter une métropole',
    ],
    models: [
      { title: 'Contrôle — {ch}', kind: 'devoir_surveille', weight: 4 },
      { title: 'Interrogation — repères chronologiques', kind: 'interrogation', weight: 2, scale: 10 },
      { title: 'Croquis : les espaces urbains', kind: 'devoir_maison', weight: 1 },
      { title: 'Exposé — {ch}', kind: 'oral', weight: 2 },
      { title: 'EMC : débat réglé sur la liberté d’expression', kind: 'oral', weight: 1 },
      { title: 'Évaluation de compétences — analyser un document', kind: 'evaluation_competences', weight: 1 },
    ],
    skills: ['D5', 'D3'],
    shift: 0,
    spread: 3.1,
  },
  'ANGLAIS LV1': {
    chapters: ['Daily routine', 'Around the world', 'London calling', 'Heroes and legends'],
    models: [...LANGUAGE_MODELS, { title: 'Vocabulary test — {ch}', kind: 'interrogation', weight: 2, scale: 10 }],
    skills: ['D1.2'],
    shift: 0.2,
    spread: 3.2,
  },
  SVT: {
    chapters: ['La respiration', 'Les êtres vivants et leur milieu', 'La digestion', 'Les séismes'],
    models: [
      { title: 'Contrôle — {ch}', kind: 'devoir_surveille', weight: 3 },
      { title: 'TP : observation au microscope', kind: 'tp', weight: 2 },
      { title: 'Interrogation — {ch}', kind: 'interrogation', weight: 2, scale: 10 },
      { title: 'Compte rendu d’activité expérimentale', kind: 'tp', weight: 1 },
      { title: 'QCM — {ch}', kind: 'interrogation', weight: 1, scale: 100 },
    ],
    skills: ['D4', 'D1.3'],
    shift: 0.3,
    spread: 3,
  },
  'PHYSIQUE-CHIMIE': {
    chapters: ['Les états de la matière', 'Les circuits électriques', 'Les mélanges', 'La lumière'],
    models: [
      { title: 'Contrôle — {ch}', kind: 'devoir_surveille', weight: 3 },
      { title: 'TP : {ch}', kind: 'tp', weight: 2 },
      { title: 'Interrogation écrite — {ch}', kind: 'interrogation', weight: 2, scale: 10 },
      { title: 'QCM — {ch}', kind: 'interrogation', weight: 1, scale: 100 },
    ],
    skills: ['D4', 'D1.3'],
    shift: 0,
    spread: 3.2,
  },
  TECHNOLOGIE: {
    chapters: ['Les objets techniques', 'La programmation avec Scratch', 'Les matériaux'],
    models: [
      { title: 'Projet : {ch}', kind: 'tp', weight: 3 },
      { title: 'Évaluation — {ch}', kind: 'devoir_surveille', weight: 2 },
      { title: 'QCM — {ch}', kind: 'interrogation', weight: 2, scale: 100 },
    ],
    skills: ['D4', 'D1.3'],
    shift: 0.8,
    spread: 2.8,
  },
  'ARTS PLASTIQUES': {
    chapters: ['L’objet et l’œuvre', 'La représentation', 'La matérialité de l’œuvre'],
    models: [
      { title: 'Production plastique — {ch}', kind: 'tp', weight: 3 },
      { title: 'Présentation orale de sa production', kind: 'oral', weight: 2 },
      { title: 'Évaluation de compétences — expérimenter, produire, créer', kind: 'evaluation_competences', weight: 1 },
    ],
    skills: ['D1.4'],
    shift: 1.6,
    spread: 2.3,
  },
  'EDUCATION MUSICALE': {
    chapters: ['La voix et le chant', 'Musique et image', 'Le timbre et l’espace'],
    models: [
      { title: 'Interprétation vocale — {ch}', kind: 'oral', weight: 3 },
      { title: 'Écoute commentée', kind: 'interrogation', weight: 2 },
      { title: 'Évaluation de compétences — écouter, comparer, commenter', kind: 'evaluation_competences', weight: 1 },
    ],
    skills: ['D1.4'],
    shift: 1.5,
    spread: 2.3,
  },
  EPS: {
    chapters: ['Demi-fond', 'Badminton', 'Acrosport', 'Handball'],
    models: [
      { title: '{ch} — évaluation de fin de cycle', kind: 'evaluation_competences', weight: 2 },
      { title: '{ch} — évaluation intermédiaire', kind: 'tp', weight: 2 },
      { title: '{ch} — projet collectif', kind: 'oral', weight: 1 },
    ],
    skills: ['D1.4'],
    shift: 2,
    spread: 2.2,
  },
  'LCA LATIN': {
    chapters: ['La famille romaine', 'Les dieux et les héros', 'La ville de Rome'],
    models: [
      { title: 'Version latine', kind: 'devoir_surveille', weight: 2 },
      { title: 'Interrogation — les déclinaisons', kind: 'interrogation', weight: 2, scale: 10 },
      { title: 'Exposé — {ch}', kind: 'oral', weight: 1 },
    ],
    skills: ['D1.1', 'D5'],
    shift: 1.2,
    spread: 2.8,
  },
};
const LV2_CHAPTERS = ['Se présenter', 'La vie au collège', 'Les loisirs', 'Les fêtes et traditions'];
const bankOf = (code: string): SubjectBank =>
  BANKS[code] ??
  (code.endsWith('LV2')
    ? { chapters: LV2_CHAPTERS, models: LANGUAGE_MODELS, skills: ['D1.2'], shift: 0.3, spread: 3 }
    : GENERIC);

const GRADE_COMMENTS = {
  high: ['Très bon travail', 'Excellent !', 'Bravo, copie très soignée', 'Très bonne maîtrise du sujet'],
  mid: [
    'Copie rendue en retard',
    'Bon travail, attention à l’orthographe',
    'Des progrès, continuez',
    'Soin à améliorer',
  ],
  low: ['Leçon non apprise', 'Attention aux erreurs d’inattention', 'Il faut revoir la méthode', 'Travail trop rapide'],
};

/** The teachers' appreciations, by level of the pupil in the subject (0 = very weak ... 4 = excellent). */
const APPRECIATIONS: ReadonlyArray<readonly string[]> = [
  [
    'Des résultats très insuffisants.',
    'Un trimestre très difficile : les bases ne sont pas acquises.',
    'De grandes difficultés et un travail personnel insuffisant.',
  ],
  [
    'Des résultats fragiles ; il faut apprendre les leçons plus régulièrement.',
    'Un trimestre en demi-teinte : les notions essentielles restent à consolider.',
    'Des résultats irréguliers. Le travail à la maison doit être plus sérieux.',
  ],
  [
    'Des résultats satisfaisants dans l’ensemble.',
    'Un trimestre correct ; la participation orale peut encore progresser.',
    'Un travail sérieux qui porte ses fruits ; attention aux oublis de leçons.',
  ],
  [
    'Un bon trimestre : un travail sérieux et régulier.',
    'De bons résultats et une participation active en classe.',
    'Un travail sérieux et impliqué, de bonnes connaissances.',
  ],
  [
    'Un excellent trimestre, un travail remarquable.',
    'Des résultats excellents et une participation toujours pertinente.',
    'Un très bon travail, sérieux et approfondi.',
  ],
];
const ADVICE: ReadonlyArray<readonly string[]> = [
  [
    'Il faut se mettre au travail sans attendre.',
    'N’hésitez pas à demander de l’aide et à venir à l’aide aux devoirs.',
    'Un investissement bien plus important est indispensable.',
  ],
  [
    'Il faut persévérer et reprendre les exercices corrigés.',
    'Des efforts sont attendus au prochain trimestre.',
    'Il faut davantage participer et poser des questions.',
  ],
  ['Continuez ainsi.', 'Il faut maintenir ces efforts.', 'Encore un peu plus de rigueur et ce sera très bien.'],
  ['Continuez ainsi.', 'C’est encourageant, poursuivez vos efforts.', 'Poursuivez dans cette voie.'],
  ['Continuez ainsi.', 'Félicitations.', 'Bravo !'],
];
const BEHAVIOUR = [
  'Le bavardage nuit au travail en classe.',
  'L’attitude en classe doit changer.',
  'Le comportement perturbe trop souvent le cours.',
];

/** The class council's general appreciation, by general level (0 ... 4), then by decision when it says more. */
const GENERAL: ReadonlyArray<readonly string[]> = [
  [
    'Un trimestre très insuffisant dans la plupart des matières. Un sursaut est indispensable dès à présent.',
    'Des résultats très faibles, faute d’un travail personnel suffisant. Le conseil attend une réaction rapide.',
  ],
  [
    'Un trimestre fragile. Les efforts doivent être plus réguliers pour consolider les bases.',
    'Des résultats inégaux selon les matières. Il faut travailler plus régulièrement les leçons.',
  ],
  [
    'Un trimestre satisfaisant dans l’ensemble. Il faut poursuivre les efforts engagés.',
    'Des résultats corrects. Avec plus de régularité, des progrès sont possibles dans toutes les matières.',
  ],
  [
    'Un bon trimestre, sérieux et régulier. Continuez ainsi.',
    'De bons résultats et une attitude positive en classe. Le conseil vous encourage à poursuivre.',
  ],
  [
    'Un excellent trimestre dans toutes les matières. Bravo !',
    'Un travail remarquable et une participation exemplaire. Continuez ainsi.',
  ],
];
const DECISION_TEXT = {
  encouragements: 'Des efforts réels ce trimestre : le conseil les encourage.',
  mise_en_garde_travail: 'Le conseil de classe met en garde sur le manque de travail.',
  mise_en_garde_comportement:
    'Le comportement en classe n’est pas acceptable : le conseil de classe adresse une mise en garde.',
} as const;

/** How many variables one insert statement may carry: below SQLite's and PostgreSQL's limits, with room. */
const MAX_VARIABLES = 8000;
async function insertChunked(
  db: Executor,
  table: 'assessments' | 'grades' | 'assessment_skills' | 'skill_results' | 'appreciations' | 'council_decisions',
  rows: readonly object[],
) {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(MAX_VARIABLES / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as never)
      .execute();
  }
}

/** A standard normal draw (Box–Muller). */
const gauss = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** A level 0..4 from an average out of 20. */
const tierOf = (avg20: number) => (avg20 < 7 ? 0 : avg20 < 10 ? 1 : avg20 < 13 ? 2 : avg20 < 16 ? 3 : 4);

interface Audience {
  id: string;
  code: string;
  isClass: boolean;
}
interface Assignment {
  teacherId: string;
  teacherLogin: string;
  subjectId: string;
  subjectCode: string;
  audience: Audience;
}
interface Pupil {
  id: string;
  login: string;
  ability: number;
  /** Low is trouble in class: the few lowest get behaviour remarks and the council's warning. */
  behaviour: number;
  /** An injury window (EPS: DISP), as [from, to], or null. */
  injury: readonly [string, string] | null;
}

/** Seeds a trimester's grades (T1 by default), skills, appreciations and council decisions of a timetabled school. */
export async function seedGrades(db: Executor, o: GradesSeedOptions): Promise<Record<string, number>> {
  const year = await timetableRepo.findYearOfSchool(db, o.schoolId, o.today);
  if (!year) return {};
  const [period, calendar] = await Promise.all([
    db
      .selectFrom('periods')
      .selectAll()
      .where('school_year_id', '=', year.id)
      .where('kind', '=', 'trimestre')
      .where('number', '=', o.period ?? 1)
      .executeTakeFirst(),
    getYearCalendar(db, year.id),
  ]);
  if (!period || !calendar) return {};
  // T1 keeps the names it always had (the demo's draws); later trimesters draw afresh for the same pupils.
  const t = (o.period ?? 1) === 1 ? '' : `:T${o.period}`;
  const cal = calendar.cal;

  const [
    assignmentRows,
    classes,
    groups,
    classRows,
    groupRows,
    pupilRows,
    courses,
    courseGroups,
    principals,
    absences,
  ] = await Promise.all([
    db
      .selectFrom('teaching_assignments as ta')
      .innerJoin('subjects as s', 's.id', 'ta.subject_id')
      .innerJoin('people as p', 'p.id', 'ta.teacher_id')
      .select(['ta.teacher_id', 'p.login', 'ta.subject_id', 's.code as subject_code', 'ta.class_id', 'ta.group_id'])
      .where('ta.school_year_id', '=', year.id)
      .execute(),
    db.selectFrom('classes').select(['id', 'code']).where('school_year_id', '=', year.id).execute(),
    db.selectFrom('groups').select(['id', 'code']).where('school_year_id', '=', year.id).execute(),
    db
      .selectFrom('class_memberships as m')
      .innerJoin('classes as c', 'c.id', 'm.class_id')
      .select(['m.class_id as id', 'm.pupil_id'])
      .where('c.school_year_id', '=', year.id)
      .where('m.ends_on', 'is', null)
      .execute(),
    db
      .selectFrom('group_memberships as m')
      .innerJoin('groups as g', 'g.id', 'm.group_id')
      .select(['m.group_id as id', 'm.pupil_id'])
      .where('g.school_year_id', '=', year.id)
      .where('m.ends_on', 'is', null)
      .execute(),
    db
      .selectFrom('profiles as pr')
      .innerJoin('people as p', 'p.id', 'pr.person_id')
      .select(['p.id', 'p.login'])
      .where('pr.school_id', '=', o.schoolId)
      .where('pr.kind', '=', 'pupil')
      .execute(),
    db
      .selectFrom('courses')
      .select(['id', 'subject_id', 'class_id', 'weekday', 'weeks', 'valid_from', 'valid_to'])
      .where('school_year_id', '=', year.id)
      .execute(),
    db
      .selectFrom('course_groups as cg')
      .innerJoin('courses as c', 'c.id', 'cg.course_id')
      .select(['cg.course_id', 'cg.group_id'])
      .where('c.school_year_id', '=', year.id)
      .execute(),
    db
      .selectFrom('class_principals as cp')
      .innerJoin('classes as c', 'c.id', 'cp.class_id')
      .select(['cp.class_id', 'cp.teacher_id'])
      .where('c.school_year_id', '=', year.id)
      .execute(),
    // Absences already seeded: a pupil absent that day gets ABS rather than a grade.
    db
      .selectFrom('attendance_events')
      .select(['pupil_id', 'date_from', 'date_to'])
      .where('school_id', '=', o.schoolId)
      .where('kind', '=', 'absence')
      .where('date_from', '<=', period.ends_on)
      .where('date_to', '>=', period.starts_on)
      .execute(),
  ]);
  if (assignmentRows.length === 0 || pupilRows.length === 0) return {};

  const classCode = new Map(classes.map((c) => [c.id, c.code]));
  const groupCode = new Map(groups.map((g) => [g.id, g.code]));
  const membersOf = (rows: Array<{ id: string; pupil_id: string }>) => {
    const by = new Map<string, string[]>();
    for (const r of rows) {
      const list = by.get(r.id);
      if (list) list.push(r.pupil_id);
      else by.set(r.id, [r.pupil_id]);
    }
    return by;
  };
  const ofClass = membersOf(classRows);
  const ofGroup = membersOf(groupRows);
  const classOfPupil = new Map(classRows.map((r) => [r.pupil_id, r.id]));

  // Dates of the trimester the grades fall in: up to today while the trimester is under way, from its second week.
  const weekdays = (from: string, to: string) =>
    eachDate(from, to).filter((d) => weekdayOf(d) <= 5 && cal.isSchoolDay(d));
  const start = addDays(period.starts_on, 7);
  let end = [period.ends_on, o.today].sort()[0]!;
  if (weekdays(start, end).length < 20) end = period.ends_on;
  const schoolDays = weekdays(start, end);
  if (schoolDays.length === 0) return {};
  const absentOn = new Set<string>();
  for (const a of absences) {
    for (const d of eachDate([a.date_from, start].sort()[1]!, [a.date_to, end].sort()[0]!)) {
      absentOn.add(`${a.pupil_id}|${d}`);
    }
  }
  // Before the attendance seed's first absence, absences are drawn here instead.
  const attendanceFrom = absences.map((a) => a.date_from).sort()[0] ?? '9999-12-31';

  // The days each class or group has each subject, from the timetable.
  const groupsOfCourse = membersOf(courseGroups.map((cg) => ({ id: cg.course_id, pupil_id: cg.group_id })));
  const daysOf = new Map<string, Set<string>>();
  for (const c of courses) {
    const dates = cal.datesOf(
      { weekday: c.weekday, weeks: c.weeks, validFrom: c.valid_from, validTo: c.valid_to },
      start,
      end,
    );
    for (const audienceId of [...(c.class_id ? [c.class_id] : []), ...(groupsOfCourse.get(c.id) ?? [])]) {
      const k = `${audienceId}|${c.subject_id}`;
      const set = daysOf.get(k) ?? new Set<string>();
      for (const d of dates) set.add(d);
      daysOf.set(k, set);
    }
  }

  // Pupils: ability (general level), behaviour, an occasional injury that keeps them out of EPS for a while.
  const pupils = new Map<string, Pupil>();
  for (const p of pupilRows) {
    const rng = new Rng(`grades:pupil:${p.login}`);
    const ability = clamp(gauss(rng), -2.6, 2.6);
    const behaviour = rng.next();
    let injury: Pupil['injury'] = null;
    if (rng.chance(0.05)) {
      const from = schoolDays[rng.int(0, schoolDays.length - 1)]!;
      injury = [from, addDays(from, rng.int(10, 30))];
    }
    pupils.set(p.id, { id: p.id, login: p.login, ability, behaviour, injury });
  }
  // Classes are made heterogeneous on purpose: most of a class's luck of the draw is evened out, a little stays.
  for (const members of ofClass.values()) {
    const inClass = members.map((id) => pupils.get(id)).filter((p) => p !== undefined);
    const mean = inClass.reduce((sum, p) => sum + p.ability, 0) / Math.max(1, inClass.length);
    for (const p of inClass) p.ability -= 0.75 * mean;
  }
  const byLogin = (a: string, b: string) => pupils.get(a)!.login.localeCompare(pupils.get(b)!.login);
  const offsets = new Map<string, number>();
  const subjectOffset = (pupil: Pupil, subjectCode: string) => {
    const k = `${pupil.id}|${subjectCode}`;
    let v = offsets.get(k);
    if (v === undefined) {
      v = gauss(new Rng(`grades:offset:${pupil.login}:${subjectCode}`)) * 0.5;
      offsets.set(k, v);
    }
    return v;
  };

  const assignments: Assignment[] = assignmentRows
    .map((r) => ({
      teacherId: r.teacher_id,
      teacherLogin: r.login,
      subjectId: r.subject_id,
      subjectCode: r.subject_code,
      audience: r.class_id
        ? { id: r.class_id, code: classCode.get(r.class_id) ?? r.class_id, isClass: true }
        : { id: r.group_id!, code: groupCode.get(r.group_id!) ?? r.group_id!, isClass: false },
    }))
    .sort(
      (a, b) =>
        a.audience.code.localeCompare(b.audience.code) ||
        a.subjectCode.localeCompare(b.subjectCode) ||
        a.teacherLogin.localeCompare(b.teacherLogin),
    );

  // Paris wall clock to UTC is costly (Intl); a trimester has few dates.
  const instants = new Map<string, string>();
  const instant = (date: string, hhmm: string) => {
    const k = `${date}T${hhmm}`;
    let v = instants.get(k);
    if (v === undefined) {
      v = parisInstant(date, hhmm).toISOString();
      instants.set(k, v);
    }
    return v;
  };
  const assessments: AssessmentTable[] = [];
  const grades: GradeTable[] = [];
  const assessmentSkills: AssessmentSkillTable[] = [];
  const skillResults: SkillResultTable[] = [];
  /** Σ coefficient × grade/20 and Σ coefficient, per pupil and subject taught, for appreciations and the council. */
  const sums = new Map<string, { weighted: number; coefficients: number; teacherId: string; fromClass: boolean }>();

  for (const a of assignments) {
    const bank = bankOf(a.subjectCode);
    const name = `${a.audience.code}:${a.subjectCode}:${a.teacherLogin}`;
    const rng = new Rng(`grades${t}:${name}`);
    const members = (a.audience.isClass ? ofClass : ofGroup).get(a.audience.id) ?? [];
    if (members.length === 0) continue;
    members.sort(byLogin);
    const timetabled = [...(daysOf.get(`${a.audience.id}|${a.subjectId}`) ?? [])].sort();
    const days = timetabled.length >= 4 ? timetabled : schoolDays;
    const n = Math.min(days.length, rng.int(4, 7));
    const teacherSeverity = gauss(rng) * 0.35;
    // Teachers vary their assessments: a model already used is less likely to come again.
    const used = new Map<Model, number>();
    const titles = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const date = days[rng.int(Math.floor((i * days.length) / n), Math.floor(((i + 1) * days.length) / n) - 1)]!;
      const model = rng.weighted(bank.models.map((m) => [m, m.weight / (1 + 2 * (used.get(m) ?? 0))] as const));
      const number = (used.get(model) ?? 0) + 1;
      used.set(model, number);
      const chapterIndex = Math.min(bank.chapters.length - 1, Math.floor((i * bank.chapters.length) / n));
      const chapter = bank.chapters[chapterIndex]!;
      const base = model.title
        .replace('{ch}', chapter)
        .replace('{k}', String(chapterIndex + 1))
        .replace('{n}', String(number));
      // The same title twice (« Dictée », « Dictée n°2 »): numbered from the second.
      const repeat = (titles.get(base) ?? 0) + 1;
      titles.set(base, repeat);
      const title = repeat === 1 ? base : `${base} n°${repeat}`;
      const scale = model.scale ?? 20;
      const coefficientCenti =
        model.kind === 'devoir_surveille' && rng.chance(0.35)
          ? 200
          : (model.kind === 'interrogation' || model.kind === 'devoir_maison') && rng.chance(0.3)
            ? 50
            : 100;
      const publishAt = instant(date, '18:00');
      const writtenAt = instant(date, '17:00');
      const id = newId();
      assessments.push({
        id,
        school_id: o.schoolId,
        period_id: period.id,
        subject_id: a.subjectId,
        class_id: a.audience.isClass ? a.audience.id : null,
        group_id: a.audience.isClass ? null : a.audience.id,
        teacher_id: a.teacherId,
        title,
        kind: model.kind,
        date,
        scale,
        coefficient_centi: coefficientCenti,
        description: null,
        pupils_publish_at: publishAt,
        guardians_publish_at: publishAt,
        created_at: instant(date, '08:00'),
        updated_at: writtenAt,
      });
      const components: string[] = [];
      if (model.kind === 'evaluation_competences' || rng.chance(0.28)) {
        components.push(rng.pick(bank.skills));
        if (rng.chance(0.4)) {
          const second = rng.pick([...bank.skills, 'D2']);
          if (!components.includes(second)) components.push(second);
        }
        for (const component of components) assessmentSkills.push({ assessment_id: id, component });
      }
      const difficulty = gauss(rng) * 1.1 + teacherSeverity;
      // Scale 20 and 10: half or quarter points; a QCM on 100 counts whole points.
      const step = scale === 100 ? 1 : rng.chance(0.7) ? 0.5 : 0.25;
      const inClass = model.kind !== 'devoir_maison';
      for (const pupilId of members) {
        const pupil = pupils.get(pupilId)!;
        const sumKey = `${pupilId}|${a.subjectId}`;
        let sum = sums.get(sumKey);
        if (!sum) {
          sum = { weighted: 0, coefficients: 0, teacherId: a.teacherId, fromClass: a.audience.isClass };
          sums.set(sumKey, sum);
        }
        // The appreciation is the class teacher's when the subject is taught both in class and in a group.
        if (a.audience.isClass && !sum.fromClass) Object.assign(sum, { teacherId: a.teacherId, fromClass: true });
        let code: GradeCodeColumn | null = null;
        if (inClass && date >= attendanceFrom) {
          if (absentOn.has(`${pupilId}|${date}`)) code = 'ABS';
        } else if (inClass && rng.chance(0.018)) code = 'ABS';
        if (!code && a.subjectCode === 'EPS' && pupil.injury && date >= pupil.injury[0] && date <= pupil.injury[1]) {
          code = 'DISP';
        }
        if (!code && !inClass && rng.chance(0.03 + (pupil.ability < -1 ? 0.04 : 0))) code = 'NR';
        if (!code && rng.chance(0.0015)) code = 'NN';
        let valueCenti: number | null = null;
        let comment: string | null = null;
        const noise = gauss(rng);
        if (code === null) {
          const z = pupil.ability + subjectOffset(pupil, a.subjectCode);
          const on20 = clamp(11.6 + bank.shift + bank.spread * z - difficulty + 1.7 * noise, 0, 20);
          const value = (on20 * scale) / 20;
          valueCenti = clamp(Math.round(Math.round(value / step) * step * 100), 0, scale * 100);
          sum.weighted += (coefficientCenti * valueCenti) / scale / 5; // × 20 / 100
          sum.coefficients += coefficientCenti;
          const ratio = valueCenti / (scale * 100);
          for (const component of components) {
            const level = clamp(Math.round(1 + ratio * 3.4 + 0.45 * gauss(rng) - 0.2), 1, 4);
            skillResults.push({
              assessment_id: id,
              pupil_id: pupilId,
              component,
              level,
              updated_by: a.teacherId,
              updated_at: writtenAt,
            });
          }
          if (rng.chance(0.02)) {
            comment = rng.pick(
              ratio >= 0.75 ? GRADE_COMMENTS.high : ratio >= 0.45 ? GRADE_COMMENTS.mid : GRADE_COMMENTS.low,
            );
          }
        } else if (code === 'NR' && rng.chance(0.3)) {
          comment = 'Devoir non rendu malgré une relance';
        } else if (code === 'DISP' && rng.chance(0.3)) {
          comment = 'Certificat médical';
        }
        grades.push({
          assessment_id: id,
          pupil_id: pupilId,
          value_centi: valueCenti,
          code,
          comment,
          updated_by: a.teacherId,
          updated_at: writtenAt,
        });
      }
    }
  }

  // Appreciations: one per pupil and subject graded; a few teachers of a couple of classes have not written theirs.
  const classIdsSorted = [...classes].sort((x, y) => x.code.localeCompare(y.code));
  const lateRng = new Rng(`grades:late:${period.label}`);
  const lateClasses = new Set(
    lateRng
      .shuffle([...classIdsSorted])
      .slice(0, Math.min(4, classIdsSorted.length))
      .map((c) => c.id),
  );
  const lateTeachers = new Set<string>();
  for (const a of assignments) {
    if (
      a.audience.isClass &&
      lateClasses.has(a.audience.id) &&
      new Rng(`grades${t}:late:${a.audience.code}:${a.subjectCode}`).chance(0.28)
    ) {
      lateTeachers.add(`${a.audience.id}|${a.subjectId}`);
    }
  }
  const appreciations: AppreciationTable[] = [];
  let missingAppreciations = 0;
  const generalSums = new Map<string, { total: number; n: number }>();
  const subjectCodeOf = new Map(assignments.map((a) => [a.subjectId, a.subjectCode]));
  const sumKeys = [...sums.keys()].sort((x, y) => {
    const [px, sx] = x.split('|') as [string, string];
    const [py, sy] = y.split('|') as [string, string];
    return byLogin(px, py) || subjectCodeOf.get(sx)!.localeCompare(subjectCodeOf.get(sy)!);
  });
  for (const key of sumKeys) {
    const s = sums.get(key)!;
    const [pupilId, subjectId] = key.split('|') as [string, string];
    const pupil = pupils.get(pupilId)!;
    const subjectCode = subjectCodeOf.get(subjectId)!;
    const avg = s.coefficients > 0 ? s.weighted / s.coefficients : null;
    if (avg !== null) {
      const g = generalSums.get(pupilId) ?? { total: 0, n: 0 };
      g.total += avg;
      g.n += 1;
      generalSums.set(pupilId, g);
    }
    const classId = classOfPupil.get(pupilId);
    const rng = new Rng(`grades${t}:appreciation:${pupil.login}:${subjectCode}`);
    if (classId && lateClasses.has(classId) && (lateTeachers.has(`${classId}|${subjectId}`) || rng.chance(0.08))) {
      missingAppreciations++;
      continue;
    }
    const tier = avg === null ? null : tierOf(avg);
    const parts =
      tier === null
        ? ['Pas d’évaluation notée ce trimestre (absences ou dispense).']
        : [rng.pick(APPRECIATIONS[tier]!)];
    if (pupil.behaviour < 0.06 && rng.chance(0.5)) parts.push(rng.pick(BEHAVIOUR));
    else if (tier !== null) parts.push(rng.pick(ADVICE[tier]!));
    appreciations.push({
      id: newId(),
      school_id: o.schoolId,
      period_id: period.id,
      pupil_id: pupilId,
      subject_id: subjectId,
      teacher_id: s.teacherId,
      text: parts.join(' '),
      updated_at: o.now,
      version: 1,
    });
  }

  // The class council: decisions by rank in the class, a behaviour warning for the few whose attitude calls for it.
  const principalOf = new Map(principals.map((p) => [p.class_id, p.teacher_id]));
  const decisions: CouncilDecisionTable[] = [];
  const allPupils = classRows.map((r) => r.pupil_id);
  const behaviourWarned = new Set(
    [...allPupils]
      .sort((x, y) => pupils.get(x)!.behaviour - pupils.get(y)!.behaviour || byLogin(x, y))
      .slice(0, Math.round(allPupils.length * 0.02)),
  );
  for (const c of classIdsSorted) {
    const members = [...(ofClass.get(c.id) ?? [])];
    const general = (p: string) => {
      const g = generalSums.get(p);
      return g && g.n > 0 ? g.total / g.n : null;
    };
    members.sort((x, y) => (general(y) ?? -1) - (general(x) ?? -1) || byLogin(x, y));
    const n = members.length;
    const cut = (share: number) => Math.round(share * n);
    members.forEach((pupilId, rank) => {
      const avg = general(pupilId);
      let decision: CouncilDecision | null = null;
      if (avg !== null) {
        if (behaviourWarned.has(pupilId)) decision = 'mise_en_garde_comportement';
        else if (rank < cut(0.08)) decision = 'felicitations';
        else if (rank < cut(0.2)) decision = 'compliments';
        else if (rank < cut(0.35)) decision = 'encouragements';
        else if (rank >= n - cut(0.06)) decision = 'mise_en_garde_travail';
      }
      const pupil = pupils.get(pupilId)!;
      const rng = new Rng(`grades${t}:council:${pupil.login}`);
      const tier = avg === null ? 2 : tierOf(avg);
      const text =
        decision === 'felicitations'
          ? `${rng.pick(GENERAL[4]!)} Félicitations du conseil de classe.`
          : decision === 'compliments'
            ? `${rng.pick(GENERAL[Math.max(3, tier)]!)} Compliments du conseil de classe.`
            : decision === 'encouragements'
              ? `${rng.pick(GENERAL[tier]!)} ${DECISION_TEXT.encouragements}`
              : decision === 'mise_en_garde_travail'
                ? `${rng.pick(GENERAL[Math.min(1, tier)]!)} ${DECISION_TEXT.mise_en_garde_travail}`
                : decision === 'mise_en_garde_comportement'
                  ? DECISION_TEXT.mise_en_garde_comportement
                  : rng.pick(GENERAL[tier]!);
      decisions.push({
        id: newId(),
        school_id: o.schoolId,
        period_id: period.id,
        pupil_id: pupilId,
        class_id: c.id,
        general_appreciation: text,
        decision,
        updated_by: principalOf.get(c.id) ?? null,
        updated_at: o.now,
        version: 1,
      });
    });
  }

  await insertChunked(db, 'assessments', assessments);
  await insertChunked(db, 'grades', grades);
  await insertChunked(db, 'assessment_skills', assessmentSkills);
  await insertChunked(db, 'skill_results', skillResults);
  await insertChunked(db, 'appreciations', appreciations);
  await insertChunked(db, 'council_decisions', decisions);
  return {
    assessments: assessments.length,
    grades: grades.length,
    skill_results: skillResults.length,
    appreciations: appreciations.length,
    missing_appreciations: missingAppreciations,
    council_decisions: decisions.length,
  };
}
