import type { Db, Executor, PeriodTable } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { forgetSchoolNetworks } from '../auth/auth.service.ts';
import * as repo from './admin.repo.ts';
import type {
  ClassCreateInput,
  ClassUpdateInput,
  GroupCreateInput,
  GroupUpdateInput,
  PeriodCreateInput,
  PeriodUpdateInput,
  SiteCreateInput,
  SiteUpdateInput,
} from './admin.schema.ts';
import {
  assertAllHaveProfile,
  assertSchoolAdmin,
  dayBefore,
  invalid,
  requireCurrentYear,
  withConflictAsAppError,
} from './admin.service.ts';

/** The school's structure: sites, classes, groups and their members, periods of the current year. */

// ---- sites --------------------------------------------------------------------------------------------

function parseRanges(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

const presentSite = (s: { id: string; name: string; address: string; network_ranges: string }) => ({
  id: s.id,
  name: s.name,
  address: s.address,
  networkRanges: parseRanges(s.network_ranges),
});

export async function listSites(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  return { items: (await repo.findSites(db, schoolId)).map(presentSite) };
}

export async function createSite(db: Db, actor: Actor, schoolId: string, input: SiteCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const row = {
    id: newId(),
    school_id: schoolId,
    name: input.name,
    address: input.address,
    network_ranges: JSON.stringify([...new Set(input.networkRanges)]),
  };
  await repo.insertSite(db, row);
  forgetSchoolNetworks(db);
  return presentSite(row);
}

export async function updateSite(db: Db, actor: Actor, schoolId: string, siteId: string, input: SiteUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const site = await repo.getSite(db, schoolId, siteId);
  if (!site) throw new AppError('NOT_FOUND', 'Site not found');
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.address !== undefined ? { address: input.address } : {}),
    ...(input.networkRanges !== undefined ? { network_ranges: JSON.stringify([...new Set(input.networkRanges)]) } : {}),
  };
  await repo.updateSite(db, siteId, set);
  forgetSchoolNetworks(db);
  return presentSite({ ...site, ...set });
}

// ---- classes ------------------------------------------------------------------------------------------

type Level = '6e' | '5e' | '4e' | '3e';
const presentClass = (c: {
  id: string;
  code: string;
  label: string;
  level: string;
  site_id: string | null;
  pupil_count?: number | null;
}) => ({
  id: c.id,
  code: c.code,
  label: c.label,
  level: c.level as Level,
  siteId: c.site_id,
  pupilCount: Number(c.pupil_count ?? 0),
});

async function assertSiteOfSchool(db: Executor, schoolId: string, siteId: string | null | undefined) {
  if (siteId && !(await repo.getSite(db, schoolId, siteId))) throw invalid('siteId', 'Unknown site', 'unknown');
}

export async function listClasses(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  return { items: (await repo.findClassesOfYear(db, year.id, todayInParis())).map(presentClass) };
}

export async function createClass(db: Db, actor: Actor, schoolId: string, input: ClassCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  await assertSiteOfSchool(db, schoolId, input.siteId);
  if (await repo.findClassByCode(db, year.id, input.code)) {
    throw new AppError('CONFLICT', `A class ${input.code} already exists this year`);
  }
  const row = {
    id: newId(),
    school_id: schoolId,
    school_year_id: year.id,
    site_id: input.siteId,
    code: input.code,
    label: input.label,
    level: input.level,
  };
  await withConflictAsAppError('This class', () => repo.insertClass(db, row));
  return presentClass(row);
}

export async function updateClass(db: Db, actor: Actor, schoolId: string, classId: string, input: ClassUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const k = await repo.getClass(db, schoolId, classId);
  if (!k) throw new AppError('NOT_FOUND', 'Class not found');
  await assertSiteOfSchool(db, schoolId, input.siteId);
  if (input.code !== undefined && input.code !== k.code) {
    if (await repo.findClassByCode(db, k.school_year_id, input.code)) {
      throw new AppError('CONFLICT', `A class ${input.code} already exists this year`);
    }
  }
  const set = {
    ...(input.code !== undefined ? { code: input.code } : {}),
    ...(input.label !== undefined ? { label: input.label } : {}),
    ...(input.level !== undefined ? { level: input.level } : {}),
    ...(input.siteId !== undefined ? { site_id: input.siteId } : {}),
  };
  await withConflictAsAppError('This class', () => repo.updateClass(db, classId, set));
  const [row] = (await repo.findClassesOfYear(db, k.school_year_id, todayInParis())).filter((c) => c.id === classId);
  return presentClass(row ?? { ...k, ...set });
}

