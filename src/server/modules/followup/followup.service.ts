/** Follow-up entries by compartment, their shares and the log of every read; team meetings and their actions. */

import type { Db, Executor } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import {
  COMPARTMENTS,
  type Compartment,
  canOpenFile,
  canOrganiseMeetings,
  canReadEntry,
  canReadEntryLog,
  canShareEntry,
  canUseCompartment,
  canUseMeetings,
  type EntryAccess,
  type EntryKind,
  isDpo,
  type PupilRelation,
} from './followup.policy.ts';
import * as repo from './followup.repo.ts';
import type { ActionCreate, Entry, EntryCreate, EntryShare, MeetingCreate } from './followup.schema.ts';

const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

export interface PupilInSchool {
  id: string;
  firstName: string;
  lastName: string;
  birthDate: string | null;
  schoolId: string;
}

/** The pupil of the school and how the caller stands to them; NOT_FOUND outside the caller's schools. */
export async function pupilAndRelation(db: Executor, actor: Actor, schoolId: string, pupilId: string, day: string) {
  if (!belongsToSchool(actor, schoolId)) throw notFound('Pupil');
  const row = await repo.findPupilInSchool(db, schoolId, pupilId);
  if (!row) throw notFound('Pupil');
  const pupil: PupilInSchool = {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    birthDate: row.birth_date,
    schoolId,
  };
  const isTeacher = hasProfile(actor, schoolId, 'teacher');
  const classes = (await directoryRepo.findClassesOfPupils(db, [pupilId], day)).filter((c) => c.school_id === schoolId);
  const rel: PupilRelation = {
    schoolId,
    isPrincipalTeacher:
      isTeacher &&
      (await repo.isPrincipalOfAny(
        db,
        actor.personId,
        classes.map((c) => c.class_id),
      )),
    teaches: isTeacher && (await directoryRepo.teachesPupil(db, actor.personId, pupilId, day)),
  };
  return { pupil, rel, classes };
}

/** As pupilAndRelation, and the caller must follow the pupil (open the file); otherwise NOT_FOUND. */
export async function followedPupil(db: Executor, actor: Actor, schoolId: string, pupilId: string) {
  const found = await pupilAndRelation(db, actor, schoolId, pupilId, todayInParis());
  assertCan(canOpenFile(actor, found.rel), { hide: true, what: 'Pupil' });
  return found;
}

// ---------------------------------------------------------------------------------------------- entries

type Share = Awaited<ReturnType<typeof repo.findSharesOfEntries>>[number];

const accessOf = (e: repo.EntryRow, shares: readonly Share[]): EntryAccess => ({
  compartment: e.compartment as Compartment,
  authorId: e.author_id,
  sharedWithTeam: e.shared_with_team === 1,
  sharedWith: shares.filter((s) => s.entry_id === e.id && s.person_id).map((s) => s.person_id!),
});

function presentEntry(actor: Actor, rel: PupilRelation, e: repo.EntryRow, shares: readonly Share[]): Entry {
  const access = accessOf(e, shares);
  return {
    id: e.id,
    pupilId: e.pupil_id,
    compartment: access.compartment,
    kind: e.kind as EntryKind,
    occurredOn: e.occurred_on,
    body: e.body,
    author: e.author_id
      ? { id: e.author_id, firstName: e.author_first_name ?? '', lastName: e.author_last_name ?? '' }
      : null,
    meetingId: e.meeting_id,
    createdAt: e.created_at,
    sharedWithTeam: access.sharedWithTeam,
    sharedWith: shares
      .filter((s) => s.entry_id === e.id && s.person_id)
      .map((s) => ({ id: s.person_id!, firstName: s.first_name ?? '', lastName: s.last_name ?? '' })),
    abilities: {
      share: canShareEntry(actor, rel, access),
      readLog: canReadEntryLog(actor, rel.schoolId, access.compartment),
    },
  };
}

