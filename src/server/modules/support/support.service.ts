import type { Executor, SupportPlanTable } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import * as attendanceRepo from '../attendance/attendance.repo.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import {
  canManageKind,
  canSeeAllAccommodations,
  canSeeChildPlans,
  canSeePupilPlans,
  canUsePlansPage,
  manageableKinds,
} from './support.policy.ts';
import * as repo from './support.repo.ts';
import { ACCOMMODATIONS, type PlanInput, type PlanUpdate } from './support.schema.ts';

type Accommodation = (typeof ACCOMMODATIONS)[number];

const parseAccommodations = (json: string): Accommodation[] => {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.filter((a): a is Accommodation => ACCOMMODATIONS.includes(a)) : [];
  } catch {
    return [];
  }
};

/**
 * Which of these pupils have a plan in force on `day` granting extra time (`tiers_temps`): used by other domains
 * (hand-in deadlines) without showing them the plan itself.
 */
export async function findPupilsWithExtraTime(
  db: Executor,
  schoolId: string,
  day: string,
  pupilIds: readonly string[],
): Promise<Set<string>> {
  if (pupilIds.length === 0) return new Set();
  const plans = await repo.findPlansInForce(db, schoolId, day, pupilIds);
  return new Set(
    plans.filter((p) => parseAccommodations(p.accommodations).includes('tiers_temps')).map((p) => p.pupil_id),
  );
}

async function principalPupils(db: Executor, actor: Actor, schoolId: string, day: string) {
  return hasProfile(actor, schoolId, 'teacher')
    ? repo.findPupilsOfPrincipal(db, actor.personId, day)
    : new Set<string>();
}

/** Plans as the caller may see them: the details only for the plan's managers (never for teachers). */
async function present(db: Executor, actor: Actor, rows: SupportPlanTable[], ppPupils: Set<string>, day: string) {
  const people = await attendanceRepo.findPeopleNames(
    db,
    rows.map((r) => r.pupil_id),
  );
  const names = new Map(people.map((p) => [p.id, p]));
  const classes = await attendanceRepo.findClassNamesOfPupils(db, [...new Set(rows.map((r) => r.pupil_id))], day);
  return rows.map((r) => {
    const manages = canManageKind(actor, r.school_id, r.kind, { isClassPrincipal: ppPupils.has(r.pupil_id) });
    const n = names.get(r.pupil_id);
    return {
      id: r.id,
      kind: r.kind,
      pupil: {
        id: r.pupil_id,
        firstName: n?.first_name ?? '',
        lastName: n?.last_name ?? '',
        className: classes.get(r.pupil_id) ?? null,
      },
      startsOn: r.starts_on,
      endsOn: r.ends_on,
      accommodations: parseAccommodations(r.accommodations),
      otherAccommodation: r.other_accommodation,
      details: manages ? r.details : null,
      abilities: { edit: manages },
    };
  });
}

/** The plans page: direction, vie scolaire and the nurse see every plan; a professeur principal their classes'. */
export async function listPlans(db: Executor, actor: Actor, schoolId: string) {
  const day = todayInParis();
  const pp = await principalPupils(db, actor, schoolId, day);
  assertCan(canUsePlansPage(actor, schoolId, pp.size > 0), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const rows = canSeeAllAccommodations(actor, schoolId)
    ? await repo.findPlans(db, schoolId, day)
    : await repo.findPlans(db, schoolId, day, [...pp]);
  return {
    items: await present(db, actor, rows, pp, day),
    manageableKinds: manageableKinds(actor, schoolId, pp.size > 0),
  };
}

export async function createPlan(db: Executor, actor: Actor, schoolId: string, input: PlanInput) {
  const day = todayInParis();
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  const pupil = await attendanceRepo.findPupilOfSchool(db, input.pupilId, schoolId);
  if (!pupil) throw new AppError('NOT_FOUND', 'Pupil not found');
  const pp = await principalPupils(db, actor, schoolId, day);
  assertCan(canManageKind(actor, schoolId, input.kind, { isClassPrincipal: pp.has(pupil.id) }));
  const now = new Date().toISOString();
  const row: SupportPlanTable = {
    id: newId(),
    school_id: schoolId,
    pupil_id: pupil.id,
    kind: input.kind,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    accommodations: JSON.stringify([...new Set(input.accommodations)]),
    other_accommodation: input.otherAccommodation,
    details: input.details,
    created_by: actor.personId,
    created_at: now,
    updated_at: now,
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertPlan(trx, row);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'support.plan.create',
      targetPersonId: pupil.id,
      details: { planId: row.id, kind: row.kind },
    });
  });
  return (await present(db, actor, [row], pp, day))[0]!;
}

/**
 * Edits a plan in place (dates, accommodations, the confidential details): its managers only, as for creating it.
 * The audit keeps which fields changed, never their content.
 */
export async function updatePlan(db: Executor, actor: Actor, schoolId: string, id: string, input: PlanUpdate) {
  const day = todayInParis();
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'Plan not found');
  const plan = await repo.getPlan(db, id);
  if (!plan || plan.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Plan not found');
  const pp = await principalPupils(db, actor, schoolId, day);
  const manages = canManageKind(actor, schoolId, plan.kind, { isClassPrincipal: pp.has(plan.pupil_id) });
  assertCan(manages, { hide: !canSeeAllAccommodations(actor, schoolId) && !pp.has(plan.pupil_id) });
  const next: SupportPlanTable = {
    ...plan,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    accommodations: JSON.stringify([...new Set(input.accommodations)]),
    other_accommodation: input.otherAccommodation,
    details: input.details ?? plan.details,
    updated_at: new Date().toISOString(),
  };
  const fields = (
    [
      ['startsOn', 'starts_on'],
      ['endsOn', 'ends_on'],
      ['accommodations', 'accommodations'],
      ['otherAccommodation', 'other_accommodation'],
      ['details', 'details'],
    ] as const
  )
    .filter(([, col]) => next[col] !== plan[col])
    .map(([name]) => name);
  if (fields.length > 0) {
    await db.transaction().execute(async (trx) => {
      await repo.updatePlan(trx, id, {
        starts_on: next.starts_on,
        ends_on: next.ends_on,
        accommodations: next.accommodations,
        other_accommodation: next.other_accommodation,
        details: next.details,
        updated_at: next.updated_at,
      });
      await recordAudit(trx, {
        schoolId,
        actorPersonId: actor.personId,
        action: 'support.plan.update',
        targetPersonId: plan.pupil_id,
        details: { planId: id, kind: plan.kind, fields },
      });
    });
  }
  return (await present(db, actor, [fields.length > 0 ? next : plan], pp, day))[0]!;
}