// ---- groups -------------------------------------------------------------------------------------------

type GroupKind = 'language' | 'option' | 'cham' | 'chas' | 'ulis' | 'other';
const presentGroup = (g: { id: string; code: string; label: string; kind: string; member_count?: number | null }) => ({
  id: g.id,
  code: g.code,
  label: g.label,
  kind: g.kind as GroupKind,
  memberCount: Number(g.member_count ?? 0),
});

export async function listGroups(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  return { items: (await repo.findGroupsOfYear(db, year.id, todayInParis())).map(presentGroup) };
}

export async function createGroup(db: Db, actor: Actor, schoolId: string, input: GroupCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  if (await repo.findGroupByCode(db, year.id, input.code)) {
    throw new AppError('CONFLICT', `A group ${input.code} already exists this year`);
  }
  const row = { id: newId(), school_id: schoolId, school_year_id: year.id, ...input };
  await withConflictAsAppError('This group', () => repo.insertGroup(db, row));
  return presentGroup(row);
}

async function requireGroup(db: Executor, schoolId: string, groupId: string) {
  const g = await repo.getGroup(db, schoolId, groupId);
  if (!g) throw new AppError('NOT_FOUND', 'Group not found');
  return g;
}

export async function updateGroup(db: Db, actor: Actor, schoolId: string, groupId: string, input: GroupUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const g = await requireGroup(db, schoolId, groupId);
  if (input.code !== undefined && input.code !== g.code) {
    if (await repo.findGroupByCode(db, g.school_year_id, input.code)) {
      throw new AppError('CONFLICT', `A group ${input.code} already exists this year`);
    }
  }
  await withConflictAsAppError('This group', () => repo.updateGroup(db, groupId, input));
  const members = await repo.findActiveGroupMembers(db, groupId, todayInParis());
  return presentGroup({ ...g, ...input, member_count: members.length });
}

export async function listGroupMembers(db: Db, actor: Actor, schoolId: string, groupId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  await requireGroup(db, schoolId, groupId);
  const rows = await repo.findActiveGroupMembers(db, groupId, todayInParis());
  return {
    items: rows.map((r) => ({
      pupilId: r.pupil_id,
      firstName: r.first_name,
      lastName: r.last_name,
      since: r.starts_on,
    })),
  };
}

/** Adds pupils to a group from today; pupils already in it are left as they are. */
export async function addGroupMembers(db: Db, actor: Actor, schoolId: string, groupId: string, pupilIds: string[]) {
  await assertSchoolAdmin(db, actor, schoolId);
  await requireGroup(db, schoolId, groupId);
  await assertAllHaveProfile(db, schoolId, 'pupil', pupilIds, 'pupilIds');
  const day = todayInParis();
  await db.transaction().execute(async (trx) => {
    const already = new Set((await repo.findOpenGroupMemberships(trx, groupId, pupilIds, day)).map((m) => m.pupil_id));
    await repo.insertGroupMemberships(
      trx,
      pupilIds
        .filter((id) => !already.has(id))
        .map((id) => ({ id: newId(), pupil_id: id, group_id: groupId, starts_on: day })),
    );
  });
  return listGroupMembers(db, actor, schoolId, groupId);
}

/** Takes a pupil out of a group: the membership ends yesterday (or is removed if it started today). */
export async function removeGroupMember(db: Db, actor: Actor, schoolId: string, groupId: string, pupilId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  await requireGroup(db, schoolId, groupId);
  const day = todayInParis();
  const open = await repo.findOpenGroupMemberships(db, groupId, [pupilId], day);
  if (open.length === 0) throw new AppError('NOT_FOUND', 'This pupil is not in this group');
  await db.transaction().execute(async (trx) => {
    for (const m of open) {
      if (m.starts_on >= day) await repo.deleteGroupMembership(trx, m.id);
      else await repo.endGroupMembership(trx, m.id, dayBefore(day));
    }
  });
}

// ---- periods ------------------------------------------------------------------------------------------

export const defaultPeriodLabel = (kind: 'trimestre' | 'semestre', n: number) => `${n === 1 ? '1er' : `${n}e`} ${kind}`;

