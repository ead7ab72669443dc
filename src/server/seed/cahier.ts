/**
 * Demo cahier de textes: what was done in every session of the last few weeks and the homework set, in French,
 * for a school whose timetable is already seeded. Deterministic: every choice comes from an Rng seeded with
 * stable names (class, subject, date, time), never from ids or Math.random. Sessions are expanded with the
 * timetable's own functions, so cancelled sessions and holidays get nothing.
 */
import type { Insertable } from 'kysely';
import type { Executor, HomeworkDoneTable, HomeworkTable, SessionContentTable } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { addDays, mondayOf } from '../modules/timetable/timetable.calendar.ts';
import * as timetableRepo from '../modules/timetable/timetable.repo.ts';
import { sessionsOfCourses } from '../modules/timetable/timetable.service.ts';
import { Rng } from './random.ts';

interface SubjectPlan {
  chapters: readonly string[];
  lessons: readonly string[];
  homework: readonly string[];
  /** Minutes of homework: [min, max]; and the chance a session sets some. */
  minutes: readonly [number, number];
  chance: number;
}

const GENERIC: SubjectPlan = {
  chapters: ['La découverte du thème', 'L’approfondissement', 'Le projet de la période'],
  lessons: ['Séance sur {ch} : mise en activité et synthèse.', '{ch} : travail en groupes, mise en commun.'],
  homework: ['Terminer le travail commencé en classe sur {ch}.', 'Relire la synthèse sur {ch}.'],
  minutes: [10, 20],
  chance: 0.2,
};

/** By subject code (the STS-like codes of the demo generator); other subjects use GENERIC. */
const PLANS: Record<string, SubjectPlan> = {
  FRANCAIS: {
    chapters: ['Le récit d’aventure', 'La poésie lyrique', 'Le théâtre : Molière', 'Se raconter, se représenter'],
    lessons: [
      'Lecture analytique : {ch}. Relevé des procédés d’écriture.',
      'Grammaire : les propositions subordonnées relatives. Exercices en classe.',
      'Étude de la langue : l’accord du participe passé. Dictée préparée.',
      'Atelier d’écriture autour de {ch} : premier jet.',
      'Oral : lecture expressive et échanges sur {ch}.',
    ],
    homework: [
      'Lire les pages {p} à {p2} du roman et noter trois questions.',
      'Exercices {a} et {b} p. {p} (les relatives).',
      'Apprendre la leçon sur l’accord du participe passé : dictée préparée.',
      'Rédiger la suite du texte (15 lignes) en respectant les consignes de l’atelier.',
      'Apprendre par cœur les deux premières strophes du poème.',
    ],
    minutes: [15, 40],
    chance: 0.5,
  },
  MATHEMATIQUES: {
    chapters: ['Les fractions', 'Les nombres relatifs', 'La proportionnalité', 'Les triangles', 'Le calcul littéral'],
    lessons: [
      'Cours : {ch}, définitions et exemples. Activité d’introduction.',
      'Exercices d’application sur {ch} (ex. {a} à {b} p. {p}).',
      'Correction des exercices et questions flash sur {ch}.',
      'Problèmes ouverts : {ch} en situation.',
      'Évaluation courte sur {ch} (20 minutes), puis correction.',
    ],
    homework: [
      'Exercices {a} et {b} p. {p}.',
      'Exercice {a} p. {p} et revoir les exemples du cours sur {ch}.',
      'Apprendre le cours sur {ch} (définitions et propriétés).',
      'Réviser pour l’évaluation sur {ch} : exercices {a} à {b} p. {p} (corrigés en fin de manuel).',
      'Fiche d’exercices sur {ch} à terminer.',
    ],
    minutes: [20, 40],
    chance: 0.55,
  },
  'HISTOIRE-GEOGRAPHIE': {
    chapters: [
      'La Révolution française',
      'L’Empire napoléonien',
      'L’urbanisation du monde',
      'L’Europe et le monde au XIXe siècle',
      'Habiter une métropole',
    ],
    lessons: [
      'Histoire : {ch}. Étude de documents et frise chronologique.',
      'Géographie : {ch}. Étude de cas et croquis.',
      'EMC : la liberté d’expression, débat réglé.',
      'Correction du travail sur documents : {ch}.',
    ],
    homework: [
      'Apprendre la leçon sur {ch} (dates et vocabulaire en gras).',
      'Compléter la frise chronologique sur {ch}.',
      'Répondre aux questions 1 à 4 du document p. {p}.',
      'Réviser {ch} pour l’évaluation : savoir raconter, situer et définir.',
    ],
    minutes: [15, 30],
    chance: 0.45,
  },
  'ANGLAIS LV1': {
    chapters: ['Daily routine', 'Around the world', 'London calling', 'Heroes and legends'],
    lessons: [
      'Unit "{ch}": oral comprehension and new vocabulary.',
      'Grammar: the past simple (regular and irregular verbs).',
      'Reading: a text about "{ch}", then pair work.',
      'Speaking task: present your project on "{ch}".',
    ],
    homework: [
      'Learn the vocabulary of "{ch}" (p. {p}).',
      'Workbook p. {p}, exercises {a} and {b}.',
      'Apprendre les verbes irréguliers de la liste (les 15 premiers).',
      'Prepare a short oral presentation (1 minute) about "{ch}".',
    ],
    minutes: [15, 25],
    chance: 0.45,
  },
  SVT: {
    chapters: ['La respiration', 'Les êtres vivants et leur milieu', 'La digestion', 'Les séismes'],
    lessons: [
      'Activité expérimentale : {ch}. Compte rendu en classe.',
      'Observation au microscope et schéma : {ch}.',
      'Bilan de la séquence sur {ch}.',
    ],
    homework: ['Apprendre le bilan sur {ch}.', 'Terminer le schéma légendé de l’activité.', 'Exercice {a} p. {p}.'],
    minutes: [15, 25],
    chance: 0.35,
  },
  'PHYSIQUE-CHIMIE': {
    chapters: ['Les états de la matière', 'Les circuits électriques', 'Les mélanges', 'La lumière'],
    lessons: [
      'Expérience : {ch}. Protocole et mesures.',
      'Cours : {ch}, vocabulaire et schémas normalisés.',
      'Exercices sur {ch} et correction.',
    ],
    homework: ['Apprendre le cours sur {ch}.', 'Exercices {a} et {b} p. {p}.', 'Rédiger la conclusion du TP.'],
    minutes: [15, 25],
    chance: 0.35,
  },
  TECHNOLOGIE: {
    chapters: ['Les objets techniques', 'La programmation avec Scratch', 'Les matériaux'],
    lessons: ['Projet : {ch}, travail en îlots.', 'Activité sur poste informatique : {ch}.'],
    homework: ['Terminer la fiche d’activité sur {ch}.', 'Apprendre la synthèse sur {ch}.'],
    minutes: [10, 20],
    chance: 0.25,
  },
  EPS: {
    chapters: ['Demi-fond', 'Badminton', 'Acrosport', 'Handball'],
    lessons: ['{ch} : échauffement, situations d’apprentissage, évaluation entre pairs.'],
    homework: ['Apporter sa tenue de sport et une bouteille d’eau.'],
    minutes: [0, 5],
    chance: 0.05,
  },
};

