/**
 * Demo discipline and support: incident reports and punishments over the trimester (retenues on Wednesday
 * afternoons with their roll call, one still to come), a few disciplinary procedures (a blâme pronounced for the demo
 * pupil, whose guardian reads the letter; an avertissement; one whose defence delay is running), and support plans
 * for about 5 % of pupils (PAP, PPRE, PAI by the nurse) plus a PPS for every ULIS pupil. Deterministic: choices come
 * from an Rng seeded with stable names (logins, dates), pupils in login order.
 */
import { sql } from 'kysely';
import type {
  DisciplinaryProcedureTable,
  Executor,
  IncidentPupilTable,
  IncidentTable,
  PunishmentTable,
  SupportPlanTable,
} from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { parisInstant } from '../modules/attendance/attendance.halfdays.ts';
import { defenceEndsAt, removalDueOn } from '../modules/discipline/discipline.dates.ts';
import { addDays, weekdayOf } from '../modules/timetable/timetable.calendar.ts';
import * as timetableRepo from '../modules/timetable/timetable.repo.ts';
import { Rng } from './random.ts';

export interface DisciplineSeedOptions {
  schoolId: string;
  today: string;
  now: string;
  notable: { parent: string; eleve: string; professeur: string; principal?: string; cpe?: string; infirmiere?: string };
}

const PLACES = ['Cour de récréation', 'Couloir du 1er étage', 'Cantine', 'Salle 104', 'Gymnase', 'Abords du collège'];
const FACTS = [
  'Bousculade dans la file, suivie d’insultes entre élèves.',
  'Refus répété de se mettre au travail et propos irrespectueux envers le professeur.',
  'Dégradation d’une table (inscriptions au marqueur).',
  'Usage du téléphone portable en classe malgré un avertissement oral.',
  'Bagarre à la sortie de la cantine, sans blessé.',
  'Jet de projectiles en classe pendant l’absence momentanée du professeur.',
];
const REASONS: Record<PunishmentTable['kind'], string[]> = {
  retenue: ['Travail non fait à plusieurs reprises', 'Retards répétés', 'Comportement perturbateur en classe'],
  devoir_supplementaire: ['Leçon non apprise', 'Exercices non faits'],
  excuse_orale: ['Propos déplacés envers un camarade'],
  excuse_ecrite: ['Manque de respect envers un adulte'],
  observation: ['Bavardages répétés', 'Oubli de matériel', 'Carnet de correspondance non signé'],
};
const KINDS: PunishmentTable['kind'][] = [
  'retenue',
  'retenue',
  'devoir_supplementaire',
  'devoir_supplementaire',
  'observation',
  'observation',
  'observation',
  'excuse_orale',
  'excuse_ecrite',
];

async function insertChunked<T>(db: Executor, table: string, rows: T[]) {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insertInto(table as 'incidents')
      .values(rows.slice(i, i + 200) as never)
      .execute();
  }
}

/** The next Wednesday on or after `day`. */
const wednesdayFrom = (day: string) => addDays(day, (3 - weekdayOf(day) + 7) % 7);

