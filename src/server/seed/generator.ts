import type { Insertable } from 'kysely';
import type { DB, Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import type { StaffFunction } from '../lib/policy.ts';
import { type NamePool, ORIGINS, STAFF_ORIGINS } from './names.ts';
import { Rng } from './random.ts';

/**
 * The collège generator shared by the demo college (demo.ts) and the département (departement.ts).
 * It builds every row of one school in memory from a seed: same seed, same names, logins and
 * structure (ids are random UUIDs). Writing happens in insertSeedRows, in chunked multi-row inserts.
 */

export const LEVELS = ['6e', '5e', '4e', '3e'] as const;
export type Level = (typeof LEVELS)[number];

/** Tables written by the seed, in foreign-key order. */
export const SEED_TABLES = [
  'schools',
  'sites',
  'school_years',
  'periods',
  'subjects',
  'classes',
  'groups',
  'people',
  'profiles',
  'staff_functions',
  'class_memberships',
  'group_memberships',
  'guardianships',
  'teaching_assignments',
  'class_principals',
] as const satisfies ReadonlyArray<keyof DB>;
export type SeedTable = (typeof SEED_TABLES)[number];
export type SeedRows = { [T in SeedTable]: Array<Insertable<DB[T]>> };

export interface SiteSpec {
  name: string;
  address: string;
  networkRanges: string[];
  /** Levels taught on this site; empty for an administrative site (administration, CDI). */
  levels: Level[];
}

export interface CollegeSpec {
  seed: string;
  uai: string;
  name: string;
  town: string;
  academie: string;
  holidayZone: string;
  sites: SiteSpec[];
  classesPerLevel: number;
  classSize: readonly [min: number, max: number];
  teachers: number;
  staff: Readonly<Record<StaffFunction, number>>;
  /** LV2 languages (subject codes) and their share of pupils from 5e. */
  lv2: ReadonlyArray<readonly [code: string, share: number]>;
  latin: boolean;
  cham: boolean;
  chas: boolean;
  ulis: boolean;
  /** Share of families that name an "other contact" (grand-parent, aunt, neighbour). */
  contactRate: number;
}

export interface SchoolYear {
  label: string;
  startsOn: string;
  endsOn: string;
  startYear: number;
}

/** School years run from 1 September to 31 August; `today` is 'YYYY-MM-DD' in Europe/Paris. */
export function schoolYearOf(today: string): SchoolYear {
  const y = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? y : y - 1;
  return { label: `${start}-${start + 1}`, startsOn: `${start}-09-01`, endsOn: `${start + 1}-08-31`, startYear: start };
}

/** Hands out unique logins ('prenom.nom', then 'prenom.nom2'...) across every school of one seed run. */
export class LoginRegistry {
  private readonly used = new Set<string>();
  private readonly next = new Map<string, number>();

  reserve(login: string): void {
    this.used.add(login);
  }

  take(firstName: string, lastName: string): string {
    const base = `${slug(firstName)}.${slug(lastName)}`;
    let n = this.next.get(base) ?? 1;
    let login = n === 1 ? base : `${base}${n}`;
    while (this.used.has(login)) {
      n++;
      login = `${base}${n}`;
    }
    this.next.set(base, n + 1);
    this.used.add(login);
    return login;
  }
}

/** ASCII, lower case, words joined by '-': "N'Diaye" → "ndiaye", "Da Silva" → "da-silva". */
export function slug(name: string): string {
  return name
    .replace(/ı/g, 'i')
    .replace(/[Œœ]/g, 'oe')
    .replace(/[Ææ]/g, 'ae')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

interface SubjectDef {
  code: string;
  label: string;
  /** Weekly hours per class, by level (6e, 5e, 4e, 3e); absent for subjects taught in groups only. */
  hours?: readonly [number, number, number, number];
}

/** Subjects with STS-like codes and their place in the cycle 3/4 timetable. */
export const SUBJECTS: readonly SubjectDef[] = [
  { code: 'FRANCAIS', label: 'Français', hours: [4.5, 4.5, 4.5, 4] },
  { code: 'MATHEMATIQUES', label: 'Mathématiques', hours: [4.5, 3.5, 3.5, 3.5] },
  { code: 'HISTOIRE-GEOGRAPHIE', label: 'Histoire-géographie-EMC', hours: [3, 3, 3, 3.5] },
  { code: 'ANGLAIS LV1', label: 'Anglais LV1', hours: [4, 3, 3, 3] },
  { code: 'SVT', label: 'Sciences de la vie et de la Terre', hours: [1.5, 1.5, 1.5, 1.5] },
  { code: 'PHYSIQUE-CHIMIE', label: 'Physique-chimie', hours: [1.5, 1.5, 1.5, 1.5] },
  { code: 'TECHNOLOGIE', label: 'Technologie', hours: [1, 1.5, 1.5, 1.5] },
  { code: 'ARTS PLASTIQUES', label: 'Arts plastiques', hours: [1, 1, 1, 1] },
  { code: 'EDUCATION MUSICALE', label: 'Éducation musicale', hours: [1, 1, 1, 1] },
  { code: 'EPS', label: 'Éducation physique et sportive', hours: [4, 3, 3, 3] },
  { code: 'ESPAGNOL LV2', label: 'Espagnol LV2' },
  { code: 'ALLEMAND LV2', label: 'Allemand LV2' },
  { code: 'ARABE LV2', label: 'Arabe LV2' },
  { code: 'ITALIEN LV2', label: 'Italien LV2' },
  { code: 'PORTUGAIS LV2', label: 'Portugais LV2' },
  { code: 'LCA LATIN', label: 'Langues et cultures de l’Antiquité : latin' },
];

const LV2_LABEL: Record<string, string> = {
  'ESPAGNOL LV2': 'Espagnol',
  'ALLEMAND LV2': 'Allemand',
  'ARABE LV2': 'Arabe',
  'ITALIEN LV2': 'Italien',
  'PORTUGAIS LV2': 'Portugais',
};
const LV2_CODE: Record<string, string> = {
  'ESPAGNOL LV2': 'ESP',
  'ALLEMAND LV2': 'ALL',
  'ARABE LV2': 'ARA',
  'ITALIEN LV2': 'ITA',
  'PORTUGAIS LV2': 'POR',
};

const GROUP_MAX = 28;
const LETTERS = 'ABCDEFGHIJKLMNOP';

export interface GeneratedCollege {
  schoolId: string;
  rows: SeedRows;
  /** Person ids of the people the demo sign-ins are given to. */
  notable: {
    parent: string;
    eleve: string;
    professeur: string;
    staff: Partial<Record<StaffFunction, string>>;
  };
  counts: Record<string, number>;
}

export interface GenerateOptions {
  logins: LoginRegistry;
  /** The password hash every account gets, or null (accounts activate with a code). */
  passwordHash: string | null;
  /** 'YYYY-MM-DD' in Europe/Paris: only the school year depends on it. */
  today: string;
  /** Creation instant written on every row that has one. */
  now: string;
}

interface PupilDraft {
  id: string;
  level: Level;
  classId: string;
  classIndex: number;
}

const isoDay = (y: number, dayOfYear: number) => new Date(Date.UTC(y, 0, 1 + dayOfYear)).toISOString().slice(0, 10);

/** Builds every row of one collège, deterministically from spec.seed. */
export function generateCollege(spec: CollegeSpec, opts: GenerateOptions): GeneratedCollege {
  const rng = new Rng(spec.seed);
  const year = schoolYearOf(opts.today);
  const rows: SeedRows = {
    schools: [],
    sites: [],
    school_years: [],
    periods: [],
    subjects: [],
    classes: [],
    groups: [],
    people: [],
    profiles: [],
    staff_functions: [],
    class_memberships: [],
    group_memberships: [],
    guardianships: [],
    teaching_assignments: [],
    class_principals: [],
  };
  const schoolId = newId();
  const yearId = newId();
  rows.schools.push({
    id: schoolId,
    uai: spec.uai,
    name: spec.name,
    town: spec.town,
    academie: spec.academie,
    holiday_zone: spec.holidayZone,
    created_at: opts.now,
  });
  rows.school_years.push({
    id: yearId,
    school_id: schoolId,
    label: year.label,
    starts_on: year.startsOn,
    ends_on: year.endsOn,
  });
  // Trimestres cover the whole school year with no gap, so every date has a current period.
  const next = year.startYear + 1;
  const endOfFebruary = new Date(Date.UTC(next, 2, 0)).toISOString().slice(0, 10);
  const trimestres: Array<[string, string]> = [
    [year.startsOn, `${year.startYear}-11-30`],
    [`${year.startYear}-12-01`, endOfFebruary],
    [`${next}-03-01`, year.endsOn],
  ];
  trimestres.forEach(([startsOn, endsOn], i) => {
    rows.periods.push({
      id: newId(),
      school_id: schoolId,
      school_year_id: yearId,
      kind: 'trimestre',
      number: i + 1,
      label: `Trimestre ${i + 1}`,
      starts_on: startsOn,
      ends_on: endsOn,
    });
  });

  const siteIdOfLevel = new Map<Level, string>();
  for (const site of spec.sites) {
    const id = newId();
    rows.sites.push({
      id,
      school_id: schoolId,
      name: site.name,
      address: site.address,
      network_ranges: JSON.stringify(site.networkRanges),
    });
    for (const level of site.levels) siteIdOfLevel.set(level, id);
  }

  const subjectIds = new Map<string, string>();
  const lv2Codes = new Set(spec.lv2.map(([code]) => code));
  for (const s of SUBJECTS) {
    if (!s.hours && !lv2Codes.has(s.code) && !(s.code === 'LCA LATIN' && spec.latin)) continue;
    const id = newId();
    subjectIds.set(s.code, id);
    rows.subjects.push({ id, school_id: schoolId, code: s.code, label: s.label });
  }
  const subjectId = (code: string) => subjectIds.get(code)!;

  // ---- People helpers ----
  const addPerson = (
    first: string,
    last: string,
    kind: 'pupil' | 'guardian' | 'teacher' | 'staff',
    birthDate: string | null = null,
  ): string => {
    const id = newId();
    rows.people.push({
      id,
      login: opts.logins.take(first, last),
      first_name: first,
      last_name: last,
      birth_date: birthDate,
      email: null,
      password_hash: opts.passwordHash,
      activation_code_hash: null,
      activation_expires_at: null,
      locale: 'fr',
      is_deployment_admin: 0,
      disabled_at: null,
      external_id: null,
      created_at: opts.now,
    });
    rows.profiles.push({ id: newId(), person_id: id, school_id: schoolId, kind });
    return id;
  };
  const pickOrigin = (pools: readonly NamePool[]) => rng.weighted(pools.map((p) => [p, p.weight] as const));
  const adultName = (pools: readonly NamePool[], woman: boolean): [string, string] => {
    const o = pickOrigin(pools);
    return [rng.pick(woman ? o.women : o.men), rng.pick(o.last)];
  };

  // ---- Classes ----
  interface ClassInfo {
    id: string;
    code: string;
    level: Level;
    levelIndex: number;
    size: number;
  }
  const classes: ClassInfo[] = [];
  LEVELS.forEach((level, levelIndex) => {
    for (let i = 0; i < spec.classesPerLevel; i++) {
      const letter = LETTERS[i]!;
      const id = newId();
      const code = `${level[0]}${letter}`;
      classes.push({ id, code, level, levelIndex, size: rng.int(spec.classSize[0], spec.classSize[1]) });
      rows.classes.push({
        id,
        school_id: schoolId,
        school_year_id: yearId,
        site_id: siteIdOfLevel.get(level) ?? null,
        code,
        label: `${level} ${letter}`,
        level,
      });
    }
  });

  // ---- Families and pupils ----
  // Slots are seats in classes; a family takes seats at different levels, so siblings are in
  // different classes (and, 6e/5e against 4e/3e, often on different sites).
  const slots = new Map<Level, ClassInfo[]>(LEVELS.map((l) => [l, []]));
  for (const c of classes) for (let i = 0; i < c.size; i++) slots.get(c.level)!.push(c);
  for (const list of slots.values()) rng.shuffle(list);
  const remaining = () => LEVELS.filter((l) => slots.get(l)!.length > 0);

  const pupils: PupilDraft[] = [];
  let pupilCount = 0;
  let guardianCount = 0;
  let separatedFamilies = 0;
  const singleChildSeparated: Array<{ guardianshipIndex: number }> = [];
  let parentId = '';
  let eleveId = '';
  let eleveClassId = '';

  for (let family = 0; remaining().length > 0; family++) {
    const available = remaining();
    let levels: Level[];
    if (family === 0) {
      // The demo family: one child at the annexe (5e), one at the main site (3e).
      levels = (['5e', '3e'] as const).filter((l) => available.includes(l));
    } else {
      const k = rng.weighted([
        [1, 70],
        [2, 20],
        [3, 8],
        [4, 2],
      ] as const);
      levels = rng.shuffle([...available]).slice(0, k);
    }
    const origin = pickOrigin(ORIGINS);
    const familyName = rng.pick(origin.last);
    const children: string[] = [];
    for (const level of levels) {
      const seat = slots.get(level)!.pop()!;
      const girl = rng.chance(0.5);
      // A quarter of children carry a first name from the French list, whatever the family's origin.
      const firstPool = rng.chance(0.25) ? ORIGINS[0]! : origin;
      const first = rng.pick(girl ? firstPool.girls : firstPool.boys);
      const levelIndex = LEVELS.indexOf(level);
      // Born in the calendar year that makes them 11 on entering 6e; some repeated a year.
      const born = year.startYear - 11 - levelIndex - (rng.chance(0.05) ? 1 : 0);
      const id = addPerson(first, familyName, 'pupil', isoDay(born, rng.int(0, 364)));
      pupils.push({ id, level, classId: seat.id, classIndex: classes.indexOf(seat) });
      rows.class_memberships.push({
        id: newId(),
        pupil_id: id,
        class_id: seat.id,
        starts_on: year.startsOn,
        ends_on: null,
      });
      children.push(id);
      pupilCount++;
      if (family === 0 && level === '3e') {
        eleveId = id;
        eleveClassId = seat.id;
      }
    }

    const twoParents = family === 0 || rng.chance(0.88);
    const separated = family !== 0 && twoParents && rng.chance(0.25);
    const motherFirst = rng.chance(0.6);
    const mother = (): string => {
      const own = rng.chance(0.4) ? rng.pick(rng.chance(0.85) ? origin.last : pickOrigin(ORIGINS).last) : familyName;
      return addPerson(rng.pick(origin.women), own, 'guardian');
    };
    const father = (): string => addPerson(rng.pick(origin.men), familyName, 'guardian');
    const link = (
      guardianId: string,
      responsibility: 'legal1' | 'legal2' | 'contact',
      o: { livesWith: boolean; receivesMail: boolean; mayCollect: boolean },
    ) => {
      for (const pupilId of children) {
        rows.guardianships.push({
          id: newId(),
          guardian_id: guardianId,
          pupil_id: pupilId,
          responsibility,
          lives_with: o.livesWith ? 1 : 0,
          receives_mail: o.receivesMail ? 1 : 0,
          may_collect: o.mayCollect ? 1 : 0,
          court_restricted: 0,
        });
      }
    };
    const legal1 = motherFirst || !twoParents ? mother() : father();
    link(legal1, 'legal1', { livesWith: true, receivesMail: true, mayCollect: true });
    guardianCount++;
    if (family === 0) parentId = legal1;
    if (twoParents) {
      const legal2 = motherFirst ? father() : mother();
      // Separated parents: the children live with legal 1; legal 2 has their own address.
      link(legal2, 'legal2', { livesWith: !separated, receivesMail: true, mayCollect: true });
      guardianCount++;
      if (separated) {
        separatedFamilies++;
        if (children.length === 1) singleChildSeparated.push({ guardianshipIndex: rows.guardianships.length - 1 });
      }
    }
    if (family !== 0 && rng.chance(spec.contactRate)) {
      const [first, last] = rng.chance(0.5)
        ? [rng.pick(rng.chance(0.7) ? origin.women : origin.men), familyName]
        : adultName(ORIGINS, rng.chance(0.7));
      const contact = addPerson(first, last, 'guardian');
      link(contact, 'contact', { livesWith: false, receivesMail: false, mayCollect: rng.chance(0.85) });
      guardianCount++;
    }
  }

  // Exactly one link under a court decision: legal 2 of a separated family with one child.
  const restricted = singleChildSeparated[Math.floor(singleChildSeparated.length / 2)];
  if (restricted) {
    const g = rows.guardianships[restricted.guardianshipIndex]!;
    g.court_restricted = 1;
    g.receives_mail = 0;
    g.may_collect = 0;
  }

  // ---- Groups ----
  interface Unit {
    subject: string;
    classId: string | null;
    groupId: string | null;
    hours: number;
    order: number;
  }
  const units: Unit[] = [];
  const ulisUnits: Unit[] = [];
  let groupCount = 0;
  const addGroup = (code: string, label: string, kind: string, members: PupilDraft[]): string => {
    const id = newId();
    groupCount++;
    rows.groups.push({ id, school_id: schoolId, school_year_id: yearId, code, label, kind });
    for (const p of members) {
      rows.group_memberships.push({
        id: newId(),
        pupil_id: p.id,
        group_id: id,
        starts_on: year.startsOn,
        ends_on: null,
      });
    }
    return id;
  };
  const byLevel = (level: Level) => pupils.filter((p) => p.level === level).sort((a, b) => a.classIndex - b.classIndex);
  const splitInto = (members: PupilDraft[]): PupilDraft[][] => {
    const n = Math.max(1, Math.ceil(members.length / GROUP_MAX));
    const out: PupilDraft[][] = Array.from({ length: n }, () => []);
    members.forEach((p, i) => {
      out[Math.floor((i * n) / members.length)]!.push(p);
    });
    return out;
  };

  LEVELS.forEach((level, levelIndex) => {
    if (level === '6e') return;
    const chosen = new Map<string, PupilDraft[]>(spec.lv2.map(([code]) => [code, []]));
    for (const p of byLevel(level)) chosen.get(rng.weighted(spec.lv2))!.push(p);
    for (const [code, members] of chosen) {
      if (members.length === 0) continue;
      splitInto(members).forEach((part, i) => {
        const id = addGroup(
          `${level[0]}${LV2_CODE[code]}${i + 1}`,
          `${level} ${LV2_LABEL[code]} LV2 gr. ${i + 1}`,
          'language',
          part,
        );
        units.push({ subject: code, classId: null, groupId: id, hours: 2.5, order: levelIndex * 100 + 50 });
      });
    }
    if (spec.latin) {
      const latinists = byLevel(level).filter(() => rng.chance(0.14));
      splitInto(latinists).forEach((part, i) => {
        const id = addGroup(`${level[0]}LAT${i + 1}`, `${level} Latin gr. ${i + 1}`, 'option', part);
        units.push({ subject: 'LCA LATIN', classId: null, groupId: id, hours: 2, order: levelIndex * 100 + 60 });
      });
    }
  });
  // CHAM and CHAS pupils are grouped in one class per level, as collèges do for the timetable.
  LEVELS.forEach((level, levelIndex) => {
    const inClass = (letterIndex: number) => {
      const c = classes.find((k) => k.level === level && k.code === `${level[0]}${LETTERS[letterIndex]}`);
      return pupils.filter((p) => p.classId === c?.id).slice(0, 14);
    };
    if (spec.cham) {
      const id = addGroup(`CHAM${level[0]}`, `CHAM ${level} (horaires aménagés musique)`, 'cham', inClass(0));
      units.push({ subject: 'EDUCATION MUSICALE', classId: null, groupId: id, hours: 2, order: levelIndex * 100 + 70 });
    }
    if (spec.chas) {
      const id = addGroup(`CHAS${level[0]}`, `CHAS ${level} (horaires aménagés sport)`, 'chas', inClass(1));
      units.push({ subject: 'EPS', classId: null, groupId: id, hours: 3, order: levelIndex * 100 + 80 });
    }
  });
  if (spec.ulis) {
    const ulisPupils = LEVELS.flatMap((l) => rng.shuffle(byLevel(l)).slice(0, 3));
    const id = addGroup('ULIS', 'ULIS (dispositif)', 'ulis', ulisPupils);
    for (const subject of ['FRANCAIS', 'MATHEMATIQUES']) {
      ulisUnits.push({ subject, classId: null, groupId: id, hours: 6, order: 999 });
    }
  }

  // ---- Teaching ----
  classes.forEach((c, i) => {
    for (const s of SUBJECTS) {
      if (s.hours)
        units.push({ subject: s.code, classId: c.id, groupId: null, hours: s.hours[c.levelIndex]!, order: i });
    }
  });
  const unitsBySubject = new Map<string, Unit[]>();
  for (const u of units) {
    const list = unitsBySubject.get(u.subject) ?? [];
    list.push(u);
    unitsBySubject.set(u.subject, list);
  }
  const totalHours = units.reduce((s, u) => s + u.hours, 0);
  const teacherBudget = spec.teachers - (ulisUnits.length > 0 ? 1 : 0);
  // Teachers per subject in proportion to its hours (largest remainder), at least one each.
  const alloc = [...unitsBySubject.entries()].map(([subject, list]) => {
    const hours = list.reduce((s, u) => s + u.hours, 0);
    const exact = (teacherBudget * hours) / totalHours;
    return { subject, list, hours, n: Math.min(list.length, Math.max(1, Math.floor(exact))), frac: exact % 1 };
  });
  let spare = teacherBudget - alloc.reduce((s, a) => s + a.n, 0);
  const byFrac = [...alloc].sort((a, b) => b.frac - a.frac || b.hours - a.hours);
  for (let guard = 0; spare > 0 && guard < 1000; guard++) {
    const a = byFrac[guard % byFrac.length]!;
    if (a.n < a.list.length) {
      a.n++;
      spare--;
    }
  }

  interface TeacherInfo {
    id: string;
    classIds: Set<string>;
    principalOf: number;
  }
  const teachers: TeacherInfo[] = [];
  const teachersOfClass = new Map<string, TeacherInfo[]>();
  const assign = (t: TeacherInfo, u: Unit) => {
    rows.teaching_assignments.push({
      id: newId(),
      school_id: schoolId,
      school_year_id: yearId,
      teacher_id: t.id,
      class_id: u.classId,
      group_id: u.groupId,
      subject_id: subjectId(u.subject),
    });
    if (u.classId) {
      t.classIds.add(u.classId);
      const list = teachersOfClass.get(u.classId) ?? [];
      if (!list.includes(t)) list.push(t);
      teachersOfClass.set(u.classId, list);
    }
  };
  const newTeacher = (): TeacherInfo => {
    const [first, last] = adultName(STAFF_ORIGINS, rng.chance(0.6));
    const t: TeacherInfo = { id: addPerson(first, last, 'teacher'), classIds: new Set(), principalOf: 0 };
    teachers.push(t);
    return t;
  };
  for (const a of alloc) {
    const list = [...a.list].sort((x, y) => x.order - y.order);
    const team = Array.from({ length: a.n }, newTeacher);
    // Contiguous blocks of classes, balanced by hours: a teacher keeps to neighbouring classes.
    let done = 0;
    for (const u of list) {
      const index = Math.min(a.n - 1, Math.floor(((done + u.hours / 2) * a.n) / a.hours));
      assign(team[index]!, u);
      done += u.hours;
    }
  }
  if (ulisUnits.length > 0) {
    const coordinator = newTeacher();
    for (const u of ulisUnits) assign(coordinator, u);
  }

  // One professeur principal per class, among its teachers, preferably someone with several classes
  // who is not yet professeur principal elsewhere.
  const principalOf = new Map<string, string>();
  for (const c of classes) {
    const candidates = rng.shuffle([...(teachersOfClass.get(c.id) ?? [])]);
    candidates.sort(
      (a, b) => a.principalOf - b.principalOf || Number(b.classIds.size >= 2) - Number(a.classIds.size >= 2),
    );
    const pp = candidates[0];
    if (!pp) continue;
    pp.principalOf++;
    principalOf.set(c.id, pp.id);
    rows.class_principals.push({ id: newId(), class_id: c.id, teacher_id: pp.id });
  }

  // ---- Staff ----
  const notableStaff: Partial<Record<StaffFunction, string>> = {};
  let staffCount = 0;
  for (const [fn, count] of Object.entries(spec.staff) as Array<[StaffFunction, number]>) {
    for (let i = 0; i < count; i++) {
      const [first, last] = adultName(
        STAFF_ORIGINS,
        rng.chance(fn === 'infirmiere' || fn === 'secretariat' ? 0.8 : 0.55),
      );
      const id = addPerson(first, last, 'staff');
      rows.staff_functions.push({ id: newId(), person_id: id, school_id: schoolId, function: fn });
      notableStaff[fn] ??= id;
      staffCount++;
    }
  }

  return {
    schoolId,
    rows,
    notable: {
      parent: parentId,
      eleve: eleveId,
      professeur: principalOf.get(eleveClassId) ?? teachers[0]?.id ?? '',
      staff: notableStaff,
    },
    counts: {
      sites: rows.sites.length,
      classes: classes.length,
      groups: groupCount,
      subjects: rows.subjects.length,
      pupils: pupilCount,
      guardians: guardianCount,
      separatedFamilies,
      guardianships: rows.guardianships.length,
      teachers: teachers.length,
      teachingAssignments: rows.teaching_assignments.length,
      staff: staffCount,
      accounts: rows.people.length,
    },
  };
}

/** Multi-row inserts of at most this many rows: far below PostgreSQL's 65,535 parameters. */
const CHUNK_ROWS = 500;

/** Writes generated rows in foreign-key order; the caller provides the transaction. */
export async function insertSeedRows(db: Executor, rows: SeedRows): Promise<void> {
  for (const table of SEED_TABLES) {
    const list = rows[table];
    for (let i = 0; i < list.length; i += CHUNK_ROWS) {
      await db
        .insertInto(table)
        .values(list.slice(i, i + CHUNK_ROWS) as never)
        .execute();
    }
  }
}

/** Adds two count summaries. */
export function addCounts(into: Record<string, number>, more: Record<string, number>): Record<string, number> {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v;
  return into;
}

/**
 * Teachers on two collèges, as is common: the last `n` teachers of `into` (not its notable professeur) are replaced
 * by teachers of `from`, who then also hold a teacher profile, teaching assignments and classes in `into`. Call it
 * before `into` is inserted and its timetable seeded. The two timetables are built independently, so a shared
 * teacher may have two courses at once in the two schools: demo data, not a real timetable.
 */
export function shareTeachers(from: GeneratedCollege, into: GeneratedCollege, n: number): number {
  // Only the school's own teachers (not those it already borrows), so that nobody ends up in three schools.
  const teachersOf = (c: GeneratedCollege) => {
    const own = new Set(c.rows.people.map((p) => p.id));
    return c.rows.profiles
      .filter((p) => p.kind === 'teacher' && own.has(p.person_id) && p.person_id !== c.notable.professeur)
      .map((p) => p.person_id!);
  };
  const home = teachersOf(from).slice(-n);
  const away = teachersOf(into).slice(-home.length);
  const to = new Map(away.map((id, i) => [id, home[i]!]));
  const swap = (id: string | null | undefined) => (id && to.get(id)) ?? id;
  const r = into.rows;
  r.people = r.people.filter((p) => !to.has(p.id!));
  for (const p of r.profiles) p.person_id = swap(p.person_id)!;
  for (const a of r.teaching_assignments) a.teacher_id = swap(a.teacher_id)!;
  for (const c of r.class_principals) c.teacher_id = swap(c.teacher_id)!;
  into.counts.accounts = (into.counts.accounts ?? 0) - to.size;
  return to.size;
}
