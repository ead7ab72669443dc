import type { Db, Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, hasAnyFunction, type StaffFunction } from '../../lib/policy.ts';
import { getSchoolSetting } from '../../lib/school-settings.ts';
import { assertPeriodOpen } from '../../lib/school-year.ts';
import * as directoryRepo from '../directory/directory.repo.ts';
import { formatDot } from '../grades/grades.calc.ts';
import { canReadAllGrades, isTeacherIn } from '../grades/grades.policy.ts';
import * as gradesRepo from '../grades/grades.repo.ts';
import { computeClassResults, dayWithin } from '../grades/grades.results.ts';
import { audienceFor, currentPeriod, GRADE_SETTINGS, periodDto } from '../grades/grades.service.ts';
import { notify } from '../notifications/notifications.service.ts';
import { buildClassSnapshots } from './reportcards.build.ts';
import { canOpenReportCards } from './reportcards.policy.ts';
import * as repo from './reportcards.repo.ts';
import type { AppreciationInput, CouncilInput } from './reportcards.schema.ts';
import { type ReportCardSnapshot, ReportCardSnapshotSchema } from './reportcards.snapshot.ts';

/** Direction publishes report cards and, with the professeur principal, records the class council. */
export const REPORT_CARD_DIRECTION: readonly StaffFunction[] = ['principal', 'deputy'];
const isDirection = (actor: Actor, schoolId: string) => hasAnyFunction(actor, REPORT_CARD_DIRECTION, schoolId);

const personDto = (p: { id: string; first_name: string; last_name: string }) => ({
  id: p.id,
  firstName: p.first_name,
  lastName: p.last_name,
});

function conflict(message: string): never {
  throw new AppError('CONFLICT', message);
}

/** A class and a period of the same school and year, in a school the actor belongs to. */
async function loadClassPeriod(db: Executor, actor: Actor, classId: string, periodId: string) {
  const [cls, period] = await Promise.all([repo.getClass(db, classId), gradesRepo.getPeriod(db, periodId)]);
  if (!cls || !belongsToSchool(actor, cls.school_id)) throw notFound('Class');
  if (!period || period.school_id !== cls.school_id || period.school_year_id !== cls.school_year_id) {
    throw notFound('Period');
  }
  return { cls, period, schoolId: cls.school_id };
}

/** The actor's standing in a class: direction/CPE and its professeur principal see all; its teachers, their lines. */
async function classRole(db: Executor, actor: Actor, schoolId: string, classId: string) {
  const principal = isTeacherIn(actor, schoolId) && (await gradesRepo.isPrincipalOf(db, actor.personId, classId));
  return {
    seeAll: canReadAllGrades(actor, schoolId) || principal,
    council: isDirection(actor, schoolId) || principal,
    publish: isDirection(actor, schoolId),
  };
}

// ---------------------------------------------------------------------------------------------- class overview

/**
 * A class's report cards in preparation: per subject, its teachers and how many appreciations are missing; per
 * pupil × subject, the average and the appreciation; the council's decisions; whether they are published.
 */
