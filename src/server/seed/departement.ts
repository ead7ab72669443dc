import { refreshPlannerStatistics } from '../db/database.ts';
import type { Db } from '../db/types.ts';
import { todayInParis } from '../lib/dates.ts';
import { nowIso } from '../lib/ids.ts';
import { hashPassword } from '../lib/passwords.ts';
import { applyDemoAccounts, DEMO_PASSWORD, LE_PARC, reserveDemoLogins } from './demo.ts';
import {
  addCounts,
  type CollegeSpec,
  type GeneratedCollege,
  generateCollege,
  insertSeedRows,
  type Level,
  LoginRegistry,
  type SiteSpec,
  shareTeachers,
} from './generator.ts';
import { COLLEGE_NAMES, SEINE_SAINT_DENIS_TOWNS, STREETS } from './names.ts';
import { Rng } from './random.ts';
import { seedTimetable } from './timetable.ts';
import { seedSchoolYear, type YearSeedOptions } from './year.ts';

/** Teachers each school shares with the previous one (teachers on two collèges are common). */
const SHARED_TEACHERS = 2;

/** Schools written per transaction: few, large transactions, with memory bounded to a handful of schools. */
const SCHOOLS_PER_TRANSACTION = 10;

const UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A UAI: seven digits and the check letter (the number modulo 23 in the UAI alphabet). */
export function uaiOf(number: number): string {
  const digits = String(number).padStart(7, '0');
  return `${digits}${UAI_KEYS[number % 23]}`;
}

/**
 * The spec of the département's school number `index` (0-based). School 0 is Collège Le Parc;
 * the others are generated collèges of Seine-Saint-Denis, 600 to 800 pupils, with UAIs 0930xxx.
 */
export function departementSpec(index: number): CollegeSpec {
  if (index === 0) return LE_PARC;
  const rng = new Rng(`departement-${index}`);
  // Name and town walk two lists of coprime-ish lengths, so no pair repeats within a département.
  const [town, postcode] = SEINE_SAINT_DENIS_TOWNS[index % SEINE_SAINT_DENIS_TOWNS.length]!;
  const name = `Collège ${COLLEGE_NAMES[index % COLLEGE_NAMES.length]!}`;
  const address = () => `${rng.int(1, 140)} ${rng.pick(STREETS)}, ${postcode} ${town}`;
  const net = (site: number) => `172.${16 + (index >> 6)}.${(index & 63) * 4 + site}.0/24`;
  const sites: SiteSpec[] = rng.chance(0.25)
    ? [
        { name: 'Site principal', address: address(), networkRanges: [net(0)], levels: ['4e', '3e'] as Level[] },
        { name: 'Annexe', address: address(), networkRanges: [net(1)], levels: ['6e', '5e'] as Level[] },
      ]
    : [{ name: 'Site principal', address: address(), networkRanges: [net(0)], levels: ['6e', '5e', '4e', '3e'] }];
  const classesPerLevel = rng.weighted([
    [6, 45],
    [7, 40],
    [8, 15],
  ] as const);
  const classes = classesPerLevel * 4;
  const lv2: Array<readonly [string, number]> = [
    ['ESPAGNOL LV2', rng.int(50, 65)],
    ['ALLEMAND LV2', rng.int(15, 25)],
  ];
  if (rng.chance(0.5)) lv2.push(['ARABE LV2', rng.int(8, 15)]);
  if (rng.chance(0.2)) lv2.push(['ITALIEN LV2', rng.int(5, 12)]);
  if (rng.chance(0.2)) lv2.push(['PORTUGAIS LV2', rng.int(5, 12)]);
  return {
    seed: `departement-${index}`,
    uai: uaiOf(930000 + index),
    name,
    town,
    academie: 'Créteil',
    holidayZone: 'C',
    sites,
    classesPerLevel,
    classSize: [22, 27],
    teachers: Math.round(classes * 2.2),
    staff: {
      principal: 1,
      deputy: 1,
      cpe: sites.length + (classes > 26 ? 1 : 0),
      assistant_education: Math.round(classes / 2),
      psyen: 1,
      assistante_sociale: 1,
      infirmiere: 1,
      secretariat: 3,
      accueil: 2,
      documentaliste: 1,
      school_admin: 1,
      dpo: 0,
    },
    lv2,
    latin: rng.chance(0.8),
    cham: rng.chance(0.25),
    chas: rng.chance(0.2),
    ulis: rng.chance(0.7),
    contactRate: 0.15,
  };
}

export interface DepartementOptions {
  schools: number;
  /** The password of every account; DEMO_PASSWORD by default. */
  password?: string;
  /** Progress lines; console.log by default. */
  log?: (line: string) => void;
  /**
   * Then a whole school year in every school (`seedSchoolYear`: vie scolaire, cahier de textes, grades, report
   * cards, notifications, news, messages), one transaction per school.
   */
  year?: boolean;
}