/**
 * The entries the caller may read, each read written to the append-only log in the same transaction as the
 * answer is built: no entry leaves the server unlogged.
 */
export async function readEntries(
  db: Db,
  actor: Actor,
  rel: PupilRelation,
  rows: readonly repo.EntryRow[],
  o: { at?: string; mayRead?: (e: EntryAccess) => boolean } = {},
): Promise<Entry[]> {
  const at = o.at ?? nowIso();
  const mayRead = o.mayRead ?? ((e: EntryAccess) => canReadEntry(actor, rel, e));
  const shares = await repo.findSharesOfEntries(
    db,
    rows.map((r) => r.id),
  );
  const readable = rows.filter((e) => mayRead(accessOf(e, shares)));
  await repo.insertReads(
    db,
    readable.map((e) => ({
      id: newId(),
      school_id: e.school_id,
      entry_id: e.id,
      pupil_id: e.pupil_id,
      compartment: e.compartment,
      reader_id: actor.personId,
      read_at: at,
    })),
  );
  return readable.map((e) => presentEntry(actor, rel, e, shares));
}

export async function listEntries(db: Db, actor: Actor, schoolId: string, pupilId: string) {
  const { rel } = await followedPupil(db, actor, schoolId, pupilId);
  return { entries: await readEntries(db, actor, rel, await repo.findEntriesOfPupil(db, schoolId, pupilId)) };
}

export async function createEntry(db: Db, actor: Actor, schoolId: string, pupilId: string, input: EntryCreate) {
  const { rel } = await followedPupil(db, actor, schoolId, pupilId);
  assertCan(canUseCompartment(actor, input.compartment, rel));
  const id = newId();
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await repo.insertEntry(trx, {
      id,
      school_id: schoolId,
      pupil_id: pupilId,
      compartment: input.compartment,
      kind: input.kind,
      occurred_on: input.occurredOn,
      body: input.body,
      author_id: actor.personId,
      meeting_id: null,
      created_at: now,
    });
  });
  const row = await repo.getEntry(db, id);
  const [entry] = await readEntries(db, actor, rel, row ? [row] : [], { at: now });
  return entry!;
}

/** The pupil's follow-up team: people whose functions or class make them members (whom an entry is shared with). */
export async function teamOfPupil(db: Executor, schoolId: string, classIds: readonly string[]) {
  const people = await repo.findTeamPeopleOfSchool(db, schoolId);
  const principals = new Set<string>();
  for (const classId of classIds) {
    for (const p of await repo.findPrincipalsOfClass(db, classId)) principals.add(p.id);
  }
  const seen = new Map<string, { id: string; firstName: string; lastName: string }>();
  for (const p of people) {
    if (p.role === 'professeur_principal' && !principals.has(p.id)) continue;
    seen.set(p.id, { id: p.id, firstName: p.first_name, lastName: p.last_name });
  }
  return [...seen.values()].sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr'));
}

export async function shareEntry(
  db: Db,
  actor: Actor,
  schoolId: string,
  pupilId: string,
  entryId: string,
  input: EntryShare,
) {
  const { rel, classes } = await followedPupil(db, actor, schoolId, pupilId);
  const row = await repo.getEntry(db, entryId);
  if (!row || row.pupil_id !== pupilId || row.school_id !== schoolId) throw notFound('Entry');
  const shares = await repo.findSharesOfEntries(db, [entryId]);
  const access = accessOf(row, shares);
  assertCan(canReadEntry(actor, rel, access), { hide: true, what: 'Entry' });
  assertCan(canShareEntry(actor, rel, access));
  const team = new Set(
    (
      await teamOfPupil(
        db,
        schoolId,
        classes.map((c) => c.class_id),
      )
    ).map((p) => p.id),
  );
  const named = [...new Set(input.personIds)].filter((id) => !access.sharedWith.includes(id));
  if (named.some((id) => !team.has(id))) {
    throw new AppError('VALIDATION_FAILED', 'An entry is shared only with members of the pupil’s follow-up team');
  }
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await repo.insertShares(trx, [
      ...named.map((person_id) => ({
        id: newId(),
        entry_id: entryId,
        person_id,
        shared_by: actor.personId,
        created_at: now,
      })),
      ...(input.team && !access.sharedWithTeam
        ? [{ id: newId(), entry_id: entryId, person_id: null, shared_by: actor.personId, created_at: now }]
        : []),
    ]);
    if (input.team) await repo.markSharedWithTeam(trx, entryId);
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'followup.share',
      targetPersonId: pupilId,
      details: { entryId, compartment: row.compartment, personIds: named, team: input.team },
    });
  });
  const fresh = (await repo.getEntry(db, entryId))!;
  const [entry] = await readEntries(db, actor, rel, [fresh], { at: now });
  return entry!;
}

