import type { Executor } from '../db/types.ts';
import { addDays, defaultDaysOff, weekdayOf } from '../modules/timetable/timetable.calendar.ts';
import { OUTSIDE } from '../modules/usage/usage.recorder.ts';
import { Rng } from './random.ts';

/**
 * A year of the demo college's usage counters (docs/pilotage.md), as the usage recorder would have added them:
 * school-day and weekend patterns, the Wednesday afternoon, the Sunday-evening homework peak, near-empty holidays,
 * and one lockdown-like week in March when everyone worked from home. Written as counters directly (the measure
 * keeps no raw event).
 */

type Profile = 'pupil' | 'guardian' | 'teacher' | 'staff';

/** Expected visits per hour on an ordinary school day (Monday, Tuesday, Thursday, Friday), per profile. */
const SCHOOL_DAY: Record<Profile, number[]> = {
  //        0  1  2  3  4  5  6   7   8   9  10  11  12  13  14  15  16  17  18  19  20  21  22  23
  pupil: [1, 0, 0, 0, 0, 0, 2, 14, 10, 6, 6, 8, 22, 18, 6, 6, 14, 30, 38, 36, 30, 16, 6, 2],
  guardian: [1, 0, 0, 0, 0, 0, 4, 22, 18, 8, 6, 6, 12, 10, 6, 6, 8, 16, 26, 34, 36, 26, 10, 3],
  teacher: [0, 0, 0, 0, 0, 0, 1, 8, 14, 12, 12, 10, 10, 12, 12, 10, 8, 6, 6, 6, 8, 8, 4, 1],
  staff: [0, 0, 0, 0, 0, 0, 0, 6, 8, 6, 5, 5, 3, 4, 5, 5, 4, 2, 0, 0, 0, 0, 0, 0],
};
const MINUTES_PER_VISIT: Record<Profile, number> = { pupil: 6, guardian: 4, teacher: 12, staff: 15 };
const USES_PER_VISIT = 5;
const FAMILIES: Record<Profile, Array<[string, number]>> = {
  pupil: [
    ['pedagogie', 0.4],
    ['vie_scolaire', 0.3],
    ['scolarite', 0.2],
    ['communication', 0.1],
  ],
  guardian: [
    ['vie_scolaire', 0.35],
    ['scolarite', 0.35],
    ['communication', 0.2],
    ['pedagogie', 0.1],
  ],
  teacher: [
    ['vie_scolaire', 0.45],
    ['scolarite', 0.25],
    ['pedagogie', 0.2],
    ['communication', 0.1],
  ],
  staff: [
    ['vie_scolaire', 0.5],
    ['communication', 0.2],
    ['services', 0.2],
    ['accompagnement', 0.1],
  ],
};

/** The factor of an hour of a given day: weekdays, Wednesday afternoons, weekends, holidays, the lockdown week. */
function factor(o: { weekday: number; hour: number; off: boolean; summer: boolean; lockdown: boolean }, p: Profile) {
  let f = 1;
  if (o.weekday === 3 && o.hour >= 12) f *= p === 'pupil' ? 1.4 : p === 'staff' ? 0.3 : 0.7;
  if (o.weekday === 6) f *= p === 'staff' ? 0 : 0.25;
  if (o.weekday === 7) f *= p === 'staff' ? 0 : o.hour >= 17 && o.hour <= 22 ? 1.6 : 0.3; // Sunday evening homework
  if (o.off) f *= o.summer ? 0.02 : 0.12;
  if (o.lockdown) f *= p === 'staff' ? 1.5 : 2.6;
  return f;
}

/** Where a visit of this profile at this hour comes from: a site (school hours, weekdays) or outside. */
function places(p: Profile, o: { weekday: number; hour: number; off: boolean; lockdown: boolean }, sites: string[]) {
  const inSchool = !o.off && !o.lockdown && o.weekday <= 5 && o.hour >= 8 && o.hour <= 17;
  const onSite = !inSchool ? 0 : p === 'staff' ? 0.95 : p === 'teacher' ? 0.8 : p === 'pupil' ? 0.3 : 0;
  const [parc, barrault, solbes] = sites;
  const out: Array<[string, number]> = [[OUTSIDE, 1 - onSite]];
  if (onSite > 0 && parc && barrault && solbes) {
    const split: Array<[string, number]> =
      p === 'staff'
        ? [
            [solbes, 0.5],
            [parc, 0.25],
            [barrault, 0.25],
          ]
        : [
            [parc, 0.45],
            [barrault, 0.45],
            [solbes, 0.1],
          ];
    for (const [s, w] of split) out.push([s, onSite * w]);
  }
  return out;
}

export async function seedUsage(
  db: Executor,
  o: { schoolId: string; siteIds: string[]; zone: string; today: string },
): Promise<{ usageDays: number }> {
  const rng = new Rng(`usage-${o.schoolId}`);
  const from = addDays(o.today, -365);
  const to = addDays(o.today, -1);
  const off = new Set<string>();
  const summer = new Set<string>();
  for (const r of defaultDaysOff(o.zone, from, to)) {
    for (let d = r.startsOn; d <= r.endsOn; d = addDays(d, 1)) {
      off.add(d);
      if (r.label.includes('été')) summer.add(d);
    }
  }
  // A lockdown-like week: the third week of March, everyone at home.
  const year = Number(from.slice(5) <= '03-16' ? from.slice(0, 4) : to.slice(0, 4));
  const lockFrom = `${year}-03-16`;
  const lockTo = `${year}-03-20`;

  const visits: Array<Record<string, string | number>> = [];
  const services: Array<Record<string, string | number>> = [];
  let days = 0;
  for (let d = from; d <= to; d = addDays(d, 1)) {
    days++;
    const weekday = weekdayOf(d);
    const ctx = { weekday, off: off.has(d), summer: summer.has(d), lockdown: d >= lockFrom && d <= lockTo };
    for (let hour = 0; hour < 24; hour++) {
      for (const p of ['pupil', 'guardian', 'teacher', 'staff'] as const) {
        const expected = SCHOOL_DAY[p][hour]! * factor({ ...ctx, hour }, p);
        if (expected <= 0) continue;
        for (const [place, share] of places(p, { ...ctx, hour }, o.siteIds)) {
          const v = Math.round(expected * share * (0.75 + rng.next() * 0.5));
          if (v <= 0) continue;
          const base = { school_id: o.schoolId, day: d, hour, place, profile: p };
          visits.push({
            ...base,
            visits: v,
            active_seconds: Math.round(v * MINUTES_PER_VISIT[p] * 60 * (0.8 + rng.next() * 0.4)),
          });
          for (const [family, w] of FAMILIES[p]) {
            const uses = Math.round(v * USES_PER_VISIT * w * (0.8 + rng.next() * 0.4));
            if (uses > 0) services.push({ ...base, family, uses });
          }
        }
      }
    }
  }
  for (let i = 0; i < visits.length; i += 500) {
    await db
      .insertInto('usage_visits')
      .values(visits.slice(i, i + 500) as never)
      .execute();
  }
  for (let i = 0; i < services.length; i += 500) {
    await db
      .insertInto('usage_services')
      .values(services.slice(i, i + 500) as never)
      .execute();
  }
  return { usageDays: days };
}
