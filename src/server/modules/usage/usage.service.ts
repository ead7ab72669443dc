import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { canSeeReceipts } from '../news/news.policy.ts';
import { findFamilyReachOfLastNews } from '../news/news.service.ts';
import { findParticipation } from '../questionnaires/questionnaires.service.ts';
import { addDays, weekdayOf } from '../timetable/timetable.calendar.ts';
import { findCalendarOfSchool } from '../timetable/timetable.service.ts';
import { SERVICE_FAMILIES, type ServiceFamily } from './usage.families.ts';
import { renderUsagePdf } from './usage.pdf.ts';
import * as policy from './usage.policy.ts';
import { OUTSIDE, USAGE_PROFILES } from './usage.recorder.ts';
import * as repo from './usage.repo.ts';

/** Figures under this count are not shown (docs/pilotage.md): no one can be singled out. */
export const MIN_COUNT = 5;

/** A count, or null when it is under the minimum (0 stays 0: it singles no one out). */
export const masked = (v: number): number | null => (v > 0 && v < MIN_COUNT ? null : v);
/** A share, or null when its whole is under the minimum. */
export const rateOf = (part: number, whole: number): number | null =>
  whole < MIN_COUNT ? null : Math.round((part / whole) * 1000) / 1000;
const share = (active: number, total: number) => ({
  total: masked(total),
  active: masked(active),
  rate: rateOf(active, total),
});

interface RangeInput {
  from?: string;
  to?: string;
  now?: Date;
}

export async function getSchoolUsage(db: Executor, actor: Actor, schoolId: string, input: RangeInput = {}) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(policy.canReadSchoolUsage(actor, schoolId));
  const school = await repo.schoolOf(db, schoolId);
  if (!school) throw new AppError('NOT_FOUND', 'School not found');
  const now = input.now ?? new Date();
  const today = todayInParis(now);
  const year = await repo.yearOn(db, schoolId, input.to ?? today);
  const from = input.from ?? year?.starts_on ?? addDays(today, -365);
  const to = input.to ?? today;
  if (from > to) throw new AppError('VALIDATION_FAILED', 'The start date must come before the end date');
  const range = { schoolId, from, to };

  const [
    perDay,
    perDayHour,
    perPlaceProfile,
    perFamily,
    sites,
    pupils,
    guardians,
    staff,
    ticks,
    reads,
    justif,
    news,
    questionnaires,
  ] = await Promise.all([
    repo.visitsPerDay(db, range),
    repo.visitsPerDayHour(db, range),
    repo.visitsPerPlaceProfile(db, range),
    repo.usesPerFamilyProfile(db, range),
    repo.sitesOf(db, schoolId),
    repo.pupilActivationByClass(db, schoolId, to),
    repo.guardianActivationByClass(db, schoolId, to),
    repo.staffActivation(db, schoolId),
    repo.homeworkTicks(db, range),
    repo.reportCardsRead(db, { ...range, nowIso: now.toISOString() }),
    repo.justificationsOnline(db, range),
    findFamilyReachOfLastNews(db, schoolId, now),
    findParticipation(db, schoolId, from, to, now),
  ]);

  // Every day of the range, with the school calendar's days off for shading.
  const byDay = new Map(perDay.map((d) => [d.day, d]));
  const calendar = await findCalendarOfSchool(db, schoolId, to);
  const days = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const v = byDay.get(d);
    const off = calendar && d >= calendar.startsOn && d <= calendar.endsOn ? calendar.cal.dayOffLabel(d) : null;
    days.push({
      day: d,
      visits: masked(v?.visits ?? 0),
      activeMinutes: v ? (masked(v.visits) === null ? null : Math.round(v.activeSeconds / 60)) : 0,
      offLabel: off,
    });
  }

  const heat = new Map<string, number>();
  for (const r of perDayHour) {
    const k = `${weekdayOf(r.day)}|${r.hour}`;
    heat.set(k, (heat.get(k) ?? 0) + r.visits);
  }
  const heatmap = [];
  for (let wd = 1; wd <= 7; wd++) {
    for (let h = 0; h < 24; h++) heatmap.push({ weekday: wd, hour: h, visits: masked(heat.get(`${wd}|${h}`) ?? 0) });
  }

  const totalVisits = perPlaceProfile.reduce((s, r) => s + r.visits, 0);
  const placeTotals = new Map<string, number>();
  for (const r of perPlaceProfile) placeTotals.set(r.place, (placeTotals.get(r.place) ?? 0) + r.visits);
  const places = [
    ...sites.map((s) => ({ place: s.id, label: s.name })),
    { place: OUTSIDE, label: 'Hors de l’établissement' },
  ].map((p) => {
    const v = placeTotals.get(p.place) ?? 0;
    return { ...p, visits: masked(v), share: masked(v) === null ? null : rateOf(v, totalVisits) };
  });

  const profiles = USAGE_PROFILES.map((profile) => {
    const rows = perPlaceProfile.filter((r) => r.profile === profile);
    const visits = rows.reduce((s, r) => s + r.visits, 0);
    const secs = rows.reduce((s, r) => s + r.activeSeconds, 0);
    return {
      profile,
      visits: masked(visits),
      activeHours: masked(visits) === null ? null : Math.round(secs / 360) / 10,
    };
  });

  const totalUses = perFamily.reduce((s, r) => s + r.uses, 0);
  const families = SERVICE_FAMILIES.map((family) => {
    const uses = perFamily.filter((r) => r.family === family).reduce((s, r) => s + r.uses, 0);
    return { family, uses: masked(uses), share: masked(uses) === null ? null : rateOf(uses, totalUses) };
  });

  return {
    school: { id: school.id, name: school.name },
    from,
    to,
    minCount: MIN_COUNT,
    days,
    heatmap,
    places,
    profiles,
    families,
    activation: {
      classes: pupils.map((c) => {
        const g = guardians.get(c.classId) ?? { total: 0, active: 0 };
        return {
          classId: c.classId,
          label: c.label,
          level: c.level,
          pupils: share(c.active, c.total),
          guardians: share(g.active, g.total),
        };
      }),
      staff: (['teacher', 'staff'] as const).map((kind) => {
        const s = staff.find((x) => x.kind === kind) ?? { total: 0, active: 0 };
        return { kind, ...share(s.active, s.total) };
      }),
    },
    indicators: {
      homeworkTicked: {
        done: masked(ticks.done),
        possible: masked(ticks.possible),
        rate: rateOf(ticks.done, ticks.possible),
      },
      reportCardsRead: { read: masked(reads.read), total: masked(reads.total), rate: rateOf(reads.read, reads.total) },
      justificationsOnline: {
        online: masked(justif.online),
        total: masked(justif.total),
        rate: rateOf(justif.online, justif.total),
      },
    },
    lastNews: news && {
      id: news.id,
      title: news.title,
      publishAt: news.publishAt,
      ackRequired: news.ackRequired,
      families: masked(news.families),
      opened: masked(news.opened),
      openedRate: rateOf(news.opened, news.families),
      confirmed: news.ackRequired ? masked(news.confirmed) : null,
      confirmedRate: news.ackRequired ? rateOf(news.confirmed, news.families) : null,
      canSeeReceipts: canSeeReceipts(actor, { school_id: schoolId, author_id: news.authorId }),
    },
    questionnaires: questionnaires.map((q) => ({
      id: q.id,
      title: q.title,
      anonymous: q.anonymous,
      open: q.open,
      opensOn: q.opensOn,
      closesOn: q.closesOn,
      respondents: masked(q.respondents),
      audience: masked(q.audience),
      rate: rateOf(Math.min(q.respondents, q.audience), q.audience),
    })),
    canListInactive: policy.canListInactive(actor, schoolId),
  };
}

