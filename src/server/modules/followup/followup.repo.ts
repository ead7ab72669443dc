import { sql } from 'kysely';
import type { Executor } from '../../db/types.ts';

/** The pupil in `schoolId` (pupil profile there), with their birth date. */
export function findPupilInSchool(db: Executor, schoolId: string, pupilId: string) {
  return db
    .selectFrom('people as p')
    .innerJoin('profiles as pr', (j) =>
      j.onRef('pr.person_id', '=', 'p.id').on('pr.kind', '=', 'pupil').on('pr.school_id', '=', schoolId),
    )
    .select(['p.id', 'p.first_name', 'p.last_name', 'p.birth_date'])
    .where('p.id', '=', pupilId)
    .executeTakeFirst();
}

/** Whether the teacher is professeur principal of one of these classes. */
export async function isPrincipalOfAny(db: Executor, teacherId: string, classIds: string[]) {
  if (classIds.length === 0) return false;
  const row = await db
    .selectFrom('class_principals')
    .select('id')
    .where('teacher_id', '=', teacherId)
    .where('class_id', 'in', classIds)
    .executeTakeFirst();
  return row !== undefined;
}

/** The pupil's groups on `day` (options, languages, ULIS, CHAM/CHAS...). */
export function findGroupsOfPupil(db: Executor, pupilId: string, day: string) {
  return db
    .selectFrom('group_memberships as m')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .select(['g.id', 'g.code', 'g.label', 'g.kind'])
    .where('m.pupil_id', '=', pupilId)
    .where(sql<boolean>`m.starts_on <= ${day} and (m.ends_on is null or m.ends_on >= ${day})`)
    .orderBy('g.kind')
    .orderBy('g.code')
    .execute();
}

/** The professeurs principaux of a class. */
export function findPrincipalsOfClass(db: Executor, classId: string) {
  return db
    .selectFrom('class_principals as cp')
    .innerJoin('people as p', 'p.id', 'cp.teacher_id')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('cp.class_id', '=', classId)
    .orderBy('p.last_name')
    .execute();
}

/** The pupil's guardianships with how to reach each guardian. */
export function findGuardianContacts(db: Executor, pupilId: string) {
  return db
    .selectFrom('guardianships as g')
    .innerJoin('people as p', 'p.id', 'g.guardian_id')
    .select([
      'p.id',
      'p.first_name',
      'p.last_name',
      'p.email',
      'p.phone',
      'g.responsibility',
      'g.lives_with',
      'g.may_collect',
      'g.court_restricted',
      'g.school_access',
    ])
    .where('g.pupil_id', '=', pupilId)
    .orderBy('g.responsibility')
    .orderBy('p.last_name')
    .execute();
}

// ---------------------------------------------------------------------------------------------- entries

export type EntryRow = Awaited<ReturnType<typeof findEntriesOfPupil>>[number];

const entryColumns = [
  'e.id',
  'e.school_id',
  'e.pupil_id',
  'e.compartment',
  'e.kind',
  'e.occurred_on',
  'e.body',
  'e.author_id',
  'e.meeting_id',
  'e.shared_with_team',
  'e.created_at',
  'a.first_name as author_first_name',
  'a.last_name as author_last_name',
] as const;

export function findEntriesOfPupil(db: Executor, schoolId: string, pupilId: string) {
  return db
    .selectFrom('followup_entries as e')
    .leftJoin('people as a', 'a.id', 'e.author_id')
    .select(entryColumns)
    .where('e.school_id', '=', schoolId)
    .where('e.pupil_id', '=', pupilId)
    .orderBy('e.occurred_on', 'desc')
    .orderBy('e.created_at', 'desc')
    .execute();
}

export function findEntriesOfMeeting(db: Executor, meetingId: string) {
  return db
    .selectFrom('followup_entries as e')
    .leftJoin('people as a', 'a.id', 'e.author_id')
    .select(entryColumns)
    .where('e.meeting_id', '=', meetingId)
    .orderBy('e.created_at')
    .execute();
}

export function getEntry(db: Executor, entryId: string) {
  return db
    .selectFrom('followup_entries as e')
    .leftJoin('people as a', 'a.id', 'e.author_id')
    .select(entryColumns)
    .where('e.id', '=', entryId)
    .executeTakeFirst();
}