export async function getClassOverview(db: Executor, actor: Actor, classId: string, periodId: string) {
  const { cls, period, schoolId } = await loadClassPeriod(db, actor, classId, periodId);
  const can = await classRole(db, actor, schoolId, classId);
  // Families and staff without grades see nothing here: refused before any figure is computed.
  assertCan(can.seeAll || isTeacherIn(actor, schoolId), { hide: true, what: 'Class' });
  const settings = await getSchoolSetting(db, schoolId, GRADE_SETTINGS);
  const r = await computeClassResults(db, { classId, period, settings, audience: 'staff' });
  // A subject teacher sees the lines of the pupils they teach (not a colleague's group in the same subject).
  const teaches = (row: { teachers: readonly { id: string }[] }) => row.teachers.some((t) => t.id === actor.personId);
  const mySubjects = new Set<string>();
  for (const res of r.results.values()) for (const s of res.subjects) if (teaches(s)) mySubjects.add(s.subjectId);
  assertCan(can.seeAll || mySubjects.size > 0, { hide: true, what: 'Class' });

  const pupilIds = r.pupils.map((p) => p.id);
  const [appreciations, council, published, periods] = await Promise.all([
    repo.findAppreciations(db, period.id, pupilIds),
    repo.findCouncilDecisions(db, period.id, pupilIds),
    repo.findReportCardsOfClass(db, period.id, classId),
    gradesRepo.findPeriodsOfYear(db, period.school_year_id),
  ]);
  const appreciationOf = new Map(appreciations.map((a) => [`${a.pupil_id}:${a.subject_id}`, a]));
  const visible = (row: { teachers: readonly { id: string }[] }) => can.seeAll || teaches(row);

  const cells: {
    pupilId: string;
    subjectId: string;
    average: string | null;
    appreciation: string | null;
    version: number | null;
  }[] = [];
  const counts = new Map<
    string,
    { expected: number; missing: number; teachers: Map<string, { id: string; firstName: string; lastName: string }> }
  >();
  for (const p of r.pupils) {
    for (const s of r.results.get(p.id)?.subjects ?? []) {
      if (!visible(s)) continue;
      const a = appreciationOf.get(`${p.id}:${s.subjectId}`);
      cells.push({
        pupilId: p.id,
        subjectId: s.subjectId,
        average: s.average === null ? null : formatDot(s.average),
        appreciation: a?.text ?? null,
        version: a?.version ?? null,
      });
      const c = counts.get(s.subjectId) ?? { expected: 0, missing: 0, teachers: new Map() };
      c.expected++;
      if (!a?.text) c.missing++;
      for (const t of s.teachers) c.teachers.set(t.id, t);
      counts.set(s.subjectId, c);
    }
  }
  const reads = can.seeAll
    ? await repo.findReads(
        db,
        published.map((p) => p.id),
      )
    : [];
  const guardianIds = new Set((await repo.findVisibleGuardians(db, pupilIds)).map((g) => g.id));
  return {
    class: { id: cls.id, code: cls.code, label: cls.label },
    period: periodDto(period),
    periods: periods.map(periodDto),
    can,
    subjects: r.subjects
      .filter((s) => counts.has(s.id))
      .map((s) => {
        const c = counts.get(s.id);
        return {
          subjectId: s.id,
          subject: s.label,
          teachers: [...(c?.teachers.values() ?? [])],
          mine: mySubjects.has(s.id),
          missing: c?.missing ?? 0,
          expected: c?.expected ?? 0,
        };
      }),
    pupils: r.pupils.map((p) => {
      const g = r.results.get(p.id)?.general ?? null;
      return { ...personDto(p), average: can.seeAll && g !== null ? formatDot(g) : null };
    }),
    cells,
    council: can.seeAll
      ? council.map((c) => ({
          pupilId: c.pupil_id,
          generalAppreciation: c.general_appreciation,
          decision: c.decision,
          version: c.version,
        }))
      : [],
    publication:
      published.length > 0
        ? {
            publishAt: published.map((p) => p.publish_at).sort()[0] ?? '',
            count: published.length,
            readByGuardians: new Set(reads.filter((x) => guardianIds.has(x.person_id)).map((x) => x.report_card_id))
              .size,
          }
        : null,
  };
}

// ---------------------------------------------------------------------------------------------- appreciations

/** Pupil of the school with their class on a day inside the period. */
async function loadPupilInPeriod(db: Executor, actor: Actor, pupilId: string, periodId: string) {
  const period = await gradesRepo.getPeriod(db, periodId);
  if (!period || !belongsToSchool(actor, period.school_id)) throw notFound('Period');
  const school = await directoryRepo.findSchoolOfPupil(db, pupilId);
  if (!school || school.id !== period.school_id) throw notFound('Pupil');
  const day = dayWithin(period);
  const cls = (await directoryRepo.findClassesOfPupils(db, [pupilId], day))[0];
  return { period, schoolId: period.school_id, day, classId: cls?.class_id ?? null };
}

/** A teacher writes the appreciation of a pupil they teach, in their subject (optimistic version). */
export async function putAppreciation(db: Db, actor: Actor, input: AppreciationInput) {
  const p = await loadPupilInPeriod(db, actor, input.pupilId, input.periodId);
  await assertPeriodOpen(db, p.period.id);
  const teaches =
    isTeacherIn(actor, p.schoolId) &&
    (await repo.teachesSubjectToPupil(db, {
      teacherId: actor.personId,
      pupilId: input.pupilId,
      subjectId: input.subjectId,
      day: p.day,
      schoolYearId: p.period.school_year_id,
    }));
  if (!teaches) {
    const knows = isTeacherIn(actor, p.schoolId) || canReadAllGrades(actor, p.schoolId);
    assertCan(false, { hide: !knows, what: 'Pupil' });
  }
  const now = nowIso();
  const current = await repo.getAppreciation(db, input.periodId, input.pupilId, input.subjectId);
  if ((current?.version ?? null) !== input.version) conflict('Someone else changed this appreciation');
  let ok: boolean;
  if (!current) {
    if (input.text === '')
      return { pupilId: input.pupilId, subjectId: input.subjectId, appreciation: null, version: null };
    ok = await repo.insertAppreciation(db, {
      id: newId(),
      school_id: p.schoolId,
      period_id: input.periodId,
      pupil_id: input.pupilId,
      subject_id: input.subjectId,
      teacher_id: actor.personId,
      text: input.text,
      updated_at: now,
      version: 1,
    });
  } else if (input.text === '') {
    ok = await repo.deleteAppreciationIfVersion(db, current.id, current.version);
    if (ok) return { pupilId: input.pupilId, subjectId: input.subjectId, appreciation: null, version: null };
  } else {
    ok = await repo.updateAppreciationIfVersion(db, current.id, current.version, {
      text: input.text,
      teacher_id: actor.personId,
      updated_at: now,
    });
  }
  if (!ok) conflict('Someone else changed this appreciation');
  const saved = await repo.getAppreciation(db, input.periodId, input.pupilId, input.subjectId);
  return {
    pupilId: input.pupilId,
    subjectId: input.subjectId,
    appreciation: saved?.text ?? null,
    version: saved?.version ?? null,
  };
}