const presentPeriod = (p: PeriodTable) => ({
  id: p.id,
  kind: p.kind,
  number: p.number,
  label: p.label,
  startsOn: p.starts_on,
  endsOn: p.ends_on,
});

/**
 * The rules of a year's periods: inside the year, one kind per year (trimestres or semestres), numbers
 * unique, no overlap. `others` are the year's other periods.
 */
export function checkPeriod(
  year: { starts_on: string; ends_on: string },
  p: Pick<PeriodTable, 'kind' | 'number' | 'starts_on' | 'ends_on'>,
  others: ReadonlyArray<Pick<PeriodTable, 'id' | 'kind' | 'number' | 'starts_on' | 'ends_on'>>,
): AppError | null {
  if (p.starts_on > p.ends_on) return invalid('endsOn', 'The period ends before it starts');
  if (p.kind === 'semestre' && p.number > 2) return invalid('number', 'A year has two semestres');
  if (p.starts_on < year.starts_on || p.ends_on > year.ends_on) {
    return new AppError('VALIDATION_FAILED', 'The period is outside the school year', {
      fields: [{ path: 'startsOn', message: 'outside the school year', code: 'out_of_range' }],
      schoolYear: { startsOn: year.starts_on, endsOn: year.ends_on },
    });
  }
  const otherKind = others.find((o) => o.kind !== p.kind);
  if (otherKind) return new AppError('CONFLICT', `This school year is divided into ${otherKind.kind}s`);
  const sameNumber = others.find((o) => o.number === p.number);
  if (sameNumber) return new AppError('CONFLICT', `Period ${p.number} already exists`, { periodId: sameNumber.id });
  const overlap = others.find((o) => o.starts_on <= p.ends_on && p.starts_on <= o.ends_on);
  if (overlap) {
    return new AppError('CONFLICT', 'The period overlaps another one', {
      periodId: overlap.id,
      startsOn: overlap.starts_on,
      endsOn: overlap.ends_on,
    });
  }
  return null;
}

export async function listPeriods(db: Db, actor: Actor, schoolId: string) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  return {
    schoolYear: { id: year.id, label: year.label, startsOn: year.starts_on, endsOn: year.ends_on },
    items: (await repo.findPeriodsOfYear(db, year.id)).map(presentPeriod),
  };
}

export async function createPeriod(db: Db, actor: Actor, schoolId: string, input: PeriodCreateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const year = await requireCurrentYear(db, schoolId);
  const row: PeriodTable = {
    id: newId(),
    school_id: schoolId,
    school_year_id: year.id,
    kind: input.kind,
    number: input.number,
    label: input.label ?? defaultPeriodLabel(input.kind, input.number),
    starts_on: input.startsOn,
    ends_on: input.endsOn,
  };
  // Checked and written in one transaction: two administrators cannot both slip an overlapping period in.
  await db.transaction().execute(async (trx) => {
    const problem = checkPeriod(year, row, await repo.findPeriodsOfYear(trx, year.id));
    if (problem) throw problem;
    await withConflictAsAppError('This period', () => repo.insertPeriod(trx, row));
  });
  return presentPeriod(row);
}

export async function updatePeriod(db: Db, actor: Actor, schoolId: string, periodId: string, input: PeriodUpdateInput) {
  await assertSchoolAdmin(db, actor, schoolId);
  const p = await repo.getPeriod(db, schoolId, periodId);
  if (!p) throw new AppError('NOT_FOUND', 'Period not found');
  const year = await repo.getSchoolYear(db, p.school_year_id);
  const next: PeriodTable = {
    ...p,
    number: input.number ?? p.number,
    label: input.label ?? (input.number !== undefined ? defaultPeriodLabel(p.kind, input.number) : p.label),
    starts_on: input.startsOn ?? p.starts_on,
    ends_on: input.endsOn ?? p.ends_on,
  };
  await db.transaction().execute(async (trx) => {
    const others = (await repo.findPeriodsOfYear(trx, p.school_year_id)).filter((o) => o.id !== p.id);
    const problem = checkPeriod(year, next, others);
    if (problem) throw problem;
    await withConflictAsAppError('This period', () =>
      repo.updatePeriod(trx, periodId, {
        number: next.number,
        label: next.label,
        starts_on: next.starts_on,
        ends_on: next.ends_on,
      }),
    );
  });
  return presentPeriod(next);
}
