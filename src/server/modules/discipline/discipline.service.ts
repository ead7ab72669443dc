import type { DisciplinaryProcedureTable, Executor, IncidentTable, PunishmentTable } from '../../db/types.ts';
import { recordAudit } from '../../lib/audit.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile } from '../../lib/policy.ts';
import * as attendanceRepo from '../attendance/attendance.repo.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { notify } from '../notifications/notifications.service.ts';
import { defenceEndsAt, removalDueOn } from './discipline.dates.ts';
import {
  canFollowDiscipline,
  canGivePunishment,
  canPronounce,
  canReadProcedures,
  canReadPupilDiscipline,
  canReportIncident,
  canUseIncidents,
} from './discipline.policy.ts';
import * as repo from './discipline.repo.ts';
import type { IncidentInput, ProcedureInput, PronounceInput, PunishmentInput, Sanction } from './discipline.schema.ts';

type Person = { id: string; firstName: string; lastName: string };

/** Refuses callers outside the school as NOT_FOUND (they may not learn it exists), the others as FORBIDDEN. */
function assertIn(actor: Actor, schoolId: string, allowed: boolean) {
  assertCan(allowed, { hide: !belongsToSchool(actor, schoolId), what: 'School' });
}

async function namesOf(db: Executor, ids: readonly string[]): Promise<Map<string, Person>> {
  const rows = await repo.findPeople(db, ids);
  return new Map(rows.map((r) => [r.id, { id: r.id, firstName: r.first_name, lastName: r.last_name }]));
}

const unknownPerson = (id: string): Person => ({ id, firstName: '', lastName: '' });

/** A pupil of this school, or NOT_FOUND. */
async function getPupil(db: Executor, schoolId: string, pupilId: string) {
  const p = await attendanceRepo.findPupilOfSchool(db, pupilId, schoolId);
  if (!p) throw new AppError('NOT_FOUND', 'Pupil not found');
  return { id: p.id, firstName: p.first_name, lastName: p.last_name };
}

// ---------------------------------------------------------------------------------------------- incidents

async function presentIncidents(db: Executor, rows: IncidentTable[]) {
  const links = await repo.findIncidentPupils(
    db,
    rows.map((r) => r.id),
  );
  const people = await namesOf(db, [...links.map((l) => l.pupil_id), ...rows.flatMap((r) => r.author_id ?? [])]);
  const classes = await attendanceRepo.findClassNamesOfPupils(
    db,
    [...new Set(links.map((l) => l.pupil_id))],
    todayInParis(),
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    place: r.place,
    description: r.description,
    witnesses: r.witnesses,
    author: r.author_id ? (people.get(r.author_id) ?? unknownPerson(r.author_id)) : null,
    pupils: links
      .filter((l) => l.incident_id === r.id)
      .map((l) => ({
        ...(people.get(l.pupil_id) ?? unknownPerson(l.pupil_id)),
        role: l.role,
        className: classes.get(l.pupil_id) ?? null,
      }))
      .sort((a, b) => a.lastName.localeCompare(b.lastName, 'fr')),
    createdAt: r.created_at,
  }));
}

/** An incident report, by any member of the school's staff (teachers included). */
export async function createIncident(db: Executor, actor: Actor, schoolId: string, input: IncidentInput) {
  assertIn(actor, schoolId, canReportIncident(actor, schoolId));
  const pupilIds = input.pupils.map((p) => p.pupilId);
  if (new Set(pupilIds).size !== pupilIds.length) {
    throw new AppError('VALIDATION_FAILED', 'A pupil is listed once per incident');
  }
  const known = await repo.findPupilIdsOfSchool(db, schoolId, pupilIds);
  if (pupilIds.some((id) => !known.has(id))) throw new AppError('NOT_FOUND', 'Pupil not found');
  const row: IncidentTable = {
    id: newId(),
    school_id: schoolId,
    author_id: actor.personId,
    occurred_at: new Date(input.occurredAt).toISOString(),
    place: input.place,
    description: input.description,
    witnesses: input.witnesses,
    created_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await repo.insertIncident(
      trx,
      row,
      input.pupils.map((p) => ({ incident_id: row.id, pupil_id: p.pupilId, role: p.role })),
    );
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'incident.create',
      details: { incidentId: row.id, pupils: pupilIds.length },
    });
  });
  return (await presentIncidents(db, [row]))[0]!;
}