export async function seedDiscipline(db: Executor, o: DisciplineSeedOptions): Promise<Record<string, number>> {
  const year = await timetableRepo.findYearOfSchool(db, o.schoolId, o.today);
  if (!year) return {};
  const pupils = await db
    .selectFrom('class_memberships as m')
    .innerJoin('classes as c', 'c.id', 'm.class_id')
    .innerJoin('people as p', 'p.id', 'm.pupil_id')
    .select(['p.id', 'p.login', 'm.class_id'])
    .where('c.school_id', '=', o.schoolId)
    .where('m.starts_on', '<=', o.today)
    .where(sql<boolean>`(m.ends_on is null or m.ends_on >= ${o.today})`)
    .orderBy('p.login')
    .execute();
  if (pupils.length === 0) return {};
  const teachers = await db
    .selectFrom('teaching_assignments')
    .select(['teacher_id', 'class_id'])
    .where('school_id', '=', o.schoolId)
    .where('class_id', 'is not', null)
    .orderBy('teacher_id')
    .orderBy('class_id')
    .execute();
  const staff = await db
    .selectFrom('staff_functions as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .select(['p.id', 'p.login', 'f.function'])
    .where('f.school_id', '=', o.schoolId)
    .where('f.function', 'in', ['assistant_education', 'cpe', 'principal', 'deputy', 'infirmiere'])
    .orderBy('p.login')
    .execute();
  const ofFunction = (fn: string) => staff.filter((s) => s.function === fn).map((s) => s.id);
  const vieScolaire = [...ofFunction('assistant_education'), ...ofFunction('cpe')];
  const principal = o.notable.principal ?? ofFunction('principal')[0];
  const nurse = o.notable.infirmiere ?? ofFunction('infirmiere')[0];
  const teachersOf = new Map<string, string[]>();
  for (const t of teachers) teachersOf.set(t.class_id!, [...(teachersOf.get(t.class_id!) ?? []), t.teacher_id]);

  // The trimester so far: from the start of the year (or twelve weeks back) to yesterday.
  const from = [addDays(o.today, -84), year.starts_on].sort()[1]!;
  const span = Math.max(1, Math.round((Date.parse(o.today) - Date.parse(from)) / 86_400_000));
  const schoolDay = (r: Rng) => {
    let d = addDays(from, r.int(0, span - 1));
    while (weekdayOf(d) > 5) d = addDays(d, -1);
    return [d, from].sort()[1]!;
  };
  const giverFor = (r: Rng, classId: string) => {
    const list = teachersOf.get(classId) ?? [];
    return list.length > 0 && r.chance(0.6) ? r.pick(list) : vieScolaire.length > 0 ? r.pick(vieScolaire) : list[0];
  };

  // ---- incidents
  const incidents: IncidentTable[] = [];
  const involved: IncidentPupilTable[] = [];
  const nIncidents = Math.max(4, Math.round(pupils.length / 25));
  for (let i = 0; i < nIncidents; i++) {
    const r = new Rng(`incident:${i}:${from}`);
    const main = r.pick(pupils);
    const day = schoolDay(r);
    const id = newId();
    incidents.push({
      id,
      school_id: o.schoolId,
      author_id: giverFor(r, main.class_id) ?? null,
      occurred_at: parisInstant(
        day,
        `${String(r.int(8, 16)).padStart(2, '0')}:${r.pick(['05', '20', '35', '50'])}`,
      ).toISOString(),
      place: r.pick(PLACES),
      description: r.pick(FACTS),
      witnesses: r.chance(0.5) ? 'Un assistant d’éducation de service' : '',
      created_at: o.now,
    });
    involved.push({ incident_id: id, pupil_id: main.id, role: 'author' });
    const other = r.pick(pupils);
    if (other.id !== main.id && r.chance(0.6)) {
      involved.push({ incident_id: id, pupil_id: other.id, role: r.pick(['victim', 'involved', 'witness'] as const) });
    }
  }

  // ---- punishments
  const punishments: PunishmentTable[] = [];
  const nPunishments = Math.max(8, Math.round(pupils.length / 10));
  const punish = (r: Rng, pupil: (typeof pupils)[number], kind: PunishmentTable['kind'], givenOn: string) => {
    const detentionDate = kind === 'retenue' ? wednesdayFrom(addDays(givenOn, 1)) : null;
    const past = detentionDate !== null && detentionDate < o.today;
    punishments.push({
      id: newId(),
      school_id: o.schoolId,
      pupil_id: pupil.id,
      kind,
      reason: r.pick(REASONS[kind]),
      incident_id: null,
      given_by: giverFor(r, pupil.class_id) ?? null,
      given_on: givenOn,
      detention_date: detentionDate,
      detention_starts_at: detentionDate ? '13:00' : null,
      detention_ends_at: detentionDate ? '15:00' : null,
      detention_room: detentionDate ? 'Salle d’étude' : null,
      detention_status: past ? (r.chance(0.85) ? 'present' : 'absent') : null,
      detention_checked_by: past ? (vieScolaire[0] ?? null) : null,
      detention_checked_at: past ? parisInstant(detentionDate!, '13:10').toISOString() : null,
      created_at: o.now,
    });
  };
  for (let i = 0; i < nPunishments; i++) {
    const r = new Rng(`punishment:${i}:${from}`);
    punish(r, r.pick(pupils), r.pick(KINDS), schoolDay(r));
  }
  // The demo pupil: a retenue still to come (the family was told), and the roll call of the coming Wednesday has
  // a few more pupils to call.
  const eleve = pupils.find((p) => p.id === o.notable.eleve);
  if (eleve) punish(new Rng('punishment:eleve'), eleve, 'retenue', addDays(o.today, -1));
  for (let i = 0; i < 3; i++) {
    const r = new Rng(`punishment:upcoming:${i}`);
    punish(r, r.pick(pupils), 'retenue', addDays(o.today, -1));
  }

  // ---- procedures and sanctions
  const procedures: DisciplinaryProcedureTable[] = [];
  const procedure = (
    pupilId: string,
    facts: string,
    openedOn: string,
    sanction: DisciplinaryProcedureTable['sanction'],
    reasons: string,
  ) => {
    const openedAt = parisInstant(openedOn, '10:00');
    const ends = defenceEndsAt(openedAt, 2);
    const pronouncedAt = sanction ? new Date(ends.getTime() + 9 * 3_600_000) : null;
    const pronouncedOn = pronouncedAt ? pronouncedAt.toISOString().slice(0, 10) : null;
    procedures.push({
      id: newId(),
      school_id: o.schoolId,
      pupil_id: pupilId,
      incident_id: null,
      facts,
      opened_by: principal ?? null,
      opened_at: openedAt.toISOString(),
      defence_days: 2,
      defence_ends_at: ends.toISOString(),
      status: sanction ? 'pronounced' : 'open',
      sanction,
      sursis: 0,
      duration: null,
      decision_reasons: sanction ? reasons : null,
      pronounced_by: sanction ? (principal ?? null) : null,
      pronounced_at: pronouncedAt?.toISOString() ?? null,
      removal_due_on: sanction && pronouncedOn ? removalDueOn(sanction, pronouncedOn, year.ends_on) : null,
      removed_at: null,
      closed_at: null,
    });
  };
  if (principal) {
    if (eleve) {
      procedure(
        eleve.id,
        'Insultes envers un assistant d’éducation dans la cour, le jour indiqué au rapport d’incident.',
        addDays(o.today, -21),
        'blame',
        'Les faits sont établis et reconnus ; l’élève a présenté ses excuses. Un blâme rappelle la gravité de l’atteinte au respect dû aux adultes.',
      );
    }
    const r = new Rng('procedures');
    const others = pupils.filter((p) => p.id !== o.notable.eleve);
    procedure(
      r.pick(others).id,
      FACTS[4]!,
      addDays(o.today, -35),
      'avertissement',
      'Premiers faits de violence ; avertissement.',
    );
    procedure(r.pick(others).id, FACTS[2]!, addDays(o.today, -1), null, '');
  }

  // ---- support plans
  const plans: SupportPlanTable[] = [];
  const plan = (
    pupilId: string,
    kind: SupportPlanTable['kind'],
    accommodations: string[],
    details: string,
    by: string | null,
  ) =>
    plans.push({
      id: newId(),
      school_id: o.schoolId,
      pupil_id: pupilId,
      kind,
      starts_on: year.starts_on,
      ends_on: kind === 'ppre' ? addDays(year.starts_on, 120) : null,
      accommodations: JSON.stringify(accommodations),
      other_accommodation: '',
      details,
      created_by: by,
      created_at: o.now,
      updated_at: o.now,
    });
  const withPlan = new Set<string>();
  // Two classmates of the demo pupil (taught by the demo professeur) have a PAP with tiers-temps.
  const classmates = eleve ? pupils.filter((p) => p.class_id === eleve.class_id && p.id !== eleve.id) : [];
  for (const p of classmates.slice(0, 2)) {
    plan(p.id, 'pap', ['tiers_temps', 'documents_agrandis'], 'Dyslexie (bilan orthophonique).', principal ?? null);
    withPlan.add(p.id);
  }
  const ulis = await db
    .selectFrom('group_memberships as gm')
    .innerJoin('groups as g', 'g.id', 'gm.group_id')
    .select('gm.pupil_id')
    .where('g.school_id', '=', o.schoolId)
    .where('g.kind', '=', 'ulis')
    .orderBy('gm.pupil_id')
    .execute();
  for (const u of ulis) {
    if (withPlan.has(u.pupil_id)) continue;
    plan(
      u.pupil_id,
      'pps',
      ['tiers_temps', 'aesh', 'consignes_reformulees'],
      'Notification MDPH ; PPS.',
      principal ?? null,
    );
    withPlan.add(u.pupil_id);
  }
  const target = Math.round(pupils.length * 0.05);
  const pr = new Rng('plans');
  for (const p of pupils) {
    if (plans.length >= target + ulis.length + 2) break;
    if (withPlan.has(p.id) || !pr.chance(0.06)) continue;
    const roll = pr.next();
    if (roll < 0.6) {
      plan(
        p.id,
        'pap',
        pr.chance(0.5) ? ['tiers_temps', 'ordinateur'] : ['tiers_temps', 'pres_du_tableau'],
        'Troubles dys.',
        principal ?? null,
      );
    } else if (roll < 0.8) {
      plan(p.id, 'ppre', ['consignes_reformulees', 'pres_du_tableau'], 'Difficultés en lecture.', principal ?? null);
    } else if (nurse) {
      plan(p.id, 'pai', ['trousse_urgence', 'collation'], 'Diabète de type 1 : protocole d’urgence.', nurse);
    }
    withPlan.add(p.id);
  }

  await insertChunked(db, 'incidents', incidents);
  await insertChunked(db, 'incident_pupils', involved);
  await insertChunked(db, 'punishments', punishments);
  await insertChunked(db, 'disciplinary_procedures', procedures);
  await insertChunked(db, 'support_plans', plans);
  return {
    incidents: incidents.length,
    punishments: punishments.length,
    procedures: procedures.length,
    supportPlans: plans.length,
  };
}
