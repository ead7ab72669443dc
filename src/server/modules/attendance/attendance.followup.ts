/** Follow-up: a pupil's record, the "à signaler" list, rates per class and site, the CSV export. */

import type { z } from 'zod';
import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { type Actor, assertCan, belongsToSchool, hasProfile, isStaffOf } from '../../lib/policy.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { addDays, mondayOf } from '../timetable/timetable.calendar.ts';
import { findCalendarOfSchool } from '../timetable/timetable.service.ts';
import { getPupilInScope, presentEvent, presentExemption } from './attendance.events.ts';
import {
  type HalfDayEvent,
  halfDaysOf,
  monthsToReport,
  REPORT_THRESHOLD,
  unjustifiedHalfDaysByMonth,
} from './attendance.halfdays.ts';
import { presentJustifications } from './attendance.justifications.ts';
import { canJustifyFor, canManageAttendance, canSeeToReport, recordViewOf } from './attendance.policy.ts';
import * as repo from './attendance.repo.ts';
import type { PupilRecordSchema, RatesQuery } from './attendance.schema.ts';

type EventRow = repo.EventWithReason;

export const toHalfDayEvent = (e: {
  kind: HalfDayEvent['kind'];
  source: string;
  date_from: string;
  half_from: HalfDayEvent['halfFrom'];
  date_to: string;
  half_to: HalfDayEvent['halfTo'];
  justification_status: HalfDayEvent['justificationStatus'];
  reason_valid: number | null;
}): HalfDayEvent => ({
  kind: e.kind,
  fromSession: e.source === 'roll_call',
  dateFrom: e.date_from,
  halfFrom: e.half_from,
  dateTo: e.date_to,
  halfTo: e.half_to,
  justificationStatus: e.justification_status,
  reasonValid: e.reason_valid === null ? null : e.reason_valid === 1,
});

/** Whether a date is a school day of the school's calendar (holidays and days off excluded). */
async function schoolDayPredicate(db: Executor, schoolId: string, from: string, to: string) {
  const years = new Map<string, (d: string) => boolean>();
  for (const d of [from, to]) {
    const y = await findCalendarOfSchool(db, schoolId, d);
    if (y) years.set(y.id, (x) => y.cal.isSchoolDay(x));
  }
  const checks = [...years.values()];
  return (d: string) => checks.some((f) => f(d));
}

async function schoolYearRange(db: Executor, schoolId: string) {
  const today = todayInParis();
  const y = await findCalendarOfSchool(db, schoolId, today);
  return y ? { from: y.startsOn, to: y.endsOn } : { from: addDays(today, -365), to: today };
}

// ---------------------------------------------------------------------------------------------- pupil record

export async function getPupilRecord(
  db: Executor,
  actor: Actor,
  pupilId: string,
  q: { from?: string | undefined; to?: string | undefined },
) {
  const pupil = await getPupilInScope(db, actor, pupilId);
  const today = todayInParis();
  const rel = {
    isSelf: actor.personId === pupil.id,
    isGuardian: await directoryRepo.isGuardianOf(db, actor.personId, pupil.id),
    teachesPupil:
      hasProfile(actor, pupil.schoolId, 'teacher') &&
      (await directoryRepo.teachesPupil(db, actor.personId, pupil.id, today)),
  };
  const view = recordViewOf(actor, pupil.schoolId, rel);
  if (!view) {
    const knows = isStaffOf(actor, pupil.schoolId) || hasProfile(actor, pupil.schoolId, 'teacher');
    assertCan(false, { hide: !knows, what: 'Pupil' });
  }
  const v = view!;
  const year = await schoolYearRange(db, pupil.schoolId);
  const from = q.from ?? year.from;
  const to = q.to ?? year.to;
  if (from > to) throw new AppError('VALIDATION_FAILED', '`from` is after `to`');
  const events = await repo.findEventsOfPupil(db, pupil.id, from, to);
  const isSchoolDay = await schoolDayPredicate(db, pupil.schoolId, from, to);
  const halfDayEvents = events.map(toHalfDayEvent);
  const byMonth = unjustifiedHalfDaysByMonth(halfDayEvents, isSchoolDay);
  const within = (k: string) => k.slice(0, 10) >= from && k.slice(0, 10) <= to;
  const counts = {
    absences: events.filter((e) => e.kind === 'absence').length,
    lateness: events.filter((e) => e.kind === 'lateness').length,
    earlyDepartures: events.filter((e) => e.kind === 'early_departure').length,
    unjustifiedHalfDays: [...byMonth.values()].reduce((n, l) => n + l.length, 0),
    absenceHalfDays: new Set(halfDayEvents.flatMap((e) => halfDaysOf(e, isSchoolDay)).filter(within)).size,
  };
  const out: z.infer<typeof PupilRecordSchema> = {
    pupil: { id: pupil.id, firstName: pupil.firstName, lastName: pupil.lastName },
    view: v,
    from,
    to,
    counts,
  };
  if (v === 'full' || v === 'family' || v === 'social') {
    out.unjustifiedByMonth = [...byMonth].map(([month, halfDays]) => ({ month, halfDays }));
  }
  if (v === 'health') {
    const absences = events.filter((e) => e.kind === 'absence');
    out.healthAbsences = {
      maladie: absences.filter((e) => e.reason_code === 'maladie').length,
      rendez_vous_medical: absences.filter((e) => e.reason_code === 'rendez_vous_medical').length,
    };
  }
  if (v === 'full' || v === 'family' || v === 'teacher') {
    out.events = events.map((e: EventRow) => presentEvent(e, v));
  }
  if (v === 'full' || v === 'family') {
    out.abilities = { justify: canJustifyFor(actor, pupil.schoolId, rel) };
    out.exemptions = (await repo.findExemptionsOfPupil(db, pupil.id, from, to)).map((x) => presentExemption(x, v));
    out.justifications = await presentJustifications(
      db,
      pupil.schoolId,
      await repo.findJustificationsOfPupil(db, pupil.id),
    );
  }
  return out;
}

