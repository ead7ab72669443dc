import type { Executor } from '../../db/types.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { getSchoolSetting, setSchoolSetting } from '../../lib/school-settings.ts';
import { parisInstant, parisWallClock } from '../attendance/attendance.halfdays.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays } from '../timetable/timetable.calendar.ts';
import {
  canEditInfoPages,
  canEditReceptionSettings,
  canReadInfoPages,
  canUseReceptionDesk,
} from './appointments.policy.ts';
import * as repo from './appointments.repo.ts';
import type { Info, ReceptionDay, ReceptionSettings } from './appointments.schema.ts';
import { presentRows, sendReminders } from './appointments.service.ts';
import { sanitizeInfoPage } from './info.sanitize.ts';
import { RECEPTION_SETTING } from './reception.settings.ts';

function assertDesk(actor: Actor, schoolId: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canUseReceptionDesk(actor, schoolId));
}

async function siteOf(db: Executor, schoolId: string, siteId: string) {
  const site = await repo.getSite(db, siteId);
  if (!site || site.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Site not found');
  return site;
}

/** A Paris calendar day as an instant range [from, to). */
const dayRange = (date: string) => ({
  from: parisInstant(date, '00:00').toISOString(),
  to: parisInstant(addDays(date, 1), '00:00').toISOString(),
});

/** The desk's day at one site: every staff member's appointments there, the visitor log, pupils collected early. */
export async function getDay(
  db: Executor,
  actor: Actor,
  schoolId: string,
  q: { siteId?: string; date?: string },
  at = new Date(),
): Promise<ReceptionDay> {
  assertDesk(actor, schoolId);
  const [sites] = await repo.findSitesWithRooms(db, schoolId);
  const siteId = q.siteId ?? sites[0]?.id;
  if (!siteId || !sites.some((s) => s.id === siteId)) throw new AppError('NOT_FOUND', 'Site not found');
  const date = q.date ?? parisWallClock(at).date;
  const range = dayRange(date);
  const [appointments, visits, departures] = await Promise.all([
    repo.findAppointmentsOfSite(db, schoolId, siteId, date),
    repo.findVisits(db, schoolId, siteId, range.from, range.to),
    repo.findDepartures(db, schoolId, siteId, range.from, range.to),
  ]);
  const classes = await repo.findClassCodesOf(
    db,
    departures.map((d) => d.pupil_id),
    date,
  );
  return {
    date,
    siteId,
    sites: sites.map((s) => ({ id: s.id, name: s.name })),
    appointments: await presentRows(db, actor, appointments),
    visits: visits.map((v) => ({
      id: v.id,
      siteId: v.site_id,
      visitorName: v.visitor_name,
      visiting: v.visiting,
      arrivedAt: v.arrived_at,
      leftAt: v.left_at,
    })),
    departures: departures.map((d) => ({
      id: d.id,
      siteId: d.site_id,
      pupil: {
        id: d.pupil_id,
        firstName: d.pupil_first_name,
        lastName: d.pupil_last_name,
        className: classes.find((c) => c.pupil_id === d.pupil_id)?.code ?? null,
      },
      collectedBy: { id: d.collector_id, firstName: d.collector_first_name, lastName: d.collector_last_name },
      reason: d.reason,
      leftAt: d.left_at,
    })),
  };
}

/** Pupils by name, with the people linked to them: who follows the schooling, who may collect. */
export async function searchPupils(db: Executor, actor: Actor, schoolId: string, q: string, at = new Date()) {
  assertDesk(actor, schoolId);
  const day = parisWallClock(at).date;
  const pupils = await repo.searchPupils(db, schoolId, q, day);
  const links = await repo.findGuardianLinks(
    db,
    pupils.map((p) => p.id),
  );
  return {
    pupils: pupils.map((p) => ({
      id: p.id,
      firstName: p.first_name,
      lastName: p.last_name,
      className: p.class_code ?? null,
      guardians: links
        // A court-restricted person is not shown at the desk as someone linked to the child.
        .filter((l) => l.pupil_id === p.id && l.court_restricted === 0)
        .map((l) => ({
          id: l.guardian_id,
          firstName: l.first_name,
          lastName: l.last_name,
          responsibility: l.responsibility,
          follows: Number(l.follows) === 1,
          mayCollect: l.may_collect === 1,
        })),
    })),
  };
}

export async function addVisit(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: { siteId: string; visitorName: string; visiting: string; appointmentId?: string },
) {
  assertDesk(actor, schoolId);
  await siteOf(db, schoolId, input.siteId);
  if (input.appointmentId) {
    const a = await repo.getAppointment(db, input.appointmentId);
    if (!a || a.school_id !== schoolId) throw new AppError('NOT_FOUND', 'Appointment not found');
  }
  const row = {
    id: newId(),
    school_id: schoolId,
    site_id: input.siteId,
    visitor_name: input.visitorName,
    visiting: input.visiting,
    appointment_id: input.appointmentId ?? null,
    arrived_at: nowIso(),
    left_at: null,
    recorded_by: actor.personId,
  };
  await repo.insertVisit(db, row);
  return {
    id: row.id,
    siteId: row.site_id,
    visitorName: row.visitor_name,
    visiting: row.visiting,
    arrivedAt: row.arrived_at,
    leftAt: null,
  };
}

export async function markVisitLeft(db: Executor, actor: Actor, id: string) {
  const visit = await repo.getVisit(db, id);
  if (!visit || !belongsToSchool(actor, visit.school_id)) throw new AppError('NOT_FOUND', 'Visit not found');
  assertCan(canUseReceptionDesk(actor, visit.school_id));
  await repo.markVisitLeft(db, id, nowIso());
  const after = await repo.getVisit(db, id);
  if (!after) throw new AppError('NOT_FOUND', 'Visit not found');
  return {
    id: after.id,
    siteId: after.site_id,
    visitorName: after.visitor_name,
    visiting: after.visiting,
    arrivedAt: after.arrived_at,
    leftAt: after.left_at,
  };
}

/**
 * A pupil collected early: only by someone linked to the child who may collect them (and is not under a court
 * restriction); anyone else is refused with COLLECT_NOT_ALLOWED. The vie scolaire (CPE) is told.
 */
export async function recordDeparture(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: { siteId: string; pupilId: string; collectedBy: string; reason: string },
) {
  assertDesk(actor, schoolId);
  await siteOf(db, schoolId, input.siteId);
  const pupilSchool = await repo.findSchoolOfPupil(db, input.pupilId);
  if (pupilSchool !== schoolId) throw new AppError('NOT_FOUND', 'Pupil not found');
  const links = await repo.findGuardianLinks(db, [input.pupilId]);
  const link = links.find((l) => l.guardian_id === input.collectedBy);
  if (link?.may_collect !== 1 || link.court_restricted !== 0) {
    throw new AppError('COLLECT_NOT_ALLOWED', 'This person may not collect the pupil');
  }
  const pupil = (await repo.searchPupilsById(db, input.pupilId)) ?? { first_name: '', last_name: '' };
  const id = newId();
  const leftAt = nowIso();
  const cpes = await repo.findStaffWithFunctions(db, schoolId, ['cpe']);
  await db.transaction().execute(async (trx) => {
    await repo.insertDeparture(trx, {
      id,
      school_id: schoolId,
      site_id: input.siteId,
      pupil_id: input.pupilId,
      collected_by: input.collectedBy,
      reason: input.reason,
      left_at: leftAt,
      recorded_by: actor.personId,
    });
    await notify(trx, {
      personIds: cpes.map((c) => c.person_id),
      schoolId,
      kind: 'reception.early_departure',
      title: 'Départ anticipé',
      body: `${pupil.first_name} ${pupil.last_name} a été récupéré(e) par ${link.first_name} ${link.last_name}.`,
      message: {
        key: 'reception.earlyDeparture',
        params: {
          child: `${pupil.first_name} ${pupil.last_name}`,
          by: `${link.first_name} ${link.last_name}`,
          at: leftAt,
          reason: input.reason,
        },
      },
      link: `/absences/${input.pupilId}`,
    });
  });
  return { id };
}

// ------------------------------------------------------------------------------------------ settings and purge

export async function getSettings(db: Executor, actor: Actor, schoolId: string): Promise<ReceptionSettings> {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canEditReceptionSettings(actor, schoolId) || canUseReceptionDesk(actor, schoolId));
  return getSchoolSetting(db, schoolId, RECEPTION_SETTING);
}

