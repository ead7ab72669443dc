// The 8:00 roll-call burst: every school's first-hour roll calls of a school day, taken by vie scolaire (CPE).
import type { Request } from 'autocannon';
import { addDays, weekdayOf } from '../src/server/modules/timetable/timetable.calendar.ts';
import { clearRollCallsOn } from './database.ts';
import type { BenchOptions } from './options.ts';
import { BENCH_USER_AGENT, type Session } from './sessions.ts';

interface MissingList {
  items: { courseId: string; date: string; startsAt: string }[];
}
interface RollCallView {
  rollCall: { version: number } | null;
  pupils: { id: string; knownAbsence: unknown; exemption: unknown }[];
}

export interface BurstPlan {
  date: string;
  schools: number;
  /** The earliest start time per school, counted: e.g. { '08:00': 129, '08:30': 1 }. */
  firstHours: Record<string, number>;
  /** Sessions of the first hour with fewer than 3 pupils to mark (not sent). */
  skipped: number;
  /** One PUT per session, shuffled across schools. */
  puts: Request[];
  seconds: number;
}

const parisToday = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

async function getJson<T>(url: string, s: Session, path: string): Promise<T> {
  const res = await fetch(`${url}${path}`, { headers: { cookie: s.cookie, 'user-agent': BENCH_USER_AGENT } });
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${path} as ${s.login} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function eachLimited<T, R>(items: T[], n: number, f: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
  return out;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

/**
 * Picks the school day D (the latest weekday before today whose missing-roll-call list is non-empty, once its
 * roll calls are cleared), clears D's roll calls in the bench database, lists each school's first-hour
 * sessions of D with that school's CPE, reads their pupils, and prebuilds one distinct PUT per session
 * (two absent, one 5-minute late pupil).
 */
export async function prepareBurst(o: BenchOptions, url: string, cpes: Session[]): Promise<BurstPlan> {
  const t0 = performance.now();
  const first = cpes[0];
  if (!first?.schoolId) throw new Error('No CPE signed in: the roll-call burst needs one per school');
  let date: string | undefined;
  for (let d = addDays(parisToday(), -1), tries = 0; tries < 90 && !date; d = addDays(d, -1), tries++) {
    if (weekdayOf(d) > 5) continue;
    await clearRollCallsOn(o, d);
    const m = await getJson<MissingList>(url, first, `/api/schools/${first.schoolId}/attendance/missing?date=${d}`);
    if (m.items.length > 0) date = d;
  }
  if (!date) throw new Error('No school day with sessions in the last 90 days');
  const day = date;

  const firstHours: Record<string, number> = {};
  const perSchool = await eachLimited(cpes, 8, async (cpe) => {
    const m = await getJson<MissingList>(url, cpe, `/api/schools/${cpe.schoolId}/attendance/missing?date=${day}`);
    if (m.items.length === 0) return [];
    const earliest = m.items.map((x) => x.startsAt).sort()[0]!;
    firstHours[earliest] = (firstHours[earliest] ?? 0) + 1;
    return m.items.filter((x) => x.startsAt === earliest).map((x) => ({ cpe, courseId: x.courseId }));
  });
  const sessions = perSchool.flat();

  let skipped = 0;
  const puts = await eachLimited(sessions, 8, async ({ cpe, courseId }): Promise<Request | null> => {
    const path = `/api/attendance/sessions/${courseId}/${day}`;
    const rc = await getJson<RollCallView>(url, cpe, path);
    const free = shuffle(rc.pupils.filter((p) => p.knownAbsence === null && p.exemption === null));
    if (free.length < 3) {
      skipped++;
      return null;
    }
    return {
      method: 'PUT',
      path,
      headers: {
        'content-type': 'application/json',
        cookie: cpe.cookie,
        'x-csrf-token': cpe.csrfToken,
        'user-agent': BENCH_USER_AGENT,
      },
      body: JSON.stringify({
        version: rc.rollCall?.version ?? null,
        absent: [free[0]!.id, free[1]!.id],
        late: [{ pupilId: free[2]!.id, minutes: 5 }],
      }),
    };
  });
  return {
    date: day,
    schools: perSchool.filter((x) => x.length > 0).length,
    firstHours,
    skipped,
    puts: shuffle(puts.filter((x): x is Request => x !== null)),
    seconds: (performance.now() - t0) / 1000,
  };
}
