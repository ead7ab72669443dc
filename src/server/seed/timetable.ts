/**
 * The demo timetable: time slots, rooms on every site, travel times between sites, every class's weekly
 * courses from its teaching assignments (half hours as week A / week B courses), and a few changes this
 * week (a cancellation, a room change, a replacement). Built greedily so that it is conflict-free by
 * construction — no teacher, room, class, group or pupil in two places, and no teacher switching sites
 * without the travel time — and checked with the timetable's own conflict finder in seed.timetable.test.ts.
 */
import type { Insertable } from 'kysely';
import type { DB, Executor } from '../db/types.ts';
import { newId } from '../lib/ids.ts';
import { addDays, minutesOf, mondayOf, SchoolCalendar } from '../modules/timetable/timetable.calendar.ts';
import type { GeneratedCollege } from './generator.ts';
import { LEVELS, SUBJECTS } from './generator.ts';
import { Rng } from './random.ts';

/** The usual collège day: four morning and four afternoon hours; Wednesday mornings only. */
export const DEMO_SLOTS = [
  ['M1', '08:00', '08:55'],
  ['M2', '09:00', '09:55'],
  ['M3', '10:05', '11:00'],
  ['M4', '11:05', '12:00'],
  ['S1', '13:30', '14:25'],
  ['S2', '14:30', '15:25'],
  ['S3', '15:35', '16:30'],
  ['S4', '16:35', '17:30'],
] as const;
const DAYS = [1, 2, 3, 4, 5] as const;
const slotsOfDay = (day: number) => (day === 3 ? 4 : DEMO_SLOTS.length);

const GROUP_HOURS: Record<string, number> = { language: 2.5, option: 2, cham: 2, chas: 3, ulis: 6 };
const GYM_SUBJECT = 'EPS';

export interface TimetableRows {
  time_slots: Array<Insertable<DB['time_slots']>>;
  rooms: Array<Insertable<DB['rooms']>>;
  travel_times: Array<Insertable<DB['travel_times']>>;
  courses: Array<Insertable<DB['courses']>>;
  course_teachers: Array<Insertable<DB['course_teachers']>>;
  course_groups: Array<Insertable<DB['course_groups']>>;
  session_changes: Array<Insertable<DB['session_changes']>>;
}
const TABLES = [
  'time_slots',
  'rooms',
  'travel_times',
  'courses',
  'course_teachers',
  'course_groups',
  'session_changes',
] as const satisfies ReadonlyArray<keyof TimetableRows>;

interface Unit {
  subjectId: string;
  subjectCode: string;
  teacherId: string;
  classId: string | null;
  groupId: string | null;
  hours: number;
  siteId: string;
}

/** Bits per resource: slot index × 2 weeks (A, B). */
const WEEK_BITS = { all: [0, 1], A: [0], B: [1] } as const;

