import type { Db } from '../../db/types.ts';
import type { Actor } from '../../lib/policy.ts';
import { hasProfile } from '../../lib/policy.ts';
import { NetworkRanges } from '../auth/auth.throttle.ts';
import type { ServiceFamily } from './usage.families.ts';
import * as repo from './usage.repo.ts';

/**
 * First-party usage measurement (docs/pilotage.md). Each signed-in API request adds to in-memory counters keyed by
 * school, local day and hour, place and profile; the counters are added to the database every few seconds in one
 * transaction, after the response has gone. Nothing personal is kept: no person, no address, no raw event.
 */

/** A visit ends after this long without any request, as Xiti and the ENT audience studies counted it. */
export const VISIT_GAP_MS = 30 * 60_000;
const FLUSH_EVERY_MS = 10_000;
const SITES_TTL_MS = 60_000;
const PURGE_EVERY_MS = 24 * 3600_000;

export const USAGE_PROFILES = ['pupil', 'guardian', 'teacher', 'staff'] as const;
export type UsageProfile = (typeof USAGE_PROFILES)[number];
export const OUTSIDE = 'outside';

/** One person's activity as the session saw it: the first request of a session, or the gap since the last one. */
export interface Activity {
  /** The first request of a new session (just signed in). */
  first: boolean;
  /** Time since the session's previous recorded activity. */
  gapMs: number;
  /** Whether this request moved the session's last activity forward (at most once a minute). */
  touched: boolean;
}

/**
 * What a request adds: a new visit when the session is new or was idle for 30 minutes or more; active time when the
 * session's activity is moved forward within a visit (so active time has the granularity of those moves, a minute).
 */
export function visitOf(a: Activity): { visit: boolean; activeSeconds: number } {
  if (a.first || a.gapMs >= VISIT_GAP_MS) return { visit: true, activeSeconds: 0 };
  return { visit: false, activeSeconds: a.touched ? Math.round(a.gapMs / 1000) : 0 };
}

/** The profile counted for a person in a school: a teacher counts as a teacher even when also a guardian. */
export function usageProfileOf(actor: Actor, schoolId: string): UsageProfile | null {
  for (const k of ['teacher', 'staff', 'guardian', 'pupil'] as const) if (hasProfile(actor, schoolId, k)) return k;
  return null;
}

const localFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
});
const hourCache = new Map<number, { day: string; hour: number }>();