export async function deletePlan(db: Executor, actor: Actor, schoolId: string, id: string) {
  const day = todayInParis();
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  const plan = await repo.getPlan(db, id);
  if (!plan || plan.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Plan not found');
  const pp = await principalPupils(db, actor, schoolId, day);
  const manages = canManageKind(actor, schoolId, plan.kind, { isClassPrincipal: pp.has(plan.pupil_id) });
  // Who may not even see the plan is not told it exists.
  assertCan(manages, { hide: !canSeeAllAccommodations(actor, schoolId) && !pp.has(plan.pupil_id) });
  await db.transaction().execute(async (trx) => {
    await repo.deletePlan(trx, id);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'support.plan.delete',
      targetPersonId: plan.pupil_id,
      details: { planId: id, kind: plan.kind },
    });
  });
  return { ok: true as const };
}

/**
 * A pupil's plans (the pupil's file): managers and staff who see all accommodations, the professeur principal, and
 * the pupil's teachers, who see the accommodations and never the details. Guardians whose link opens school
 * information see their child's plans the same way (kind, dates, accommodations, never the details); the pupil does
 * not (canSeeChildPlans).
 */
export async function listPupilPlans(db: Executor, actor: Actor, schoolId: string, pupilId: string) {
  const day = todayInParis();
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'Pupil not found');
  const pupil = await attendanceRepo.findPupilOfSchool(db, pupilId, schoolId);
  if (!pupil) throw new AppError('NOT_FOUND', 'Pupil not found');
  const pp = await principalPupils(db, actor, schoolId, day);
  const teachesPupil =
    hasProfile(actor, schoolId, 'teacher') && (await directoryRepo.teachesPupil(db, actor.personId, pupilId, day));
  const isGuardian =
    hasProfile(actor, schoolId, 'guardian') && (await directoryRepo.isGuardianOf(db, actor.personId, pupilId));
  const allowed =
    canSeePupilPlans(actor, schoolId, { isClassPrincipal: pp.has(pupilId), teachesPupil }) ||
    canSeeChildPlans(actor, schoolId, { isGuardian });
  assertCan(allowed, { hide: !hasProfile(actor, schoolId, 'staff') && !hasProfile(actor, schoolId, 'teacher') });
  const rows = await repo.findPlans(db, schoolId, day, [pupilId]);
  return { items: await present(db, actor, rows, pp, day), manageableKinds: [] };
}

/**
 * The accommodations in force for the pupils of a class, a group or a course: its teachers (and staff who see all
 * accommodations). Codes only: no plan details, no diagnosis.
 */
export async function listAccommodations(
  db: Executor,
  actor: Actor,
  schoolId: string,
  q: { classId?: string; groupId?: string; courseId?: string },
) {
  const day = todayInParis();
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  let pupilIds: string[];
  let teaches = false;
  const isTeacher = hasProfile(actor, schoolId, 'teacher');
  if (q.courseId) {
    const course = await repo.findCourse(db, q.courseId);
    if (!course || course.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Course not found');
    teaches = isTeacher && (await repo.teachesCourse(db, actor.personId, course.id));
    const groupIds = await repo.findCourseGroupIds(db, course.id);
    pupilIds = [
      ...(course.class_id ? await repo.findPupilsOfClass(db, course.class_id, day) : []),
      ...(await Promise.all(groupIds.map((g) => repo.findPupilsOfGroup(db, g, day)))).flat(),
    ];
  } else {
    const table = q.classId ? 'classes' : 'groups';
    const id = (q.classId ?? q.groupId)!;
    if ((await repo.findSchoolOf(db, table, id))?.school_id !== schoolId) {
      throw new AppError('NOT_FOUND', q.classId ? 'Class not found' : 'Group not found');
    }
    teaches = isTeacher && (await repo.teachesTarget(db, actor.personId, q, day));
    pupilIds = q.classId ? await repo.findPupilsOfClass(db, id, day) : await repo.findPupilsOfGroup(db, id, day);
  }
  assertCan(teaches || canSeeAllAccommodations(actor, schoolId));
  const plans = await repo.findPlansInForce(db, schoolId, day, pupilIds);
  const byPupil = new Map<
    string,
    { pupilId: string; kinds: SupportPlanTable['kind'][]; accommodations: Accommodation[]; other: string[] }
  >();
  for (const p of plans) {
    let e = byPupil.get(p.pupil_id);
    if (!e) {
      e = { pupilId: p.pupil_id, kinds: [], accommodations: [], other: [] };
      byPupil.set(p.pupil_id, e);
    }
    if (!e.kinds.includes(p.kind)) e.kinds.push(p.kind);
    for (const a of parseAccommodations(p.accommodations)) if (!e.accommodations.includes(a)) e.accommodations.push(a);
    if (p.other_accommodation) e.other.push(p.other_accommodation);
  }
  return { items: [...byPupil.values()] };
}