/**
 * What a report card prints from vie scolaire, per pupil over a period: half-days of absence (each counted once),
 * of which unjustified, and the number of lateness events. No access check: callers (report cards) check theirs.
 */
export async function summariseAttendance(
  db: Executor,
  schoolId: string,
  pupilIds: readonly string[],
  from: string,
  to: string,
): Promise<Map<string, { absenceHalfDays: number; unjustifiedHalfDays: number; lateness: number }>> {
  const events = await repo.findEventsOfPupils(db, schoolId, pupilIds, from, to);
  const isSchoolDay = await schoolDayPredicate(db, schoolId, from, to);
  const within = (k: string) => k.slice(0, 10) >= from && k.slice(0, 10) <= to;
  const out = new Map(pupilIds.map((id) => [id, { absenceHalfDays: 0, unjustifiedHalfDays: 0, lateness: 0 }]));
  const byPupil = new Map<string, typeof events>();
  for (const e of events) {
    const list = byPupil.get(e.pupil_id) ?? [];
    list.push(e);
    byPupil.set(e.pupil_id, list);
  }
  for (const [pupilId, list] of byPupil) {
    const halfDayEvents = list.map(toHalfDayEvent);
    const all = new Set(halfDayEvents.flatMap((e) => halfDaysOf(e, isSchoolDay)).filter(within));
    const unjustified = [...unjustifiedHalfDaysByMonth(halfDayEvents, isSchoolDay).values()].flat().filter(within);
    out.set(pupilId, {
      absenceHalfDays: all.size,
      unjustifiedHalfDays: unjustified.length,
      lateness: list.filter((e) => e.kind === 'lateness' && e.date_from >= from && e.date_from <= to).length,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------- à signaler

const monthBounds = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
};

/** Pupils with REPORT_THRESHOLD or more unjustified half-days in a calendar month, with the half-days. */
export async function listToReport(db: Executor, actor: Actor, schoolId: string, month?: string) {
  assertCan(canSeeToReport(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const m = month ?? todayInParis().slice(0, 7);
  const { from, to } = monthBounds(m);
  const events = await repo.findEventsOfSchool(db, schoolId, from, to, ['absence']);
  const isSchoolDay = await schoolDayPredicate(db, schoolId, from, to);
  const byPupil = new Map<string, EventRow[]>();
  const names = new Map<string, { firstName: string; lastName: string }>();
  for (const e of events) {
    byPupil.set(e.pupil_id, [...(byPupil.get(e.pupil_id) ?? []), e]);
    names.set(e.pupil_id, { firstName: e.first_name, lastName: e.last_name });
  }
  const found: Array<{ pupilId: string; halfDays: string[] }> = [];
  for (const [pupilId, list] of byPupil) {
    const hit = monthsToReport(unjustifiedHalfDaysByMonth(list.map(toHalfDayEvent), isSchoolDay)).find(
      (x) => x.month === m,
    );
    if (hit) found.push({ pupilId, halfDays: hit.halfDays });
  }
  const classes = await repo.findClassNamesOfPupils(
    db,
    found.map((f) => f.pupilId),
    [to, todayInParis()].sort()[0]!,
  );
  const items = found
    .map((f) => ({
      pupil: { id: f.pupilId, ...names.get(f.pupilId)! },
      class: classes.get(f.pupilId) ?? null,
      halfDays: f.halfDays,
    }))
    .sort((a, b) => b.halfDays.length - a.halfDays.length || a.pupil.lastName.localeCompare(b.pupil.lastName, 'fr'));
  return { month: m, threshold: REPORT_THRESHOLD, items };
}

// ---------------------------------------------------------------------------------------------- rates

/**
 * Absence rate = absent pupil-sessions / pupil-sessions held, over sessions whose roll call was taken (a
 * session without roll call has no figures). Per class: sessions of courses of that class; courses of groups
 * only are under "Groupes". Lateness: the number of late arrivals recorded in roll calls.
 */
export async function getRates(db: Executor, actor: Actor, schoolId: string, q: RatesQuery) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const year = await schoolYearRange(db, schoolId);
  const to = q.to ?? todayInParis();
  const from = q.from ?? year.from;
  if (from > to) throw new AppError('VALIDATION_FAILED', '`from` is after `to`');
  const rows = await repo.sumRollCalls(db, schoolId, from, to);
  const labels = new Map<string, string>();
  if (q.per === 'class') {
    for (const c of await db
      .selectFrom('classes')
      .select(['id', 'code', 'label'])
      .where('school_id', '=', schoolId)
      .execute()) {
      labels.set(c.id, c.label.trim() || c.code);
    }
  } else {
    for (const s of await db.selectFrom('sites').select(['id', 'name']).where('school_id', '=', schoolId).execute()) {
      labels.set(s.id, s.name);
    }
  }
  const buckets = new Map<
    string,
    { period: string; id: string | null; pupils: number; absent: number; late: number }
  >();
  for (const r of rows) {
    const period = q.by === 'week' ? mondayOf(r.date) : r.date.slice(0, 7);
    const id = q.per === 'class' ? r.class_id : r.site_id;
    const k = `${period}|${id ?? ''}`;
    const b = buckets.get(k) ?? { period, id, pupils: 0, absent: 0, late: 0 };
    b.pupils += Number(r.pupils);
    b.absent += Number(r.absent);
    b.late += Number(r.late);
    buckets.set(k, b);
  }
  const items = [...buckets.values()]
    .map((b) => ({
      period: b.period,
      id: b.id,
      label: b.id ? (labels.get(b.id) ?? '?') : q.per === 'class' ? 'Groupes' : 'Sans site',
      pupilSessions: b.pupils,
      absentPupilSessions: b.absent,
      absenceRate: b.pupils > 0 ? Math.round((b.absent / b.pupils) * 10_000) / 10_000 : 0,
      lateness: b.late,
    }))
    .sort((a, b) => a.period.localeCompare(b.period) || a.label.localeCompare(b.label, 'fr'));
  return { from, to, by: q.by, per: q.per, items };
}

// ---------------------------------------------------------------------------------------------- CSV

/** One CSV field: quoted when needed; a leading = + - @ is neutralised so spreadsheets do not run it. */
export function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const KIND_LABEL = { absence: 'Absence', lateness: 'Retard', early_departure: 'Départ anticipé' } as const;
const STATUS_LABEL = {
  none: 'Non justifiée',
  pending: 'En attente',
  accepted: 'Acceptée',
  refused: 'Refusée',
} as const;
const HALF_LABEL = { am: 'matin', pm: 'après-midi' } as const;

/** The school's events between two dates as CSV for Excel: ';' separator, UTF-8 with a BOM, CRLF. */
export async function exportCsv(db: Executor, actor: Actor, schoolId: string, q: { from?: string; to?: string }) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const to = q.to ?? todayInParis();
  const from = q.from ?? `${to.slice(0, 7)}-01`;
  if (from > to) throw new AppError('VALIDATION_FAILED', '`from` is after `to`');
  const events = await repo.findEventsOfSchool(db, schoolId, from, to);
  const classes = await repo.findClassNamesOfPupils(db, [...new Set(events.map((e) => e.pupil_id))], to);
  const header = [
    'Nom',
    'Prénom',
    'Classe',
    'Type',
    'Du',
    'Demi-journée',
    'Au',
    'Demi-journée',
    'Heure',
    'Minutes de retard',
    'Motif',
    'Motif valable',
    'Justification',
    'Commentaire',
  ];
  const lines = [header.map(csvField).join(';')];
  for (const e of events) {
    lines.push(
      [
        e.last_name,
        e.first_name,
        classes.get(e.pupil_id) ?? '',
        KIND_LABEL[e.kind],
        e.date_from,
        HALF_LABEL[e.half_from],
        e.date_to,
        HALF_LABEL[e.half_to],
        e.left_at ?? e.starts_at ?? '',
        e.minutes_late,
        e.reason_label ?? '',
        e.reason_valid === null ? '' : e.reason_valid === 1 ? 'oui' : 'non',
        STATUS_LABEL[e.justification_status],
        e.comment,
      ]
        .map(csvField)
        .join(';'),
    );
  }
  return { fileName: `absences-${from}-${to}.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
}