/** Direction and vie scolaire see every report; any other author sees their own. */
export async function listIncidents(db: Executor, actor: Actor, schoolId: string) {
  assertIn(actor, schoolId, canUseIncidents(actor, schoolId));
  const rows = await repo.findIncidents(
    db,
    schoolId,
    canFollowDiscipline(actor, schoolId) ? {} : { authorId: actor.personId },
  );
  return { items: await presentIncidents(db, rows) };
}

// -------------------------------------------------------------------------------------------- punishments

async function presentPunishments(db: Executor, rows: PunishmentTable[]) {
  const people = await namesOf(db, [...rows.map((r) => r.pupil_id), ...rows.flatMap((r) => r.given_by ?? [])]);
  const classes = await attendanceRepo.findClassNamesOfPupils(
    db,
    [...new Set(rows.map((r) => r.pupil_id))],
    todayInParis(),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    reason: r.reason,
    givenOn: r.given_on,
    givenBy: r.given_by ? (people.get(r.given_by) ?? unknownPerson(r.given_by)) : null,
    pupil: { ...(people.get(r.pupil_id) ?? unknownPerson(r.pupil_id)), className: classes.get(r.pupil_id) ?? null },
    incidentId: r.incident_id,
    detention:
      r.kind === 'retenue' && r.detention_date
        ? {
            date: r.detention_date,
            startsAt: r.detention_starts_at ?? '',
            endsAt: r.detention_ends_at ?? '',
            room: r.detention_room ?? '',
            status: r.detention_status,
          }
        : null,
  }));
}

const PUNISHMENT_LABELS: Record<PunishmentTable['kind'], string> = {
  retenue: 'une retenue',
  devoir_supplementaire: 'un devoir supplémentaire',
  excuse_orale: 'une excuse orale',
  excuse_ecrite: 'une excuse écrite',
  observation: 'une observation',
};