export function findSharesOfEntries(db: Executor, entryIds: string[]) {
  if (entryIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('followup_entry_shares as s')
    .leftJoin('people as p', 'p.id', 's.person_id')
    .select(['s.entry_id', 's.person_id', 's.created_at', 'p.first_name', 'p.last_name'])
    .where('s.entry_id', 'in', entryIds)
    .orderBy('s.created_at')
    .execute();
}

export async function insertEntry(
  db: Executor,
  e: {
    id: string;
    school_id: string;
    pupil_id: string;
    compartment: string;
    kind: string;
    occurred_on: string;
    body: string;
    author_id: string;
    meeting_id: string | null;
    created_at: string;
  },
) {
  await db.insertInto('followup_entries').values(e).execute();
}

export async function insertShares(
  db: Executor,
  rows: Array<{ id: string; entry_id: string; person_id: string | null; shared_by: string; created_at: string }>,
) {
  if (rows.length > 0) await db.insertInto('followup_entry_shares').values(rows).execute();
}

export async function markSharedWithTeam(db: Executor, entryId: string) {
  await db.updateTable('followup_entries').set({ shared_with_team: 1 }).where('id', '=', entryId).execute();
}

// ---------------------------------------------------------------------------------------------- read log

export async function insertReads(
  db: Executor,
  rows: Array<{
    id: string;
    school_id: string;
    entry_id: string;
    pupil_id: string;
    compartment: string;
    reader_id: string;
    read_at: string;
  }>,
) {
  if (rows.length > 0) await db.insertInto('followup_reads').values(rows).execute();
}

const readColumns = [
  'r.id',
  'r.entry_id',
  'r.pupil_id',
  'r.compartment',
  'r.reader_id',
  'r.read_at',
  'p.first_name as reader_first_name',
  'p.last_name as reader_last_name',
  'pu.first_name as pupil_first_name',
  'pu.last_name as pupil_last_name',
] as const;

export function findReadsOfEntry(db: Executor, schoolId: string, entryId: string) {
  return db
    .selectFrom('followup_reads as r')
    .leftJoin('people as p', 'p.id', 'r.reader_id')
    .leftJoin('people as pu', 'pu.id', 'r.pupil_id')
    .select(readColumns)
    .where('r.school_id', '=', schoolId)
    .where('r.entry_id', '=', entryId)
    .orderBy('r.read_at', 'desc')
    .limit(500)
    .execute();
}

export function findReadsOfSchool(
  db: Executor,
  schoolId: string,
  q: { pupilId?: string | undefined; compartments: string[]; limit: number; offset: number },
) {
  if (q.compartments.length === 0) return Promise.resolve([]);
  let query = db
    .selectFrom('followup_reads as r')
    .leftJoin('people as p', 'p.id', 'r.reader_id')
    .leftJoin('people as pu', 'pu.id', 'r.pupil_id')
    .select(readColumns)
    .where('r.school_id', '=', schoolId)
    .where('r.compartment', 'in', q.compartments);
  if (q.pupilId) query = query.where('r.pupil_id', '=', q.pupilId);
  return query.orderBy('r.read_at', 'desc').orderBy('r.id').limit(q.limit).offset(q.offset).execute();
}

// ---------------------------------------------------------------------------------------------- retention

/**
 * Pupils of the school who have follow-up entries and no class membership open on `day`, with the day they left
 * (the end of their last membership).
 */
export function findLeaversWithEntries(db: Executor, day: string) {
  return db
    .selectFrom('followup_entries as e')
    .innerJoin('class_memberships as m', 'm.pupil_id', 'e.pupil_id')
    .select(['e.pupil_id', (eb) => eb.fn.max('m.ends_on').as('left_on')])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('class_memberships as o')
            .select('o.id')
            .whereRef('o.pupil_id', '=', 'e.pupil_id')
            .where(sql<boolean>`o.ends_on is null or o.ends_on >= ${day}`),
        ),
      ),
    )
    .groupBy('e.pupil_id')
    .execute();
}