export async function saveSettings(db: Executor, actor: Actor, schoolId: string, input: ReceptionSettings) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canEditReceptionSettings(actor, schoolId));
  return setSchoolSetting(db, schoolId, RECEPTION_SETTING, input, actor.personId);
}

/** Deletes visitor-log entries older than each school's delay. `at` is injectable (tests move the clock). */
export async function purgeVisitorLogs(db: Executor, at = new Date()): Promise<number> {
  let n = 0;
  for (const { id } of await repo.findSchoolIds(db)) {
    const { visitorLogRetentionDays } = await getSchoolSetting(db, id, RECEPTION_SETTING);
    const before = new Date(at.getTime() - visitorLogRetentionDays * 86_400_000).toISOString();
    n += await repo.deleteVisitsBefore(db, id, before);
  }
  return n;
}

/** The reception jobs: purge the visitor log, send tomorrow's appointment reminders. */
export async function runReceptionJobs(db: Executor, at = new Date()) {
  const purged = await purgeVisitorLogs(db, at);
  const reminded = await sendReminders(db, at);
  return { purged, reminded };
}

// ------------------------------------------------------------------------------------------ information

async function buildInfo(db: Executor, schoolId: string, edit: boolean): Promise<Info> {
  const [school, pages, settings] = await Promise.all([
    repo.getSchoolName(db, schoolId),
    repo.findInfoPages(db, schoolId),
    getSchoolSetting(db, schoolId, RECEPTION_SETTING),
  ]);
  if (!school) throw new AppError('NOT_FOUND', 'School not found');
  return {
    schoolName: school.name,
    public: settings.infoPublic,
    pages: pages.map((p) => ({
      siteId: p.site_id,
      siteName: p.site_name,
      address: p.address,
      bodyHtml: p.body_html ?? '',
      updatedAt: p.updated_at ?? null,
    })),
    abilities: { edit },
  };
}

export async function getInfo(db: Executor, actor: Actor, schoolId: string): Promise<Info> {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canReadInfoPages(actor, schoolId) || canEditInfoPages(actor, schoolId));
  return buildInfo(db, schoolId, canEditInfoPages(actor, schoolId));
}

/** The pages without signing in: only when the school chose so (NOT_FOUND otherwise, as for an unknown school). */
export async function getPublicInfo(db: Executor, schoolId: string): Promise<Info> {
  const settings = await getSchoolSetting(db, schoolId, RECEPTION_SETTING);
  if (!settings.infoPublic) throw new AppError('NOT_FOUND', 'School not found');
  return buildInfo(db, schoolId, false);
}

export async function saveInfoPage(db: Executor, actor: Actor, schoolId: string, siteId: string, bodyHtml: string) {
  assertCan(belongsToSchool(actor, schoolId), { hide: true, what: 'School' });
  assertCan(canEditInfoPages(actor, schoolId));
  await siteOf(db, schoolId, siteId);
  await repo.upsertInfoPage(db, {
    id: newId(),
    schoolId,
    siteId,
    bodyHtml: sanitizeInfoPage(bodyHtml),
    at: nowIso(),
    by: actor.personId,
  });
  return buildInfo(db, schoolId, true);
}