/** A punition scolaire: vie scolaire for any pupil, a teacher for a pupil they teach; the family is told. */
export async function createPunishment(db: Executor, actor: Actor, schoolId: string, input: PunishmentInput) {
  if (!canUseIncidents(actor, schoolId)) assertIn(actor, schoolId, false);
  const pupil = await getPupil(db, schoolId, input.pupilId);
  const teaches =
    hasProfile(actor, schoolId, 'teacher') &&
    (await directoryRepo.teachesPupil(db, actor.personId, pupil.id, todayInParis()));
  assertCan(canGivePunishment(actor, schoolId, { teachesPupil: teaches }));
  if (input.incidentId) {
    const incident = await repo.getIncident(db, input.incidentId);
    if (!incident || incident.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Incident not found');
  }
  const now = new Date().toISOString();
  const d = input.detention;
  const row: PunishmentTable = {
    id: newId(),
    school_id: schoolId,
    pupil_id: pupil.id,
    kind: input.kind,
    reason: input.reason,
    incident_id: input.incidentId ?? null,
    given_by: actor.personId,
    given_on: todayInParis(),
    detention_date: d?.date ?? null,
    detention_starts_at: d?.startsAt ?? null,
    detention_ends_at: d?.endsAt ?? null,
    detention_room: d?.room ?? null,
    detention_status: null,
    detention_checked_by: null,
    detention_checked_at: null,
    created_at: now,
  };
  const child = `${pupil.firstName} ${pupil.lastName}`;
  await db.transaction().execute(async (trx) => {
    await repo.insertPunishment(trx, row);
    await notify(trx, {
      personIds: await attendanceRepo.findVisibleGuardianIds(trx, [pupil.id]),
      schoolId,
      kind: 'discipline.punishment',
      title: `Punition pour ${child}`,
      body: d
        ? `${child} a ${PUNISHMENT_LABELS[row.kind]} le ${d.date} de ${d.startsAt} à ${d.endsAt} (${d.room}).`
        : `${child} a ${PUNISHMENT_LABELS[row.kind]}.`,
      link: `/vie-de-l-eleve/${pupil.id}`,
      message: {
        key: d ? 'discipline.retenue' : `discipline.punishment`,
        params: {
          child,
          kind: row.kind,
          ...(d ? { date: d.date, start: d.startsAt, end: d.endsAt, room: d.room } : {}),
        },
      },
    });
  });
  return (await presentPunishments(db, [row]))[0]!;
}

/** Vie scolaire sees every punishment; a teacher or another staff member those they gave. */
export async function listPunishments(db: Executor, actor: Actor, schoolId: string, q: { from?: string; to?: string }) {
  assertIn(actor, schoolId, canUseIncidents(actor, schoolId));
  const rows = await repo.findPunishments(db, schoolId, {
    ...q,
    ...(canFollowDiscipline(actor, schoolId) ? {} : { givenBy: actor.personId }),
  });
  return { items: await presentPunishments(db, rows) };
}

/** The retenues of a day, for their roll call: vie scolaire and direction. */
export async function listDetentions(db: Executor, actor: Actor, schoolId: string, date: string) {
  assertIn(actor, schoolId, canFollowDiscipline(actor, schoolId));
  const rows = await repo.findPunishments(db, schoolId, { detentionDate: date });
  const items = await presentPunishments(db, rows);
  items.sort(
    (a, b) =>
      (a.detention?.startsAt ?? '').localeCompare(b.detention?.startsAt ?? '') ||
      a.pupil.lastName.localeCompare(b.pupil.lastName, 'fr'),
  );
  return { items };
}

/** The roll call of a retenue: present or absent, by vie scolaire. */
export async function checkDetention(
  db: Executor,
  actor: Actor,
  schoolId: string,
  id: string,
  status: 'present' | 'absent',
) {
  assertIn(actor, schoolId, canFollowDiscipline(actor, schoolId));
  const p = await repo.getPunishment(db, id);
  if (!p || p.school_id !== schoolId || p.kind !== 'retenue') throw new AppError('NOT_FOUND', 'Retenue not found');
  await repo.setDetentionStatus(db, id, { status, by: actor.personId, at: new Date().toISOString() });
  return (await presentPunishments(db, [(await repo.getPunishment(db, id))!]))[0]!;
}

// --------------------------------------------------------------------------------------------- procedures

async function presentProcedures(db: Executor, actor: Actor, rows: DisciplinaryProcedureTable[], now: Date) {
  const people = await namesOf(db, [...rows.map((r) => r.pupil_id), ...rows.flatMap((r) => r.opened_by ?? [])]);
  const classes = await attendanceRepo.findClassNamesOfPupils(
    db,
    [...new Set(rows.map((r) => r.pupil_id))],
    todayInParis(now),
  );
  return rows.map((r) => ({
    id: r.id,
    pupil: { ...(people.get(r.pupil_id) ?? unknownPerson(r.pupil_id)), className: classes.get(r.pupil_id) ?? null },
    facts: r.facts,
    incidentId: r.incident_id,
    openedAt: r.opened_at,
    openedBy: r.opened_by ? (people.get(r.opened_by) ?? unknownPerson(r.opened_by)) : null,
    defenceDays: r.defence_days,
    defenceEndsAt: r.defence_ends_at,
    status: r.status,
    sanction: r.sanction,
    sursis: r.sursis === 1,
    duration: r.duration,
    reasons: r.decision_reasons,
    pronouncedAt: r.pronounced_at,
    removalDueOn: r.removal_due_on,
    abilities: {
      pronounce: r.status === 'open' && canPronounce(actor, r.school_id) && now.toISOString() >= r.defence_ends_at,
      close: r.status === 'open' && canPronounce(actor, r.school_id),
    },
  }));
}

const SANCTION_LABELS: Record<Sanction, string> = {
  avertissement: 'un avertissement',
  blame: 'un blâme',
  mesure_responsabilisation: 'une mesure de responsabilisation',
  exclusion_classe: 'une exclusion temporaire de la classe',
  exclusion_etablissement: "une exclusion temporaire de l'établissement",
};

/**
 * Opens a disciplinary procedure (the chef d'établissement alone): the pupil and the guardians are told in writing
 * (the letter, GET …/opening-letter.pdf), with the delay to present a defence (R. 421-10-1).
 */
export async function openProcedure(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: ProcedureInput,
  now: Date = new Date(),
) {
  assertIn(actor, schoolId, canPronounce(actor, schoolId));
  const pupil = await getPupil(db, schoolId, input.pupilId);
  if (input.incidentId) {
    const incident = await repo.getIncident(db, input.incidentId);
    if (!incident || incident.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Incident not found');
  }
  const row: DisciplinaryProcedureTable = {
    id: newId(),
    school_id: schoolId,
    pupil_id: pupil.id,
    incident_id: input.incidentId ?? null,
    facts: input.facts,
    opened_by: actor.personId,
    opened_at: now.toISOString(),
    defence_days: input.defenceDays,
    defence_ends_at: defenceEndsAt(now, input.defenceDays).toISOString(),
    status: 'open',
    sanction: null,
    sursis: 0,
    duration: null,
    decision_reasons: null,
    pronounced_by: null,
    pronounced_at: null,
    removal_due_on: null,
    removed_at: null,
    closed_at: null,
  };
  const child = `${pupil.firstName} ${pupil.lastName}`;
  await db.transaction().execute(async (trx) => {
    await repo.insertProcedure(trx, row);
    await notify(trx, {
      personIds: [pupil.id, ...(await attendanceRepo.findVisibleGuardianIds(trx, [pupil.id]))],
      schoolId,
      kind: 'discipline.procedure',
      title: `Procédure disciplinaire : ${child}`,
      body: `Le chef d'établissement a engagé une procédure disciplinaire. Vous pouvez présenter une défense jusqu'au ${row.defence_ends_at}.`,
      link: `/vie-de-l-eleve/${pupil.id}`,
      message: { key: 'discipline.procedure', params: { child, at: row.defence_ends_at } },
    });
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'discipline.procedure.open',
      targetPersonId: pupil.id,
      details: { procedureId: row.id },
    });
  });
  return (await presentProcedures(db, actor, [row], now))[0]!;
}