export async function deleteEntries(db: Executor, pupilId: string, compartment: string) {
  const r = await db
    .deleteFrom('followup_entries')
    .where('pupil_id', '=', pupilId)
    .where('compartment', '=', compartment)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

// ---------------------------------------------------------------------------------------------- meetings

export async function insertMeeting(
  db: Executor,
  m: {
    id: string;
    school_id: string;
    kind: 'gpds' | 'cellule_veille';
    held_on: string;
    title: string;
    created_by: string;
    created_at: string;
  },
  memberIds: string[],
  pupilIds: string[],
) {
  await db.insertInto('followup_meetings').values(m).execute();
  await db
    .insertInto('followup_meeting_members')
    .values(memberIds.map((person_id) => ({ meeting_id: m.id, person_id })))
    .execute();
  if (pupilIds.length > 0) {
    await db
      .insertInto('followup_meeting_pupils')
      .values(pupilIds.map((pupil_id) => ({ meeting_id: m.id, pupil_id })))
      .execute();
  }
}

export function getMeeting(db: Executor, meetingId: string) {
  return db.selectFrom('followup_meetings').selectAll().where('id', '=', meetingId).executeTakeFirst();
}

export function findMeetingsOfMember(db: Executor, schoolId: string, personId: string) {
  return db
    .selectFrom('followup_meetings as m')
    .innerJoin('followup_meeting_members as mm', 'mm.meeting_id', 'm.id')
    .select(['m.id', 'm.kind', 'm.held_on', 'm.title'])
    .select((eb) =>
      eb
        .selectFrom('followup_meeting_pupils as mp')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('mp.meeting_id', '=', 'm.id')
        .as('pupil_count'),
    )
    .where('m.school_id', '=', schoolId)
    .where('mm.person_id', '=', personId)
    .orderBy('m.held_on', 'desc')
    .execute();
}

export function findMembers(db: Executor, meetingId: string) {
  return db
    .selectFrom('followup_meeting_members as mm')
    .innerJoin('people as p', 'p.id', 'mm.person_id')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('mm.meeting_id', '=', meetingId)
    .orderBy('p.last_name')
    .execute();
}

export function findMeetingPupils(db: Executor, meetingId: string) {
  return db
    .selectFrom('followup_meeting_pupils as mp')
    .innerJoin('people as p', 'p.id', 'mp.pupil_id')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .where('mp.meeting_id', '=', meetingId)
    .orderBy('p.last_name')
    .orderBy('p.first_name')
    .execute();
}

/** Staff and teachers of the school with their functions, and whether they are professeur principal somewhere. */
export function findTeamCandidates(db: Executor, schoolId: string, personIds: string[]) {
  if (personIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('people as p')
    .select(['p.id', 'p.first_name', 'p.last_name'])
    .select((eb) => [
      eb
        .selectFrom('staff_functions as f')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('f.person_id', '=', 'p.id')
        .where('f.school_id', '=', schoolId)
        .where('f.function', 'in', ['principal', 'deputy', 'cpe', 'psyen', 'infirmiere', 'assistante_sociale'])
        .as('team_functions'),
      eb
        .selectFrom('class_principals as cp')
        .innerJoin('classes as c', 'c.id', 'cp.class_id')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('cp.teacher_id', '=', 'p.id')
        .where('c.school_id', '=', schoolId)
        .as('principal_of'),
    ])
    .where('p.id', 'in', personIds)
    .execute();
}

/** People of the school who may sit on a follow-up team: the team's functions and the professeurs principaux. */
export function findTeamPeopleOfSchool(db: Executor, schoolId: string) {
  const byFunction = db
    .selectFrom('staff_functions as f')
    .innerJoin('people as p', 'p.id', 'f.person_id')
    .select(['p.id', 'p.first_name', 'p.last_name', 'f.function as role'])
    .where('f.school_id', '=', schoolId)
    .where('f.function', 'in', ['principal', 'deputy', 'cpe', 'psyen', 'infirmiere', 'assistante_sociale'])
    .where('p.disabled_at', 'is', null);
  const principals = db
    .selectFrom('class_principals as cp')
    .innerJoin('classes as c', 'c.id', 'cp.class_id')
    .innerJoin('people as p', 'p.id', 'cp.teacher_id')
    .select(['p.id', 'p.first_name', 'p.last_name', sql<string>`'professeur_principal'`.as('role')])
    .where('c.school_id', '=', schoolId)
    .where('p.disabled_at', 'is', null);
  return byFunction.union(principals).execute();
}

export async function insertAction(
  db: Executor,
  a: {
    id: string;
    school_id: string;
    meeting_id: string;
    pupil_id: string | null;
    title: string;
    owner_id: string;
    due_on: string;
    created_by: string;
    created_at: string;
  },
) {
  await db.insertInto('followup_actions').values(a).execute();
}

const actionColumns = [
  'a.id',
  'a.meeting_id',
  'a.pupil_id',
  'a.title',
  'a.owner_id',
  'a.due_on',
  'a.done_at',
  'o.first_name as owner_first_name',
  'o.last_name as owner_last_name',
  'pu.first_name as pupil_first_name',
  'pu.last_name as pupil_last_name',
] as const;

export function findActionsOfMeeting(db: Executor, meetingId: string) {
  return db
    .selectFrom('followup_actions as a')
    .innerJoin('people as o', 'o.id', 'a.owner_id')
    .leftJoin('people as pu', 'pu.id', 'a.pupil_id')
    .select(actionColumns)
    .where('a.meeting_id', '=', meetingId)
    .orderBy('a.due_on')
    .execute();
}

/** An owner's open actions in the school, soonest due first. */
export function findOpenActionsOfOwner(db: Executor, schoolId: string, ownerId: string) {
  return db
    .selectFrom('followup_actions as a')
    .innerJoin('people as o', 'o.id', 'a.owner_id')
    .leftJoin('people as pu', 'pu.id', 'a.pupil_id')
    .select(actionColumns)
    .where('a.school_id', '=', schoolId)
    .where('a.owner_id', '=', ownerId)
    .where('a.done_at', 'is', null)
    .orderBy('a.due_on')
    .limit(50)
    .execute();
}

export function getAction(db: Executor, actionId: string) {
  return db.selectFrom('followup_actions').selectAll().where('id', '=', actionId).executeTakeFirst();
}

export async function setActionDone(db: Executor, actionId: string, doneAt: string | null) {
  await db.updateTable('followup_actions').set({ done_at: doneAt }).where('id', '=', actionId).execute();
}