export function generateTimetable(college: GeneratedCollege, o: { today: string; now: string }): TimetableRows {
  const r = college.rows;
  const school = r.schools[0]!;
  const year = r.school_years[0]!;
  const rng = new Rng(`timetable-${school.uai}`);
  const out: TimetableRows = {
    time_slots: [],
    rooms: [],
    travel_times: [],
    courses: [],
    course_teachers: [],
    course_groups: [],
    session_changes: [],
  };
  for (const [code, starts, ends] of DEMO_SLOTS) {
    out.time_slots.push({ id: newId(), school_id: school.id!, site_id: null, code, starts_at: starts, ends_at: ends });
  }

  // ---- Sites, rooms and travel times
  const sites = r.sites.map((s) => s.id!);
  const classes = r.classes.map((c) => ({ id: c.id!, code: c.code!, level: c.level!, siteId: c.site_id ?? sites[0]! }));
  const classById = new Map(classes.map((c) => [c.id, c]));
  const teachingSites = new Set(classes.map((c) => c.siteId));
  // The gym is on a site without classes when there is one (Collège Le Parc's Annexe Solbes).
  const gymSite = sites.find((s) => !teachingSites.has(s)) ?? sites[0]!;
  const roomsBySite = new Map<string, string[]>();
  const gyms: string[] = [];
  sites.forEach((siteId, si) => {
    const n = classes.filter((c) => c.siteId === siteId).length;
    const list: string[] = [];
    for (let i = 0; i < Math.ceil(n * 1.3) + 2 && n > 0; i++) {
      const id = newId();
      const code = `${String.fromCharCode(65 + si)}${String(101 + i)}`;
      out.rooms.push({ id, school_id: school.id!, site_id: siteId, code, label: `Salle ${code}`, capacity: 30 });
      list.push(id);
    }
    roomsBySite.set(siteId, list);
    if (siteId === gymSite) {
      const gymCount = Math.max(3, Math.ceil(classes.length / 8));
      for (let i = 0; i < gymCount; i++) {
        const id = newId();
        const code = `GYM${i + 1}${sites.length > 1 ? `-${String.fromCharCode(65 + si)}` : ''}`;
        out.rooms.push({ id, school_id: school.id!, site_id: siteId, code, label: `Gymnase ${i + 1}`, capacity: 30 });
        gyms.push(id);
      }
    }
  });
  const travel = new Map<string, number>();
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const minutes = 10 + 5 * ((i + j) % 3);
      for (const [a, b] of [
        [sites[i]!, sites[j]!],
        [sites[j]!, sites[i]!],
      ] as const) {
        travel.set(`${a}|${b}`, minutes);
        out.travel_times.push({ id: newId(), school_id: school.id!, from_site_id: a, to_site_id: b, minutes });
      }
    }
  }

  // ---- Units: what each teacher teaches to whom, for how many hours a week
  const subjectCode = new Map(r.subjects.map((s) => [s.id!, s.code!]));
  const groupById = new Map(r.groups.map((g) => [g.id!, g]));
  const pupilsOfClass = new Map<string, string[]>();
  for (const m of r.class_memberships)
    pupilsOfClass.set(m.class_id!, [...(pupilsOfClass.get(m.class_id!) ?? []), m.pupil_id!]);
  const classOfPupil = new Map(r.class_memberships.map((m) => [m.pupil_id!, m.class_id!]));
  const pupilsOfGroup = new Map<string, string[]>();
  for (const m of r.group_memberships)
    pupilsOfGroup.set(m.group_id!, [...(pupilsOfGroup.get(m.group_id!) ?? []), m.pupil_id!]);
  const siteOfGroup = (groupId: string) => {
    const counts = new Map<string, number>();
    for (const p of pupilsOfGroup.get(groupId) ?? []) {
      const s = classById.get(classOfPupil.get(p) ?? '')?.siteId;
      if (s) counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? sites[0]!;
  };
  const units: Unit[] = [];
  for (const a of r.teaching_assignments) {
    const code = subjectCode.get(a.subject_id!)!;
    let hours = 0;
    if (a.class_id) {
      const level = LEVELS.indexOf(classById.get(a.class_id)!.level as (typeof LEVELS)[number]);
      hours = SUBJECTS.find((s) => s.code === code)?.hours?.[level] ?? 0;
    } else if (a.group_id) {
      hours = GROUP_HOURS[groupById.get(a.group_id)?.kind ?? ''] ?? 2;
    }
    if (hours <= 0) continue;
    const siteId =
      code === GYM_SUBJECT ? gymSite : a.class_id ? classById.get(a.class_id)!.siteId : siteOfGroup(a.group_id!);
    units.push({
      subjectId: a.subject_id!,
      subjectCode: code,
      teacherId: a.teacher_id!,
      classId: a.class_id ?? null,
      groupId: a.group_id ?? null,
      hours,
      siteId,
    });
  }
  // Groups first (they span classes), then the biggest loads.
  units.sort((x, y) => Number(y.groupId !== null) - Number(x.groupId !== null) || y.hours - x.hours);

  // ---- Greedy placement with occupancy bitsets
  const slots: Array<{ day: number; index: number }> = [];
  for (const day of DAYS) for (let i = 0; i < slotsOfDay(day); i++) slots.push({ day, index: i });
  const busy = new Map<string, Uint8Array>();
  const bits = (id: string) => {
    const b = busy.get(id) ?? new Uint8Array(slots.length * 2);
    busy.set(id, b);
    return b;
  };
  const isFree = (id: string, s: number, weeks: 'all' | 'A' | 'B') =>
    WEEK_BITS[weeks].every((w) => bits(id)[s * 2 + w] === 0);
  const take = (id: string, s: number, weeks: 'all' | 'A' | 'B') => {
    for (const w of WEEK_BITS[weeks]) bits(id)[s * 2 + w] = 1;
  };
  // Where each teacher is at each slot, to respect travel times between consecutive hours.
  const teacherSite = new Map<string, string>();
  const travelOk = (teacherId: string, s: number, siteId: string, weeks: 'all' | 'A' | 'B' = 'all') => {
    const { day, index } = slots[s]!;
    for (const n of [s - 1, s + 1]) {
      const other = slots[n];
      if (!other || other.day !== day) continue;
      for (const w of WEEK_BITS[weeks]) {
        const there = teacherSite.get(`${teacherId}|${n}|${w}`);
        if (!there || there === siteId) continue;
        const [first, second] = n < s ? [other.index, index] : [index, other.index];
        const gap = minutesOf(DEMO_SLOTS[second]![1]) - minutesOf(DEMO_SLOTS[first]![2]);
        if (gap < (travel.get(`${there}|${siteId}`) ?? 30)) return false;
      }
    }
    return true;
  };
  const subjectDays = new Set<string>();
  let dropped = 0;
  const audienceOf = (u: Unit) => u.classId ?? u.groupId!;
  const peopleOf = (u: Unit) =>
    u.classId ? (pupilsOfClass.get(u.classId) ?? []) : (pupilsOfGroup.get(u.groupId!) ?? []);
  /** Places a bundle (units taught at the same time, e.g. every LV2 group of a level) for one hour. */
  const place = (bundle: Unit[], weeks: 'all' | 'A' | 'B'): boolean => {
    const order = rng.shuffle(slots.map((_, i) => i));
    for (const pass of [0, 1]) {
      for (const s of order) {
        const { day, index } = slots[s]!;
        const rooms: string[] = [];
        const fits = bundle.every((u) => {
          const audience = audienceOf(u);
          if (pass === 0 && subjectDays.has(`${audience}|${u.subjectId}|${day}`)) return false; // spread over the week
          if (!isFree(u.teacherId, s, weeks) || !isFree(audience, s, weeks)) return false;
          if (peopleOf(u).some((p) => !isFree(p, s, weeks))) return false;
          if (!travelOk(u.teacherId, s, u.siteId, weeks)) return false;
          const pool = u.subjectCode === GYM_SUBJECT ? gyms : (roomsBySite.get(u.siteId) ?? []);
          const room = pool.find((id) => isFree(id, s, weeks) && !rooms.includes(id));
          if (!room) return false;
          rooms.push(room);
          return true;
        });
        if (!fits) continue;
        bundle.forEach((u, i) => {
          const audience = audienceOf(u);
          const room = rooms[i]!;
          for (const id of [u.teacherId, audience, room, ...peopleOf(u)]) take(id, s, weeks);
          for (const w of WEEK_BITS[weeks]) teacherSite.set(`${u.teacherId}|${s}|${w}`, u.siteId);
          subjectDays.add(`${audience}|${u.subjectId}|${day}`);
          const courseId = newId();
          const [, startsAt, endsAt] = DEMO_SLOTS[index]!;
          out.courses.push({
            id: courseId,
            school_id: school.id!,
            school_year_id: year.id!,
            subject_id: u.subjectId,
            class_id: u.classId,
            room_id: room,
            weekday: day,
            starts_at: startsAt,
            ends_at: endsAt,
            weeks,
            valid_from: year.starts_on!,
            valid_to: year.ends_on!,
            source: 'seed',
            external_key: null,
            created_at: o.now,
            updated_at: o.now,
          });
          out.course_teachers.push({ course_id: courseId, teacher_id: u.teacherId });
          if (u.groupId) out.course_groups.push({ course_id: courseId, group_id: u.groupId });
        });
        return true;
      }
    }
    return false;
  };
  // LV2 groups of a level are taught at the same time (a "barrette"), Latin groups too: otherwise every
  // group would take hours from every class its pupils come from.
  const levelOfGroup = (groupId: string) => {
    const p = pupilsOfGroup.get(groupId)?.[0];
    return p ? classById.get(classOfPupil.get(p) ?? '')?.level : undefined;
  };
  const bundles = new Map<string, Unit[]>();
  for (const u of units) {
    const kind = u.groupId ? groupById.get(u.groupId)?.kind : undefined;
    let key = `${u.teacherId}|${audienceOf(u)}|${u.subjectId}`;
    if (u.groupId && (kind === 'language' || kind === 'option')) {
      // One teacher can be in one place: a teacher's second group of the level goes to the next bundle.
      let n = 0;
      while (bundles.get(`${kind}|${levelOfGroup(u.groupId)}|${n}`)?.some((o) => o.teacherId === u.teacherId)) n++;
      key = `${kind}|${levelOfGroup(u.groupId)}|${n}`;
    }
    bundles.set(key, [...(bundles.get(key) ?? []), u]);
  }
  // The most loaded teachers first: their weeks fill up, the others have room left.
  const load = new Map<string, number>();
  for (const u of units) load.set(u.teacherId, (load.get(u.teacherId) ?? 0) + u.hours);
  const priority = (b: Unit[]) => Math.max(...b.map((u) => load.get(u.teacherId) ?? 0)) + (b.length > 1 ? 100 : 0);
  const ordered = [...bundles.values()].sort((a, b) => priority(b) - priority(a));
  for (const bundle of ordered) {
    const hours = bundle[0]!.hours;
    for (let h = 0; h < Math.floor(hours); h++) if (!place(bundle, 'all')) dropped += bundle.length;
    // Half an hour a week: one hour every other week, week A or week B.
    if (hours % 1 !== 0 && !place(bundle, rng.chance(0.5) ? 'A' : 'B')) dropped += bundle.length;
  }

  // ---- A few changes this week, on the demo pupil's class when there is one
  const cal = new SchoolCalendar({ yearStart: year.starts_on!, yearEnd: year.ends_on!, zone: school.holiday_zone! });
  let monday = mondayOf(o.today);
  for (let i = 0; i < 10 && ![0, 1, 2, 3, 4].some((d) => cal.isSchoolDay(addDays(monday, d))); i++)
    monday = addDays(monday, 7);
  const eleveClass = classOfPupil.get(college.notable.eleve) ?? classes[0]?.id;
  const weekOf = (c: (typeof out.courses)[number]) => {
    const date = addDays(monday, c.weekday! - 1);
    return cal.runsOn({ weekday: c.weekday!, weeks: c.weeks!, validFrom: c.valid_from!, validTo: c.valid_to! }, date)
      ? date
      : null;
  };
  const ofClass = out.courses.filter((c) => c.class_id === eleveClass && weekOf(c) !== null);
  ofClass.sort((a, b) => a.weekday! - b.weekday! || a.starts_at!.localeCompare(b.starts_at!));
  const change = (c: (typeof ofClass)[number] | undefined, values: Partial<Insertable<DB['session_changes']>>) => {
    if (!c) return;
    out.session_changes.push({
      id: newId(),
      school_id: school.id!,
      course_id: c.id!,
      session_date: weekOf(c)!,
      cancelled: 0,
      new_date: null,
      new_starts_at: null,
      new_ends_at: null,
      room_id: null,
      replacement_teacher_id: null,
      reason: '',
      changed_by: null,
      changed_at: o.now,
      ...values,
    });
  };
  change(ofClass[1], { cancelled: 1, reason: 'Professeur absent' });
  // A room change to a room free at that hour, on the same site.
  const roomChange = ofClass.find(
    (c, i) => i > 2 && out.rooms.find((x) => x.id === c.room_id)?.code?.startsWith('GYM') !== true,
  );
  if (roomChange) {
    const s = slots.findIndex((x) => x.day === roomChange.weekday && DEMO_SLOTS[x.index]![1] === roomChange.starts_at);
    const site = out.rooms.find((x) => x.id === roomChange.room_id)?.site_id;
    const free = out.rooms.find(
      (x) => x.site_id === site && x.id !== roomChange.room_id && !x.code!.startsWith('GYM') && isFree(x.id!, s, 'all'),
    );
    if (free) change(roomChange, { room_id: free.id!, reason: 'Salle indisponible (travaux)' });
  }
  // A replacement by a colleague of the same subject who is free then, with no site change around it.
  for (const c of ofClass.slice(4)) {
    if (c === roomChange) continue;
    const s = slots.findIndex((x) => x.day === c.weekday && DEMO_SLOTS[x.index]![1] === c.starts_at);
    const site = out.rooms.find((x) => x.id === c.room_id)?.site_id ?? sites[0]!;
    const teacher = out.course_teachers.find((t) => t.course_id === c.id)?.teacher_id;
    const colleague = units.find(
      (u) =>
        u.subjectId === c.subject_id &&
        u.teacherId !== teacher &&
        isFree(u.teacherId, s, 'all') &&
        travelOk(u.teacherId, s, site),
    );
    if (colleague) {
      change(c, { replacement_teacher_id: colleague.teacherId, reason: 'Remplacement (formation)' });
      break;
    }
  }
  college.counts.timetableHoursNotPlaced = dropped;
  return out;
}

const CHUNK_ROWS = 500;

/** Writes a generated timetable (the caller provides the transaction, or each table is its own). */
export async function insertTimetableRows(db: Executor, rows: TimetableRows): Promise<Record<string, number>> {
  for (const table of TABLES) {
    const list = rows[table];
    for (let i = 0; i < list.length; i += CHUNK_ROWS) {
      await db
        .insertInto(table)
        .values(list.slice(i, i + CHUNK_ROWS) as never)
        .execute();
    }
  }
  return { courses: rows.courses.length, rooms: rows.rooms.length, sessionChanges: rows.session_changes.length };
}

/** Generates and writes the timetable of a generated college. */
export function seedTimetable(db: Executor, college: GeneratedCollege, o: { today: string; now: string }) {
  return insertTimetableRows(db, generateTimetable(college, o));
}