/** The class council's general appreciation and decision: the professeur principal or direction. */
export async function putCouncil(db: Db, actor: Actor, input: CouncilInput) {
  const p = await loadPupilInPeriod(db, actor, input.pupilId, input.periodId);
  if (!p.classId) throw notFound('Pupil');
  await assertPeriodOpen(db, p.period.id);
  const role = await classRole(db, actor, p.schoolId, p.classId);
  if (!role.council) {
    const knows = isTeacherIn(actor, p.schoolId) || canReadAllGrades(actor, p.schoolId);
    assertCan(false, { hide: !knows, what: 'Pupil' });
  }
  const current = await repo.getCouncilDecision(db, input.periodId, input.pupilId);
  if ((current?.version ?? null) !== input.version) conflict('Someone else changed this decision');
  const now = nowIso();
  const ok = current
    ? await repo.updateCouncilDecisionIfVersion(db, current.id, current.version, {
        general_appreciation: input.generalAppreciation,
        decision: input.decision,
        updated_by: actor.personId,
        updated_at: now,
      })
    : await repo.insertCouncilDecision(db, {
        id: newId(),
        school_id: p.schoolId,
        period_id: input.periodId,
        pupil_id: input.pupilId,
        class_id: p.classId,
        general_appreciation: input.generalAppreciation,
        decision: input.decision,
        updated_by: actor.personId,
        updated_at: now,
        version: 1,
      });
  if (!ok) conflict('Someone else changed this decision');
  const saved = await repo.getCouncilDecision(db, input.periodId, input.pupilId);
  if (!saved) throw notFound('Decision');
  return {
    pupilId: saved.pupil_id,
    generalAppreciation: saved.general_appreciation,
    decision: saved.decision,
    version: saved.version,
  };
}

// ---------------------------------------------------------------------------------------------- publication

/**
 * Publishes a class's report cards: each pupil's snapshot is frozen now and shown to the pupil and guardians from
 * `publishAt`. Publishing again (after a correction) replaces the snapshots; read marks stay. One transaction.
 */
export async function publishClass(db: Db, actor: Actor, classId: string, periodId: string, publishAt: string | null) {
  const { period, schoolId } = await loadClassPeriod(db, actor, classId, periodId);
  const role = await classRole(db, actor, schoolId, classId);
  assertCan(role.publish, { hide: !role.seeAll && !isTeacherIn(actor, schoolId), what: 'Class' });
  await assertPeriodOpen(db, period.id);
  const now = nowIso();
  const at = publishAt ? new Date(publishAt).toISOString() : now;
  const snapshots = await buildClassSnapshots(db, { classId, period, publishedAt: at });
  const alreadyPublished = (await repo.findReportCardsOfClass(db, period.id, classId)).some((c) => c.publish_at <= now);
  await db.transaction().execute(async (trx) => {
    await repo.upsertReportCards(
      trx,
      snapshots.map((s) => ({
        id: newId(),
        school_id: schoolId,
        period_id: period.id,
        class_id: classId,
        pupil_id: s.pupil.id,
        snapshot: JSON.stringify(s),
        publish_at: at,
        published_by: actor.personId,
        created_at: now,
        updated_at: now,
      })),
      now,
    );
    // One notification per pupil, to the pupil and their guardians, naming the child (a family may have several);
    // a second publication says it is a correction.
    const pupilIds = snapshots.map((s) => s.pupil.id);
    const guardians = await repo.findVisibleGuardians(trx, pupilIds);
    const when = at <= now ? 'est disponible' : `sera disponible le ${frenchDate(at)}`;
    const kind = alreadyPublished ? 'Bulletin corrigé' : 'Bulletin';
    for (const snap of snapshots) {
      const name = `${snap.pupil.firstName} ${snap.pupil.lastName}`;
      await notify(trx, {
        personIds: [snap.pupil.id, ...guardians.filter((g) => g.pupil_id === snap.pupil.id).map((g) => g.id)],
        schoolId,
        kind: 'report_card.published',
        title: `${kind} du ${period.label} : ${name}`,
        body: alreadyPublished
          ? `Le bulletin du ${period.label} de la classe ${snap.class.label} a été corrigé ; la nouvelle version ${when} dans Préau.`
          : `Le bulletin du ${period.label} (${snap.class.label}) ${when} dans Préau.`,
        link: '/bulletins',
        message: {
          key: alreadyPublished ? 'reportCard.corrected' : 'reportCard.published',
          params: {
            child: name,
            period: period.label,
            class: snap.class.label,
            ...(at <= now ? {} : { at }),
          },
        },
      });
    }
  });
  return { count: snapshots.length, publishAt: at };
}