/** Occasional links, http(s) only like every homework link. */
const LINKS = [
  { label: 'Vidéo Lumni', url: 'https://www.lumni.fr/college' },
  { label: 'Exercices en ligne', url: 'https://www.mathenpoche.net/' },
  { label: 'Dictionnaire', url: 'https://www.le-dictionnaire.com/' },
];

/** Inside a sentence the chapter's article is lower case: « la leçon sur la Révolution française ». */
const inSentence = (chapter: string) =>
  /^(Le|La|Les|L’) /.test(chapter) || chapter.startsWith('L’') ? chapter[0]!.toLowerCase() + chapter.slice(1) : chapter;

const fill = (template: string, rng: Rng, chapter: string) => {
  const p = rng.int(12, 240);
  const a = rng.int(1, 30);
  const opening = template.startsWith('{ch}') ? chapter + template.slice(4) : template;
  return opening
    .replaceAll('{ch}', inSentence(chapter))
    .replaceAll('{p2}', String(p + rng.int(5, 20)))
    .replaceAll('{p}', String(p))
    .replaceAll('{a}', String(a))
    .replaceAll('{b}', String(a + rng.int(2, 5)));
};

const CHUNK = 400;
async function insertChunked<T>(db: Executor, table: 'session_contents' | 'homework' | 'homework_done', rows: T[]) {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + CHUNK) as never)
      .execute();
  }
}

export interface CahierSeedOptions {
  schoolId: string;
  /** 'YYYY-MM-DD' in Europe/Paris: sessions up to this day get content. */
  today: string;
  /** Instant written on the rows. */
  now: string;
  /** How many weeks back, this week included (default 4). */
  weeks?: number;
  /**
   * An explicit window instead of `weeks` ('YYYY-MM-DD', both included; `to` defaults to `today`): a whole year is
   * seeded window by window. Choices depend on class, subject, date and time only, so windows do not change them.
   */
  from?: string;
  to?: string;
}