const presentRead = (r: Awaited<ReturnType<typeof repo.findReadsOfEntry>>[number]) => ({
  id: r.id,
  entryId: r.entry_id,
  compartment: r.compartment as Compartment,
  pupil: { id: r.pupil_id, firstName: r.pupil_first_name ?? '', lastName: r.pupil_last_name ?? '' },
  reader: { id: r.reader_id, firstName: r.reader_first_name ?? '', lastName: r.reader_last_name ?? '' },
  readAt: r.read_at,
});

/** Who read one entry: its profession (who also reads the entry) and the DPO. */
export async function listReadsOfEntry(db: Db, actor: Actor, schoolId: string, pupilId: string, entryId: string) {
  if (!belongsToSchool(actor, schoolId)) throw notFound('Entry');
  const row = await repo.getEntry(db, entryId);
  if (!row || row.pupil_id !== pupilId || row.school_id !== schoolId) throw notFound('Entry');
  assertCan(canReadEntryLog(actor, schoolId, row.compartment as Compartment), { hide: true, what: 'Entry' });
  return { reads: (await repo.findReadsOfEntry(db, schoolId, entryId)).map(presentRead) };
}

/** The school's log of reads: the DPO sees every compartment; a profession, its own compartments. */
export async function listReads(
  db: Db,
  actor: Actor,
  schoolId: string,
  q: { pupilId?: string | undefined; limit: number; offset: number },
) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  const compartments = isDpo(actor, schoolId)
    ? [...COMPARTMENTS]
    : COMPARTMENTS.filter((c) => canReadEntryLog(actor, schoolId, c));
  assertCan(compartments.length > 0);
  return { reads: (await repo.findReadsOfSchool(db, schoolId, { ...q, compartments })).map(presentRead) };
}

// ---------------------------------------------------------------------------------------------- retention

/**
 * Days an entry is kept after the pupil left the school (end of their last class membership), per compartment.
 * The reasons are in docs/followup.md, "Retention".
 */
export const RETENTION_DAYS: Readonly<Record<Compartment, number>> = {
  infirmerie: 365,
  service_social: 365,
  psyen: 365,
  vie_scolaire: 365,
  direction: 730,
  equipe: 365,
};

const addDaysIso = (d: string, n: number) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

/**
 * Deletes the entries of pupils who left more than their compartment's delay ago (their shares go with them; the
 * read log stays). `now` is injectable: tests move the clock. Returns the number of entries deleted.
 */
export async function purgeExpiredEntries(db: Db, now: Date = new Date()): Promise<number> {
  const today = todayInParis(now);
  const leavers = await repo.findLeaversWithEntries(db, today);
  let deleted = 0;
  await db.transaction().execute(async (trx) => {
    for (const l of leavers) {
      if (!l.left_on) continue;
      for (const c of COMPARTMENTS) {
        if (addDaysIso(String(l.left_on), RETENTION_DAYS[c]) < today)
          deleted += await repo.deleteEntries(trx, l.pupil_id, c);
      }
    }
    if (deleted > 0) {
      await recordAudit(trx, {
        schoolId: null,
        actorPersonId: null,
        action: 'followup.purge',
        details: { entries: deleted, on: today },
      });
    }
  });
  return deleted;
}