export async function listProcedures(db: Executor, actor: Actor, schoolId: string, now: Date = new Date()) {
  assertIn(actor, schoolId, canReadProcedures(actor, schoolId));
  return { items: await presentProcedures(db, actor, await repo.findProcedures(db, schoolId), now) };
}

async function getProcedureOf(db: Executor, schoolId: string, id: string) {
  const p = await repo.getProcedure(db, id);
  if (!p || p.school_id !== schoolId || p.removed_at) throw new AppError('NOT_FOUND', 'Procedure not found');
  return p;
}

/**
 * Pronounces the sanction: the principal alone, never before the defence delay has run out (DEFENCE_DELAY_RUNNING);
 * the family is told and reads the letter in Préau.
 */
export async function pronounce(
  db: Executor,
  actor: Actor,
  schoolId: string,
  id: string,
  input: PronounceInput,
  now: Date = new Date(),
) {
  assertIn(actor, schoolId, canPronounce(actor, schoolId));
  const p = await getProcedureOf(db, schoolId, id);
  if (p.status !== 'open') throw new AppError('CONFLICT', 'This procedure is already closed');
  if (now.toISOString() < p.defence_ends_at) {
    throw new AppError('DEFENCE_DELAY_RUNNING', 'The pupil may still present a defence', {
      defenceEndsAt: p.defence_ends_at,
    });
  }
  const day = todayInParis(now);
  const year = await repo.findSchoolYearOn(db, schoolId, day);
  const pupil = await getPupil(db, schoolId, p.pupil_id);
  const child = `${pupil.firstName} ${pupil.lastName}`;
  let done = false;
  await db.transaction().execute(async (trx) => {
    done = await repo.pronounceIfOpen(trx, id, {
      sanction: input.sanction,
      sursis: input.sursis ? 1 : 0,
      duration: input.duration ?? null,
      decision_reasons: input.reasons,
      pronounced_by: actor.personId,
      pronounced_at: now.toISOString(),
      removal_due_on: removalDueOn(input.sanction, day, year?.ends_on ?? null),
    });
    if (!done) return;
    await notify(trx, {
      personIds: [pupil.id, ...(await attendanceRepo.findVisibleGuardianIds(trx, [pupil.id]))],
      schoolId,
      kind: 'discipline.sanction',
      title: `Sanction : ${child}`,
      body: `Le chef d'établissement a prononcé ${SANCTION_LABELS[input.sanction]}${input.sursis ? ' avec sursis' : ''}. La lettre est dans Préau.`,
      link: `/vie-de-l-eleve/${pupil.id}`,
      message: {
        key: 'discipline.sanction',
        params: { child, sanction: input.sanction, sursis: input.sursis ? 1 : 0 },
      },
    });
    await recordAudit(trx, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'discipline.sanction.pronounce',
      targetPersonId: pupil.id,
      details: { procedureId: id, sanction: input.sanction, sursis: input.sursis },
    });
  });
  if (!done) throw new AppError('CONFLICT', 'This procedure is already closed');
  return (await presentProcedures(db, actor, [(await repo.getProcedure(db, id))!], now))[0]!;
}