export type SchoolUsage = Awaited<ReturnType<typeof getSchoolUsage>>;

/**
 * The one-page PDF for the conseil d'administration: the dashboard's figures for the range, as the dashboard shows
 * them (same checks, same minimum-count rule).
 */
export async function getSchoolUsagePdf(db: Executor, actor: Actor, schoolId: string, input: RangeInput = {}) {
  const usage = await getSchoolUsage(db, actor, schoolId, input);
  const body = await renderUsagePdf({ usage, now: input.now ?? new Date() });
  return { fileName: `usages-ent-${usage.from}-${usage.to}.pdf`, body };
}

/** Who in one class never activated their account: the list staff phone or hand a letter to. */
export async function getInactiveOfClass(
  db: Executor,
  actor: Actor,
  schoolId: string,
  classId: string,
  now = new Date(),
) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(policy.canListInactive(actor, schoolId));
  const c = await repo.findClass(db, classId);
  if (!c || c.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Class not found');
  const { pupils, guardians } = await repo.notActivatedOfClass(db, classId, todayInParis(now));
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'fr');
  const seen = new Set<string>();
  return {
    class: { id: c.id, label: c.label },
    pupils: pupils.map((p) => ({ id: p.id, name: `${p.last_name} ${p.first_name}` })).sort(byName),
    guardians: guardians
      .filter((g) => {
        if (seen.has(g.id)) return false;
        seen.add(g.id);
        return true;
      })
      .map((g) => ({
        id: g.id,
        name: `${g.last_name} ${g.first_name}`,
        phone: g.phone,
        childName: `${g.child_first} ${g.child_last}`,
      }))
      .sort(byName),
  };
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Every school of the deployment side by side over a range (default: the last 30 days). */
export async function getDepartmentUsage(db: Executor, actor: Actor, input: RangeInput = {}) {
  assertCan(policy.canReadDepartmentUsage(actor));
  const today = todayInParis(input.now ?? new Date());
  const to = input.to ?? today;
  const from = input.from ?? addDays(to, -29);
  if (from > to) throw new AppError('VALIDATION_FAILED', 'The start date must come before the end date');
  const [schools, visits, uses, activation] = await Promise.all([
    repo.allSchools(db),
    repo.schoolsVisits(db, from, to),
    repo.schoolsUses(db, from, to),
    repo.schoolsActivation(db),
  ]);
  const rows = schools.map((s) => {
    const act = (kind: string) =>
      activation.find((a) => a.schoolId === s.id && a.kind === kind) ?? { total: 0, active: 0 };
    const pupils = act('pupil');
    const guardians = act('guardian');
    const v = visits.filter((x) => x.schoolId === s.id).reduce((sum, x) => sum + x.visits, 0);
    const u = uses.filter((x) => x.schoolId === s.id);
    const totalUses = u.reduce((sum, x) => sum + x.uses, 0);
    return {
      id: s.id,
      name: s.name,
      town: s.town,
      pupils: share(pupils.active, pupils.total),
      guardians: share(guardians.active, guardians.total),
      visits: masked(v),
      visitsPerPupil: pupils.total >= MIN_COUNT && masked(v) !== null ? Math.round((v / pupils.total) * 10) / 10 : null,
      families: SERVICE_FAMILIES.map((family: ServiceFamily) => {
        const n = u.filter((x) => x.family === family).reduce((sum, x) => sum + x.uses, 0);
        return { family, share: masked(n) === null ? null : rateOf(n, totalUses) };
      }),
      familyActivation: rateOf(pupils.active + guardians.active, pupils.total + guardians.total),
    };
  });
  const medActivation = median(rows.map((r) => r.familyActivation).filter((x): x is number => x !== null));
  const medVisits = median(rows.map((r) => r.visitsPerPupil).filter((x): x is number => x !== null));
  return {
    from,
    to,
    minCount: MIN_COUNT,
    median: { activation: medActivation, visitsPerPupil: medVisits },
    schools: rows
      .map(({ familyActivation, ...r }) => ({
        ...r,
        // Lagging: families' activation under three quarters of the median school's.
        lagging: medActivation !== null && familyActivation !== null && familyActivation < medActivation * 0.75,
      }))
      .sort((a, b) => Number(b.lagging) - Number(a.lagging) || a.name.localeCompare(b.name, 'fr')),
  };
}