/** Seeds the cahier de textes of a school whose timetable is seeded; returns row counts. */
export async function seedCahier(db: Executor, o: CahierSeedOptions): Promise<Record<string, number>> {
  const year = await timetableRepo.findYearOfSchool(db, o.schoolId, o.today);
  if (!year) return {};
  const from = [o.from ?? addDays(mondayOf(o.today), -7 * ((o.weeks ?? 4) - 1)), year.starts_on].sort()[1]!;
  const to = [o.to ?? o.today, o.today].sort()[0]!;
  if (to < from) return {};
  const horizon = [addDays(to, 21), year.ends_on].sort()[0]!;
  const courses = await timetableRepo.findCoursesOfYear(db, year.id);
  if (courses.length === 0) return {};
  const sessions = (await sessionsOfCourses(db, courses, from, horizon)).filter(
    (s) => !s.cancelled && s.teachers.length > 0 && (s.class !== null || s.groups.length > 0),
  );

  // The next session of each course after a date: homework is due then.
  const datesOfCourse = new Map<string, string[]>();
  for (const s of sessions) {
    const list = datesOfCourse.get(s.courseId) ?? [];
    list.push(s.date);
    datesOfCourse.set(s.courseId, list);
  }
  const nextSessionAfter = (courseId: string, date: string) =>
    (datesOfCourse.get(courseId) ?? []).find((d) => d > date) ?? addDays(date, 7);

  const contents: SessionContentTable[] = [];
  const homework: Insertable<HomeworkTable>[] = [];
  /** A stable name per homework (not its random id), for the done ticks' Rng. */
  const stableName = new Map<string, string>();
  const weekIndex = (date: string) => Math.floor((Date.parse(date) - Date.parse(year.starts_on)) / (7 * 86_400_000));
  for (const s of sessions) {
    if (s.date > to) continue;
    const plan = PLANS[s.subject.code] ?? GENERIC;
    const audience = s.class?.code ?? s.groups[0]!.code;
    const name = `${audience}:${s.subject.code}:${s.key.split(':')[1]}:${s.startsAt}`;
    const rng = new Rng(`cahier:${name}`);
    const chapter = plan.chapters[Math.floor(weekIndex(s.date) / 3) % plan.chapters.length]!;
    const author = s.teachers[0]!.id;
    const [, plannedDate, extraId] = s.key.split(':') as [string, string, string | undefined];
    contents.push({
      id: newId(),
      school_id: o.schoolId,
      school_year_id: year.id,
      session_key: s.key,
      course_id: s.courseId,
      session_date: plannedDate,
      extra_session_id: extraId ?? null,
      content: fill(rng.pick(plan.lessons), rng, chapter),
      // The last sessions are sometimes still drafts: teachers write them up later.
      status: s.date === o.today && rng.chance(0.3) ? 'draft' : 'published',
      author_id: author,
      created_at: o.now,
      updated_at: o.now,
      published_at: o.now,
    });
    const last = contents[contents.length - 1]!;
    if (last.status === 'draft') last.published_at = null;
    if (!rng.chance(plan.chance)) continue;
    const id = newId();
    const classId = s.class?.id ?? null;
    const groupId = s.class ? (s.groups.length === 1 ? s.groups[0]!.id : null) : s.groups[0]!.id;
    stableName.set(id, name);
    homework.push({
      id,
      school_id: o.schoolId,
      school_year_id: year.id,
      session_key: s.key,
      course_id: s.courseId,
      session_date: plannedDate,
      extra_session_id: extraId ?? null,
      class_id: classId,
      group_id: groupId,
      subject_id: s.subject.id,
      due_date: nextSessionAfter(s.courseId, s.date),
      instructions: fill(rng.pick(plan.homework), rng, chapter),
      estimated_minutes: Math.round(rng.int(plan.minutes[0], plan.minutes[1]) / 5) * 5,
      links: JSON.stringify(rng.chance(0.15) ? [rng.pick(LINKS)] : []),
      status: 'published',
      author_id: author,
      created_at: o.now,
      updated_at: o.now,
      published_at: o.now,
    });
  }

  const done = await doneTicks(db, o, homework, stableName);
  await insertChunked(db, 'session_contents', contents);
  await insertChunked(db, 'homework', homework);
  await insertChunked(db, 'homework_done', done);
  return { session_contents: contents.length, homework: homework.length, homework_done: done.length };
}

/** Most pupils tick most homework that is already due (a deterministic three in four). */
async function doneTicks(
  db: Executor,
  o: CahierSeedOptions,
  homework: readonly Insertable<HomeworkTable>[],
  stableName: ReadonlyMap<string, string>,
) {
  const due = homework.filter((h) => h.due_date <= o.today);
  if (due.length === 0) return [];
  const classRows = await db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .select(['m.class_id as id', 'm.pupil_id'])
    .where('c.school_id', '=', o.schoolId)
    .where('m.ends_on', 'is', null)
    .execute();
  const groupRows = await db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['m.group_id as id', 'm.pupil_id'])
    .where('g.school_id', '=', o.schoolId)
    .where('m.ends_on', 'is', null)
    .execute();
  const members = (rows: Array<{ id: string; pupil_id: string }>) => {
    const by = new Map<string, Set<string>>();
    for (const r of rows) by.set(r.id, (by.get(r.id) ?? new Set()).add(r.pupil_id));
    return by;
  };
  const ofClass = members(classRows);
  const ofGroup = members(groupRows);
  const out: HomeworkDoneTable[] = [];
  for (const h of due) {
    let pupils = h.class_id ? [...(ofClass.get(h.class_id) ?? [])] : [...(ofGroup.get(h.group_id ?? '') ?? [])];
    if (h.class_id && h.group_id) pupils = pupils.filter((p) => ofGroup.get(h.group_id!)?.has(p));
    pupils.sort();
    const rng = new Rng(`done:${stableName.get(h.id) ?? h.id}`);
    for (const p of pupils) {
      if (rng.chance(0.75))
        out.push({ homework_id: h.id, pupil_id: p, done_at: `${addDays(h.due_date, -1)}T18:00:00.000Z` });
    }
  }
  return out;
}