/** Closes a procedure without a sanction (the defence convinced): the principal. */
export async function closeProcedure(db: Executor, actor: Actor, schoolId: string, id: string, now: Date = new Date()) {
  assertIn(actor, schoolId, canPronounce(actor, schoolId));
  await getProcedureOf(db, schoolId, id);
  const ok = await db.transaction().execute(async (trx) => {
    const closed = await repo.closeIfOpen(trx, id, now.toISOString());
    if (closed) {
      await recordAudit(trx, {
        schoolId,
        actorPersonId: actor.personId,
        action: 'discipline.procedure.close',
        details: { procedureId: id },
      });
    }
    return closed;
  });
  if (!ok) throw new AppError('CONFLICT', 'This procedure is already closed');
  return (await presentProcedures(db, actor, [(await repo.getProcedure(db, id))!], now))[0]!;
}

/**
 * Who reads a procedure's letters: direction and the CPE, the pupil, and guardians whose link opens school
 * information. Anyone else gets NOT_FOUND (another family may not learn a procedure exists).
 */
export async function getProcedureForLetter(
  db: Executor,
  actor: Actor,
  schoolId: string,
  id: string,
  which: 'opening' | 'sanction',
) {
  const p = await repo.getProcedure(db, id);
  const hidden = () => new AppError('NOT_FOUND', 'Procedure not found');
  if (!p || p.school_id !== schoolId || p.removed_at || !belongsToSchool(actor, schoolId)) throw hidden();
  const allowed =
    canReadProcedures(actor, schoolId) ||
    actor.personId === p.pupil_id ||
    (hasProfile(actor, schoolId, 'guardian') && (await directoryRepo.isGuardianOf(db, actor.personId, p.pupil_id)));
  if (!allowed) throw hidden();
  if (which === 'sanction' && p.status !== 'pronounced') throw hidden();
  const [pupil, school, opener, pronouncer] = await Promise.all([
    getPupil(db, schoolId, p.pupil_id),
    directoryRepo.getSchool(db, schoolId),
    p.opened_by ? directoryRepo.findPersonSummary(db, p.opened_by) : undefined,
    p.pronounced_by ? directoryRepo.findPersonSummary(db, p.pronounced_by) : undefined,
  ]);
  const className = (await attendanceRepo.findClassNamesOfPupils(db, [pupil.id], p.opened_at.slice(0, 10))).get(
    pupil.id,
  );
  if (which === 'sanction') {
    await recordAudit(db, {
      schoolId,
      actorPersonId: actor.personId,
      action: 'discipline.sanction.letter_read',
      targetPersonId: p.pupil_id,
      details: { procedureId: id },
    });
  }
  const name = (x: { first_name: string; last_name: string } | undefined) =>
    x ? `${x.first_name} ${x.last_name}` : '';
  return {
    procedure: p,
    pupil,
    className: className ?? null,
    school: { name: school?.name ?? '', town: school?.town ?? '' },
    openedBy: name(opener),
    pronouncedBy: name(pronouncer),
  };
}

// ------------------------------------------------------------------------------------------ a pupil's record

/**
 * A pupil's punishments and sanctions still in the file, and the procedures under way: the pupil, guardians whose
 * link opens school information, direction and vie scolaire. Incident reports only for direction and vie scolaire.
 */