/** The local (Europe/Paris) day and hour of an instant. Offsets are whole hours, so one answer per UTC hour. */
export function localDayHour(ms: number): { day: string; hour: number } {
  const bucket = Math.floor(ms / 3_600_000);
  const hit = hourCache.get(bucket);
  if (hit) return hit;
  const parts = Object.fromEntries(
    localFormat.formatToParts(new Date(bucket * 3_600_000)).map((p) => [p.type, p.value]),
  );
  const v = { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
  if (hourCache.size > 1000) hourCache.clear();
  hourCache.set(bucket, v);
  return v;
}

export interface UsageEvent {
  at: number;
  schoolId: string;
  place: string;
  profile: UsageProfile;
  /** A request to a service of this family. */
  family?: ServiceFamily;
  visit?: boolean;
  activeSeconds?: number;
}

export interface VisitCounter {
  schoolId: string;
  day: string;
  hour: number;
  place: string;
  profile: string;
  visits: number;
  activeSeconds: number;
}
export interface ServiceCounter {
  schoolId: string;
  day: string;
  hour: number;
  place: string;
  profile: string;
  family: string;
  uses: number;
}

/** Pure aggregation: the counters a list of events adds (also what the tests replay events against). */
export class UsageCounters {
  readonly visits = new Map<string, VisitCounter>();
  readonly services = new Map<string, ServiceCounter>();

  add(e: UsageEvent) {
    const { day, hour } = localDayHour(e.at);
    if (e.visit || e.activeSeconds) {
      const k = `${e.schoolId}|${day}|${hour}|${e.place}|${e.profile}`;
      let c = this.visits.get(k);
      if (!c) {
        c = { schoolId: e.schoolId, day, hour, place: e.place, profile: e.profile, visits: 0, activeSeconds: 0 };
        this.visits.set(k, c);
      }
      if (e.visit) c.visits++;
      c.activeSeconds += e.activeSeconds ?? 0;
    }
    if (e.family) {
      const k = `${e.schoolId}|${day}|${hour}|${e.place}|${e.profile}|${e.family}`;
      let c = this.services.get(k);
      if (!c) {
        c = { schoolId: e.schoolId, day, hour, place: e.place, profile: e.profile, family: e.family, uses: 0 };
        this.services.set(k, c);
      }
      c.uses++;
    }
  }

  get size() {
    return this.visits.size + this.services.size;
  }
}

/** Batches counters in memory and adds them to the database every few seconds (and on close). */
export class UsageRecorder {
  #counters = new UsageCounters();
  readonly #sites = new Map<string, { at: number; sites: Array<{ id: string; ranges: NetworkRanges }> }>();
  readonly #timer: NodeJS.Timeout;
  readonly #purgeTimer: NodeJS.Timeout;
  #flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.#timer = setInterval(() => void this.flush().catch(() => {}), FLUSH_EVERY_MS);
    this.#timer.unref();
    this.#purgeTimer = setInterval(
      () => void repo.purgeBefore(this.db, retentionCutoff(this.now())).catch(() => {}),
      PURGE_EVERY_MS,
    );
    this.#purgeTimer.unref();
  }

  /** The place of a request: the site whose network ranges hold its address, or outside the school. */
  async placeOf(schoolId: string, ip: string): Promise<string> {
    let hit = this.#sites.get(schoolId);
    if (!hit || this.now() - hit.at > SITES_TTL_MS) {
      const rows = await repo.sitesOf(this.db, schoolId);
      hit = {
        at: this.now(),
        sites: rows.map((r) => ({ id: r.id, ranges: new NetworkRanges(parseRanges(r.network_ranges)) })),
      };
      this.#sites.set(schoolId, hit);
    }
    for (const s of hit.sites) if (s.ranges.size > 0 && s.ranges.has(ip)) return s.id;
    return OUTSIDE;
  }

  /** Records one signed-in API request. Called after the response is sent. */
  async recordRequest(o: { actor: Actor; ip: string; family: ServiceFamily; activity: Activity | null }) {
    const schoolId = o.actor.currentSchoolId ?? o.actor.profiles[0]?.schoolId;
    if (!schoolId) return;
    const profile = usageProfileOf(o.actor, schoolId);
    if (!profile) return;
    const place = await this.placeOf(schoolId, o.ip);
    const v = o.activity ? visitOf(o.activity) : { visit: false, activeSeconds: 0 };
    this.record({ at: this.now(), schoolId, place, profile, family: o.family, ...v });
  }

  record(e: UsageEvent) {
    this.#counters.add(e);
  }

  /** Adds the pending counters to the database in one transaction. */
  flush(): Promise<void> {
    this.#flushing = this.#flushing.then(async () => {
      if (this.#counters.size === 0) return;
      const batch = this.#counters;
      this.#counters = new UsageCounters();
      await repo.addCounters(this.db, [...batch.visits.values()], [...batch.services.values()]);
    });
    return this.#flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    clearInterval(this.#purgeTimer);
    await this.flush();
  }
}

function parseRanges(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** Counters are kept 25 months (CNIL, audience measurement: docs/pilotage.md), then deleted. */
export const RETENTION_MONTHS = 25;

/** The first local day still kept at `nowMs`. */
export function retentionCutoff(nowMs: number): string {
  const { day } = localDayHour(nowMs);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - RETENTION_MONTHS;
  const cy = Math.floor(total / 12);
  const cm = (total % 12) + 1;
  return `${cy}-${String(cm).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;
}