// ---------------------------------------------------------------------------------------------- meetings

async function assertTeamPeople(db: Executor, schoolId: string, ids: readonly string[]) {
  const found = await repo.findTeamCandidates(db, schoolId, [...ids]);
  const ok = new Set(found.filter((p) => Number(p.team_functions) > 0 || Number(p.principal_of) > 0).map((p) => p.id));
  if (ids.some((id) => !ok.has(id))) {
    throw new AppError(
      'VALIDATION_FAILED',
      'Members are direction, CPE, psyEN, nurse, social worker or a professeur principal',
    );
  }
}

export async function listMeetings(db: Db, actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  const create = canOrganiseMeetings(actor, schoolId);
  const meetings = await repo.findMeetingsOfMember(db, schoolId, actor.personId);
  assertCan(create || canUseMeetings(actor, schoolId) || meetings.length > 0);
  const candidates = create ? await repo.findTeamPeopleOfSchool(db, schoolId) : [];
  const byId = new Map<string, { id: string; firstName: string; lastName: string; roles: string[] }>();
  for (const c of candidates) {
    const p = byId.get(c.id) ?? { id: c.id, firstName: c.first_name, lastName: c.last_name, roles: [] };
    if (!p.roles.includes(c.role)) p.roles.push(c.role);
    byId.set(c.id, p);
  }
  return {
    meetings: meetings.map((m) => ({
      id: m.id,
      kind: m.kind,
      heldOn: m.held_on,
      title: m.title,
      pupilCount: Number(m.pupil_count ?? 0),
    })),
    abilities: { create },
    candidates: [...byId.values()].sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr')),
  };
}

export async function createMeeting(db: Db, actor: Actor, schoolId: string, input: MeetingCreate) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canOrganiseMeetings(actor, schoolId));
  const memberIds = [...new Set([actor.personId, ...input.memberIds])];
  await assertTeamPeople(db, schoolId, memberIds);
  const pupilIds = [...new Set(input.pupilIds)];
  for (const id of pupilIds) {
    if (!(await repo.findPupilInSchool(db, schoolId, id))) throw notFound('Pupil');
  }
  const id = newId();
  await db.transaction().execute((trx) =>
    repo.insertMeeting(
      trx,
      {
        id,
        school_id: schoolId,
        kind: input.kind,
        held_on: input.heldOn,
        title: input.title,
        created_by: actor.personId,
        created_at: nowIso(),
      },
      memberIds,
      pupilIds,
    ),
  );
  return { id };
}

/** The meeting if the caller sits on it; NOT_FOUND otherwise (nobody else learns who was discussed). */
async function meetingOfMember(db: Executor, actor: Actor, schoolId: string, meetingId: string) {
  if (!belongsToSchool(actor, schoolId)) throw notFound('Meeting');
  const m = await repo.getMeeting(db, meetingId);
  if (!m || m.school_id !== schoolId) throw notFound('Meeting');
  const members = await repo.findMembers(db, meetingId);
  if (!members.some((p) => p.id === actor.personId)) throw notFound('Meeting');
  return { meeting: m, members };
}

/** A member of a meeting, towards its pupils: sits on their team for the meeting's minutes only. */
const memberRelation = (schoolId: string): PupilRelation => ({ schoolId, isPrincipalTeacher: false, teaches: false });

const presentAction = (a: Awaited<ReturnType<typeof repo.findActionsOfMeeting>>[number]) => ({
  id: a.id,
  meetingId: a.meeting_id,
  title: a.title,
  dueOn: a.due_on,
  done: a.done_at !== null,
  owner: { id: a.owner_id, firstName: a.owner_first_name, lastName: a.owner_last_name },
  pupil: a.pupil_id ? { id: a.pupil_id, firstName: a.pupil_first_name ?? '', lastName: a.pupil_last_name ?? '' } : null,
});