const frenchDate = (iso: string) =>
  new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: 'numeric',
    month: 'long',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));

/** Who read each pupil's published report card: per guardian, first read or null. */
export async function getReads(db: Executor, actor: Actor, classId: string, periodId: string) {
  const { period, schoolId } = await loadClassPeriod(db, actor, classId, periodId);
  const role = await classRole(db, actor, schoolId, classId);
  // Who read what, per guardian: the professeur principal and direction (not the CPE).
  assertCan(role.council, { hide: !role.seeAll && !isTeacherIn(actor, schoolId), what: 'Class' });
  const pupils = await gradesRepo.findTargetPupils(db, { kind: 'class', id: classId }, dayWithin(period));
  const cards = await repo.findReportCardsOfClass(db, period.id, classId);
  const cardOf = new Map(cards.map((c) => [c.pupil_id, c.id]));
  const reads = await repo.findReads(
    db,
    cards.map((c) => c.id),
  );
  const readAt = new Map(reads.map((r) => [`${r.report_card_id}:${r.person_id}`, r.read_at]));
  const guardians = await repo.findVisibleGuardians(
    db,
    pupils.map((p) => p.id),
  );
  return {
    pupils: pupils.map((p) => {
      const cardId = cardOf.get(p.id) ?? null;
      return {
        ...personDto(p),
        reportCardId: cardId,
        guardians: guardians
          .filter((g) => g.pupil_id === p.id)
          .map((g) => ({ ...personDto(g), readAt: cardId ? (readAt.get(`${cardId}:${g.id}`) ?? null) : null })),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------- families

/** Who may read a pupil's report cards, and whether they must wait for the publication date. */
async function readerOf(db: Executor, actor: Actor, pupilId: string) {
  // The same rule as a pupil's grades: the pupil and guardians (published only), the professeur principal, direction.
  const { schoolId, audience } = await audienceFor(db, actor, pupilId);
  return { schoolId, family: audience !== 'staff' };
}

/** A pupil's file for the year: the published report cards the caller may read. */
export async function listOfPupil(db: Executor, actor: Actor, pupilId: string) {
  const reader = await readerOf(db, actor, pupilId);
  const now = nowIso();
  // Families read every published card of the pupil's year (even from a previous school); staff, their school's.
  const cards = (await repo.findReportCardsOfPupil(db, pupilId)).filter((c) =>
    reader.family ? c.publish_at <= now : c.school_id === reader.schoolId,
  );
  const reads = await repo.findReads(
    db,
    cards.map((c) => c.id),
  );
  const mine = new Map(reads.filter((r) => r.person_id === actor.personId).map((r) => [r.report_card_id, r.read_at]));
  return {
    reportCards: cards.map((c) => ({
      id: c.id,
      period: { id: c.period_id, label: c.period_label, startsOn: c.starts_on, endsOn: c.ends_on },
      className: c.class_code,
      publishAt: c.publish_at,
      classLabel: c.class_label,
      readAt: mine.get(c.id) ?? null,
      schoolYear: c.school_year,
    })),
  };
}

/** A published report card; the pupil's and guardians' first opening is recorded. */
export async function openReportCard(db: Executor, actor: Actor, id: string) {
  const card = await repo.getReportCard(db, id);
  if (!card) throw notFound('Report card');
  const reader = await readerOf(db, actor, card.pupil_id);
  const now = nowIso();
  if (reader.family && card.publish_at > now) throw notFound('Report card');
  if (!reader.family && card.school_id !== reader.schoolId) throw notFound('Report card');
  if (reader.family) await repo.markRead(db, card.id, actor.personId, now);
  const snapshot: ReportCardSnapshot = ReportCardSnapshotSchema.parse(JSON.parse(card.snapshot));
  return { id: card.id, publishAt: card.publish_at, snapshot };
}

/** Snapshots for a preview PDF: the class (or one pupil), as it would be published now. */
export async function previewSnapshots(
  db: Executor,
  actor: Actor,
  classId: string,
  periodId: string,
  pupilId?: string,
) {
  const { period, schoolId } = await loadClassPeriod(db, actor, classId, periodId);
  const role = await classRole(db, actor, schoolId, classId);
  // Unpublished report cards: the professeur principal and direction.
  assertCan(role.council, { hide: !role.seeAll && !isTeacherIn(actor, schoolId), what: 'Class' });
  const snapshots = await buildClassSnapshots(db, {
    classId,
    period,
    publishedAt: nowIso(),
    ...(pupilId ? { pupilIds: [pupilId] } : {}),
  });
  if (pupilId && snapshots.length === 0) throw notFound('Pupil');
  return { snapshots, period, classCode: (await repo.getClass(db, classId))?.code ?? '' };
}

// ---------------------------------------------------------------------------------------------- staff entry

/**
 * The period whose report cards staff work on: the current one, or — while nothing is assessed in it yet (a period
 * that has just started, when councils still sit for the one before) — the latest earlier period.
 */
async function workingPeriod<P extends { id: string; starts_on: string; ends_on: string }>(
  db: Executor,
  schoolId: string,
  periods: readonly P[],
  day: string,
): Promise<P | undefined> {
  const current = currentPeriod(periods, day);
  if (!current || (await repo.hasAssessmentsInPeriod(db, schoolId, current.id))) return current;
  return [...periods].reverse().find((p) => p.ends_on < current.starts_on) ?? current;
}

/** The classes the caller may open in the report cards this school year, with their standing, and the periods. */
export async function listStaffClasses(db: Executor, actor: Actor, schoolId: string) {
  if (!belongsToSchool(actor, schoolId)) throw notFound('School');
  assertCan(canOpenReportCards(actor, schoolId));
  const day = todayInParis();
  const year = await gradesRepo.findYearOn(db, schoolId, day);
  if (!year) return { classes: [], periods: [], currentPeriodId: null };
  const [classes, periods] = await Promise.all([
    repo.findClassesOfYear(db, year.id),
    gradesRepo.findPeriodsOfYear(db, year.id),
  ]);
  const wide = canReadAllGrades(actor, schoolId);
  const direction = isDirection(actor, schoolId);
  const [taught, principal] = isTeacherIn(actor, schoolId)
    ? await Promise.all([
        repo.findClassIdsOfTeacher(db, { teacherId: actor.personId, schoolYearId: year.id, day }),
        directoryRepo.findPrincipalClassIds(db, actor.personId),
      ])
    : [new Set<string>(), []];
  const principalOf = new Set(principal.map((p) => p.class_id));
  const roleOf = (classId: string) => {
    if (direction) return 'direction' as const;
    if (principalOf.has(classId)) return 'principal' as const;
    if (wide) return 'staff' as const;
    return taught.has(classId) ? ('teacher' as const) : null;
  };
  const current = await workingPeriod(db, schoolId, periods, day);
  const open = classes.flatMap((c) => {
    const role = roleOf(c.id);
    return role ? [{ ...c, role }] : [];
  });
  // The current period's standing per class: two grouped queries, never the class overview per class.
  const overseen = open.filter((c) => c.role === 'direction' || c.role === 'principal').map((c) => c.id);
  const [publications, missing] = current
    ? await Promise.all([
        repo.findPublicationsByClass(
          db,
          current.id,
          open.map((c) => c.id),
        ),
        repo.countMissingAppreciationsByClass(db, {
          classIds: overseen,
          periodId: current.id,
          schoolYearId: year.id,
          day: dayWithin(current),
        }),
      ])
    : [new Map<string, string>(), new Map<string, number>()];
  const overseenSet = new Set(overseen);
  return {
    classes: open.map((c) => ({
      id: c.id,
      code: c.code,
      label: c.label,
      role: c.role,
      level: c.level,
      publishedAt: publications.get(c.id) ?? null,
      missingAppreciations: overseenSet.has(c.id) ? (missing.get(c.id) ?? 0) : null,
    })),
    periods: periods.map(periodDto),
    currentPeriodId: current?.id ?? null,
  };
}