export async function getPupilDiscipline(
  db: Executor,
  actor: Actor,
  schoolId: string,
  pupilId: string,
  now: Date = new Date(),
) {
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'Pupil not found');
  const isGuardian =
    hasProfile(actor, schoolId, 'guardian') && (await directoryRepo.isGuardianOf(db, actor.personId, pupilId));
  const isSelf = actor.personId === pupilId && hasProfile(actor, schoolId, 'pupil');
  if (!canReadPupilDiscipline(actor, schoolId, { isSelf, isGuardian })) {
    // Staff who may not read it are told no; a family is not told that another family's child exists.
    assertCan(false, { hide: !hasProfile(actor, schoolId, 'staff') && !hasProfile(actor, schoolId, 'teacher') });
  }
  const pupil = await getPupil(db, schoolId, pupilId);
  const staff = canFollowDiscipline(actor, schoolId);
  const today = todayInParis(now);
  const [punishments, procedures, incidents] = await Promise.all([
    repo.findPunishments(db, schoolId, { pupilId }),
    repo.findProcedures(db, schoolId, { pupilId }),
    staff ? repo.findIncidents(db, schoolId, { pupilId }) : Promise.resolve(null),
  ]);
  return {
    pupil,
    punishments: await presentPunishments(db, punishments),
    sanctions: procedures
      // Past its removal date a sanction is out of the file, even before the job has run.
      .filter((p) => p.status === 'pronounced' && p.sanction && (p.removal_due_on ?? '9999') > today)
      .map((p) => ({
        procedureId: p.id,
        sanction: p.sanction!,
        sursis: p.sursis === 1,
        duration: p.duration,
        facts: p.facts,
        pronouncedAt: p.pronounced_at ?? '',
        removalDueOn: p.removal_due_on,
      })),
    openProcedures: procedures
      .filter((p) => p.status === 'open')
      .map((p) => ({ procedureId: p.id, facts: p.facts, openedAt: p.opened_at, defenceEndsAt: p.defence_ends_at })),
    incidents: incidents ? await presentIncidents(db, incidents) : null,
  };
}

/**
 * The incident reports the caller wrote about a pupil and the punishments they gave them: what a teacher sees in
 * the pupil's file, where the rest of the record is not theirs to read (docs/discipline.md "Who does what").
 */
export async function getOwnPupilDiscipline(db: Executor, actor: Actor, schoolId: string, pupilId: string) {
  if (!belongsToSchool(actor, schoolId) || !canUseIncidents(actor, schoolId)) {
    throw new AppError('NOT_FOUND', 'Pupil not found');
  }
  const [punishments, incidents] = await Promise.all([
    repo.findPunishments(db, schoolId, { pupilId, givenBy: actor.personId }),
    repo.findIncidents(db, schoolId, { pupilId, authorId: actor.personId }),
  ]);
  return {
    punishments: await presentPunishments(db, punishments),
    incidents: await presentIncidents(db, incidents),
  };
}

// ------------------------------------------------------------------------------------------- naming pupils

/**
 * The pupils the caller may name in a report or a punishment: every pupil for direction, vie scolaire and other
 * staff; a teacher the pupils they teach.
 */
export async function listNameablePupils(db: Executor, actor: Actor, schoolId: string) {
  assertIn(actor, schoolId, canUseIncidents(actor, schoolId));
  const day = todayInParis();
  const everyone = canFollowDiscipline(actor, schoolId) || hasProfile(actor, schoolId, 'staff');
  const rows = await repo.findNameablePupils(db, schoolId, day, everyone ? undefined : actor.personId);
  const classes = await attendanceRepo.findClassNamesOfPupils(
    db,
    rows.map((r) => r.id),
    day,
  );
  return {
    items: rows.map((r) => ({
      id: r.id,
      firstName: r.first_name,
      lastName: r.last_name,
      className: classes.get(r.id) ?? null,
    })),
  };
}

// ------------------------------------------------------------------------------------------------- the job

/**
 * Removes from pupils' files the sanctions whose legal time is over on `now`'s date (Paris). Run by the server
 * every hour and callable with any clock (tests move it).
 */
export async function removeExpiredSanctions(db: Executor, now: Date = new Date()): Promise<number> {
  const due = await repo.findSanctionsDueForRemoval(db, todayInParis(now));
  if (due.length === 0) return 0;
  await db.transaction().execute(async (trx) => {
    await repo.removeSanctions(
      trx,
      due.map((d) => d.id),
      now.toISOString(),
    );
    for (const d of due) {
      await recordAudit(trx, {
        schoolId: d.school_id,
        actorPersonId: null,
        action: 'discipline.sanction.removed',
        targetPersonId: d.pupil_id,
        details: { procedureId: d.id, sanction: d.sanction },
      });
    }
  });
  return due.length;
}