export async function getMeetingDetail(db: Db, actor: Actor, schoolId: string, meetingId: string) {
  const { meeting, members } = await meetingOfMember(db, actor, schoolId, meetingId);
  const [pupils, minutes, actions] = await Promise.all([
    repo.findMeetingPupils(db, meetingId),
    repo.findEntriesOfMeeting(db, meetingId),
    repo.findActionsOfMeeting(db, meetingId),
  ]);
  // Sitting on the meeting opens its minutes (team compartment), every read logged like any other.
  const read = await readEntries(
    db,
    actor,
    memberRelation(schoolId),
    minutes.filter((e) => e.compartment === 'equipe'),
    { mayRead: () => true },
  );
  return {
    id: meeting.id,
    kind: meeting.kind,
    heldOn: meeting.held_on,
    title: meeting.title,
    pupilCount: pupils.length,
    members: members.map((m) => ({ id: m.id, firstName: m.first_name, lastName: m.last_name })),
    pupils: pupils.map((p) => ({
      id: p.id,
      firstName: p.first_name,
      lastName: p.last_name,
      minutes: read.filter((e) => e.pupilId === p.id),
    })),
    actions: actions.map(presentAction),
  };
}

export async function addMinutes(
  db: Db,
  actor: Actor,
  schoolId: string,
  meetingId: string,
  input: { pupilId: string; body: string },
) {
  const { meeting } = await meetingOfMember(db, actor, schoolId, meetingId);
  const pupils = await repo.findMeetingPupils(db, meetingId);
  if (!pupils.some((p) => p.id === input.pupilId)) throw notFound('Pupil');
  const id = newId();
  const now = nowIso();
  await repo.insertEntry(db, {
    id,
    school_id: schoolId,
    pupil_id: input.pupilId,
    compartment: 'equipe',
    kind: 'reunion',
    occurred_on: meeting.held_on,
    body: input.body,
    author_id: actor.personId,
    meeting_id: meetingId,
    created_at: now,
  });
  const row = (await repo.getEntry(db, id))!;
  const [entry] = await readEntries(db, actor, memberRelation(schoolId), [row], { at: now, mayRead: () => true });
  return entry!;
}

export async function addAction(db: Db, actor: Actor, schoolId: string, meetingId: string, input: ActionCreate) {
  const { members } = await meetingOfMember(db, actor, schoolId, meetingId);
  if (!members.some((m) => m.id === input.ownerId)) {
    throw new AppError('VALIDATION_FAILED', 'The owner of an action is a member of the meeting');
  }
  if (input.pupilId) {
    const pupils = await repo.findMeetingPupils(db, meetingId);
    if (!pupils.some((p) => p.id === input.pupilId)) throw notFound('Pupil');
  }
  const id = newId();
  await repo.insertAction(db, {
    id,
    school_id: schoolId,
    meeting_id: meetingId,
    pupil_id: input.pupilId,
    title: input.title,
    owner_id: input.ownerId,
    due_on: input.dueOn,
    created_by: actor.personId,
    created_at: nowIso(),
  });
  const [action] = (await repo.findActionsOfMeeting(db, meetingId)).filter((a) => a.id === id);
  return presentAction(action!);
}

/** The owner ticks their action done (or not). */
export async function setActionDone(db: Db, actor: Actor, schoolId: string, actionId: string, done: boolean) {
  if (!belongsToSchool(actor, schoolId)) throw notFound('Action');
  const a = await repo.getAction(db, actionId);
  if (!a || a.school_id !== schoolId || a.owner_id !== actor.personId) throw notFound('Action');
  await repo.setActionDone(db, actionId, done ? nowIso() : null);
  return { ok: true as const };
}

/** The caller's open actions, for the staff home. */
export async function openActionsOf(db: Executor, actor: Actor, schoolId: string) {
  return (await repo.findOpenActionsOfOwner(db, schoolId, actor.personId)).map(presentAction);
}