/**
 * A teacher's dashboard: per class they teach, the homework they set that pupils ticked « fait » and the class's
 * report cards that a guardian opened, over the school year so far (or the range asked), with the minimum-count rule.
 */
export async function getTeacherUsage(db: Executor, actor: Actor, schoolId: string, input: RangeInput = {}) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(policy.canReadTeacherUsage(actor, schoolId));
  const now = input.now ?? new Date();
  const today = todayInParis(now);
  const year = await repo.yearOn(db, schoolId, input.to ?? today);
  const from = input.from ?? year?.starts_on ?? addDays(today, -365);
  const to = input.to ?? today;
  if (from > to) throw new AppError('VALIDATION_FAILED', 'The start date must come before the end date');
  const classes = await repo.taughtClasses(db, schoolId, actor.personId);
  const classIds = classes.map((c) => c.id);
  const range = { schoolId, from, to, classIds };
  const [ticks, reads, groups] = await Promise.all([
    repo.teacherHomeworkTicks(db, { ...range, teacherId: actor.personId }),
    repo.reportCardsReadByClass(db, { ...range, nowIso: now.toISOString() }),
    repo.teacherGroupHomeworkTicks(db, { schoolId, from, to, teacherId: actor.personId }),
  ]);
  return {
    from,
    to,
    minCount: MIN_COUNT,
    classes: classes.map((c) => {
      const t = ticks.get(c.id) ?? { done: 0, possible: 0 };
      const r = reads.get(c.id) ?? { read: 0, total: 0 };
      return {
        classId: c.id,
        label: c.label,
        homeworkTicked: { done: masked(t.done), possible: masked(t.possible), rate: rateOf(t.done, t.possible) },
        reportCardsRead: { read: masked(r.read), total: masked(r.total), rate: rateOf(r.read, r.total) },
      };
    }),
    groups: groups.map((g) => ({
      groupId: g.groupId,
      label: g.label,
      homeworkTicked: { done: masked(g.done), possible: masked(g.possible), rate: rateOf(g.done, g.possible) },
    })),
  };
}