/**
 * Builds a département: Collège Le Parc (with its demo sign-ins) and `schools - 1` generated
 * collèges, about 1,700 accounts each (130 schools ≈ 220,000 accounts). Each school shares two teachers with the
 * previous one, so that people of two schools exist everywhere (and school scoping is exercised).
 *
 * DEMO AND BENCHMARK DATA ONLY: every account (pupils, guardians, teachers, staff) gets the same
 * password hash, so that the benchmark can sign in any sample of people. Never run on real data.
 */
export async function seedDepartement(db: Db, options: DepartementOptions): Promise<Record<string, number>> {
  const log = options.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  const passwordHash = await hashPassword(options.password ?? DEMO_PASSWORD);
  const logins = new LoginRegistry();
  reserveDemoLogins(logins);
  const today = todayInParis();
  const now = nowIso();
  const totals: Record<string, number> = { schools: 0 };
  const width = String(options.schools).length;
  let previous: GeneratedCollege | null = null;
  /** What the year needs of each school (a few ids): the generated rows themselves are not kept. */
  const yearOf: Array<Omit<YearSeedOptions, 'today' | 'now'> & { label: string }> = [];

  for (let first = 0; first < options.schools; first += SCHOOLS_PER_TRANSACTION) {
    const last = Math.min(options.schools, first + SCHOOLS_PER_TRANSACTION);
    await db.transaction().execute(async (trx) => {
      for (let index = first; index < last; index++) {
        const spec = departementSpec(index);
        const college = generateCollege(spec, { logins, passwordHash, today, now });
        if (index === 0) applyDemoAccounts(college, passwordHash);
        if (previous) addCounts(totals, { sharedTeachers: shareTeachers(previous, college, SHARED_TEACHERS) });
        previous = college;
        await insertSeedRows(trx, college.rows);
        await seedTimetable(trx, college, { today, now });
        addCounts(totals, { schools: 1, ...college.counts });
        if (options.year) {
          yearOf.push({
            schoolId: college.schoolId,
            seedName: spec.seed,
            notable: college.notable,
            label: `${spec.name}, ${spec.town}`,
          });
        }
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        log(
          `[${String(index + 1).padStart(width)}/${options.schools}] ${spec.name}, ${spec.town} (${spec.uai}): ` +
            `${college.counts.pupils} pupils, ${college.counts.accounts} accounts — ${totals.accounts} in all, ${seconds} s`,
        );
      }
    });
  }
  if (options.year) await seedYears(db, yearOf, { today, now, totals, log, width });
  return totals;
}

/** Resident set size in MB, for the progress lines (memory must stay flat from school to school). */
const rssMb = () => Math.round(process.memoryUsage().rss / 1_048_576);
const heapMb = () => Math.round(process.memoryUsage().heapUsed / 1_048_576);

async function seedYears(
  db: Db,
  schools: Array<Omit<YearSeedOptions, 'today' | 'now'> & { label: string }>,
  o: { today: string; now: string; totals: Record<string, number>; log: (line: string) => void; width: number },
) {
  // PostgreSQL plans the generators' reads better with statistics of the freshly loaded people and timetables.
  await refreshPlannerStatistics(db);
  const started = Date.now();
  let peak = rssMb();
  for (const [i, school] of schools.entries()) {
    const t = Date.now();
    const timings: Record<string, number> = {};
    const counts = await db
      .transaction()
      .execute((trx) => seedSchoolYear(trx, { ...school, today: o.today, now: o.now, timings }));
    addCounts(o.totals, counts);
    // Statistics again once the year's tables hold a school: they were empty when first analysed.
    if (i === 0) await refreshPlannerStatistics(db);
    const rss = rssMb();
    peak = Math.max(peak, rss);
    o.log(
      `[year ${String(i + 1).padStart(o.width)}/${schools.length}] ${school.label}: ` +
        `${counts.grades ?? 0} grades, ${counts.attendance_events ?? 0} attendance events, ` +
        `${counts.homework ?? 0} homework, ${counts.report_cards ?? 0} report cards, ` +
        `${counts.notifications ?? 0} notifications in ${((Date.now() - t) / 1000).toFixed(1)} s — ` +
        `RSS ${rss} MB (heap ${heapMb()} MB), ${((Date.now() - started) / 1000).toFixed(1)} s in all ` +
        `(${Object.entries(timings)
          .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
          .join(', ')})`,
    );
  }
  addCounts(o.totals, { year_seconds: Math.round((Date.now() - started) / 1000), peak_rss_mb: peak });
}
