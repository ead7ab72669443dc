/**
 * The pupil's file (fiche élève): a registry of blocks, each with its own visibility rule, computed on the server.
 * A block the caller may not see is absent from the answer (not empty, not greyed). Adding a block is one entry in
 * FileBlocksSchema (followup.schema.ts) and one provider in FILE_BLOCKS below (docs/followup.md, "Adding a block").
 */

import type { Db } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { type Actor, isStaffOf } from '../../lib/policy.ts';
import { getPupilRecord } from '../attendance/attendance.followup.ts';
import { REPORT_THRESHOLD } from '../attendance/attendance.halfdays.ts';
import { recordViewOf } from '../attendance/attendance.policy.ts';
import type * as directoryRepo from '../directory/directory.repo.ts';
import { canReadPupilDiscipline, canUseIncidents } from '../discipline/discipline.policy.ts';
import { getOwnPupilDiscipline, getPupilDiscipline } from '../discipline/discipline.service.ts';
import * as gradesRepo from '../grades/grades.repo.ts';
import { getPupilGrades } from '../grades/grades.service.ts';
import { listOfPupil } from '../reportcards/reportcards.service.ts';
import { canSeePupilPlans } from '../support/support.policy.ts';
import { listPupilPlans } from '../support/support.service.ts';
import { getPupilWeek } from '../timetable/timetable.service.ts';
import {
  canOpenFile,
  canSeeGuardianContacts,
  canSeeResults,
  compartmentsOf,
  type PupilRelation,
} from './followup.policy.ts';
import * as repo from './followup.repo.ts';
import type { FileBlocks, PupilFile } from './followup.schema.ts';
import { followedPupil, type PupilInSchool, readEntries, teamOfPupil } from './followup.service.ts';

export interface FileContext {
  db: Db;
  actor: Actor;
  pupil: PupilInSchool;
  rel: PupilRelation;
  classes: Awaited<ReturnType<typeof directoryRepo.findClassesOfPupils>>;
  today: string;
}

/** One block of the file: its key in FileBlocksSchema, who sees it, and what it holds for them. */
export interface FileBlockProvider<K extends keyof FileBlocks = keyof FileBlocks> {
  key: K;
  visible(ctx: FileContext): boolean;
  load(ctx: FileContext): Promise<NonNullable<FileBlocks[K]>>;
}

const block = <K extends keyof FileBlocks>(p: FileBlockProvider<K>): FileBlockProvider<K> => p;

const identity = block({
  key: 'identity',
  visible: (c) => canOpenFile(c.actor, c.rel),
  load: async (c) => ({
    firstName: c.pupil.firstName,
    lastName: c.pupil.lastName,
    birthDate: c.pupil.birthDate,
    // Préau stores no photos yet: the field is there for when it does.
    photoUrl: null,
  }),
});

const schooling = block({
  key: 'schooling',
  visible: (c) => canOpenFile(c.actor, c.rel),
  load: async (c) => {
    const k = c.classes[0];
    const [groups, principals] = await Promise.all([
      repo.findGroupsOfPupil(c.db, c.pupil.id, c.today),
      k ? repo.findPrincipalsOfClass(c.db, k.class_id) : Promise.resolve([]),
    ]);
    return {
      class: k ? { id: k.class_id, code: k.code, label: k.label, level: k.level } : null,
      site: k?.site_id ? { id: k.site_id, name: k.site_name ?? '' } : null,
      principalTeachers: principals.map((p) => ({ id: p.id, firstName: p.first_name, lastName: p.last_name })),
      groups: groups.map((g) => ({ id: g.id, code: g.code, label: g.label, kind: g.kind })),
    };
  },
});

const guardians = block({
  key: 'guardians',
  visible: (c) => canOpenFile(c.actor, c.rel),
  load: async (c) => {
    const rows = await repo.findGuardianContacts(c.db, c.pupil.id);
    if (canSeeGuardianContacts(c.actor, c.rel)) {
      return {
        detail: 'contacts' as const,
        items: rows.map((g) => ({
          id: g.id,
          firstName: g.first_name,
          lastName: g.last_name,
          responsibility: g.responsibility,
          livesWith: g.lives_with === 1,
          mayCollect: g.may_collect === 1 && g.court_restricted === 0,
          courtRestricted: g.court_restricted === 1,
          email: g.email,
          phone: g.phone,
        })),
      };
    }
    // A teacher: who the legal guardians are, no way to reach them (the vie scolaire does), no court matters.
    return {
      detail: 'names' as const,
      items: rows
        .filter((g) => g.court_restricted === 0 && g.responsibility !== 'contact')
        .map((g) => ({ id: g.id, firstName: g.first_name, lastName: g.last_name, responsibility: g.responsibility })),
    };
  },
});

const timetable = block({
  key: 'timetable',
  // The timetable's own rule (canViewPupilTimetable): staff of the school, or a teacher of the pupil.
  visible: (c) => canOpenFile(c.actor, c.rel) && (isStaffOf(c.actor, c.pupil.schoolId) || c.rel.teaches),
  load: async (c) => {
    const week = await getPupilWeek(c.db, c.actor, c.pupil.id, c.today);
    return {
      date: c.today,
      sessions: week.sessions
        .filter((s) => s.date === c.today)
        .sort((a, b) => a.startsAt.localeCompare(b.startsAt))
        .map((s) => ({
          startsAt: s.startsAt,
          endsAt: s.endsAt,
          subject: s.subject.label,
          room: s.room?.code ?? null,
          cancelled: s.status === 'cancelled',
        })),
    };
  },
});

const attendance = block({
  key: 'attendance',
  visible: (c) =>
    canOpenFile(c.actor, c.rel) &&
    recordViewOf(c.actor, c.pupil.schoolId, { isSelf: false, isGuardian: false, teachesPupil: c.rel.teaches }) !== null,
  load: async (c) => {
    const r = await getPupilRecord(c.db, c.actor, c.pupil.id, {});
    const months = r.unjustifiedByMonth ?? null;
    const toReport = months
      ? months
          .filter((m) => m.halfDays.length >= REPORT_THRESHOLD)
          .map((m) => ({ month: m.month, halfDays: m.halfDays.length }))
      : null;
    return {
      view: r.view,
      from: r.from,
      to: r.to,
      counts: r.counts,
      threshold: REPORT_THRESHOLD,
      toReport,
      toReportNow: toReport ? toReport.some((m) => m.month === c.today.slice(0, 7)) : null,
    };
  },
});

const grades = block({
  key: 'grades',
  visible: (c) => canSeeResults(c.actor, c.rel),
  load: async (c) => {
    const year = await gradesRepo.findYearOn(c.db, c.pupil.schoolId, c.today);
    const periods = year
      ? (await gradesRepo.findPeriodsOfYear(c.db, year.id)).filter((p) => p.starts_on <= c.today)
      : [];
    const out: NonNullable<FileBlocks['grades']>['periods'] = [];
    for (const p of periods) {
      const g = await getPupilGrades(c.db, c.actor, c.pupil.id, p.id);
      out.push({
        id: p.id,
        label: p.label,
        average: g.general.average,
        classAverage: g.general.classAverage,
        subjects: g.subjects.map((s) => ({ subjectId: s.subjectId, subject: s.subject, average: s.average })),
      });
    }
    return { periods: out };
  },
});

const reportCards = block({
  key: 'reportCards',
  visible: (c) => canSeeResults(c.actor, c.rel),
  load: async (c) => {
    const list = await listOfPupil(c.db, c.actor, c.pupil.id);
    const classId = c.classes[0]?.class_id ?? null;
    return {
      items: list.reportCards.map((r) => ({
        id: r.id,
        periodLabel: r.period.label,
        classId,
        publishAt: r.publishAt,
      })),
    };
  },
});

const followup = block({
  key: 'followup',
  visible: (c) => compartmentsOf(c.actor, c.rel).length > 0,
  load: async (c) => {
    const rows = await repo.findEntriesOfPupil(c.db, c.pupil.schoolId, c.pupil.id);
    const [entries, team] = await Promise.all([
      readEntries(c.db, c.actor, c.rel, rows),
      teamOfPupil(
        c.db,
        c.pupil.schoolId,
        c.classes.map((k) => k.class_id),
      ),
    ]);
    return {
      compartments: compartmentsOf(c.actor, c.rel),
      entries,
      team: team.filter((p) => p.id !== c.actor.personId),
    };
  },
});

const discipline = block({
  key: 'discipline',
  // The discipline module's rule for a pupil's record: direction and vie scolaire (the file is staff-only, so the
  // pupil's and the guardians' own access to it does not apply here; they use /vie-de-l-eleve).
  visible: (c) =>
    canOpenFile(c.actor, c.rel) &&
    canReadPupilDiscipline(c.actor, c.pupil.schoolId, { isSelf: false, isGuardian: false }),
  load: async (c) => {
    const { pupil: _pupil, ...record } = await getPupilDiscipline(c.db, c.actor, c.pupil.schoolId, c.pupil.id);
    return record;
  },
});

const ownDiscipline = block({
  key: 'ownDiscipline',
  // Those who report incidents or give punishments but may not read the record (teachers): their own writings.
  visible: (c) =>
    canOpenFile(c.actor, c.rel) &&
    !canReadPupilDiscipline(c.actor, c.pupil.schoolId, { isSelf: false, isGuardian: false }) &&
    canUseIncidents(c.actor, c.pupil.schoolId),
  load: (c) => getOwnPupilDiscipline(c.db, c.actor, c.pupil.schoolId, c.pupil.id),
});

const supportPlans = block({
  key: 'supportPlans',
  // The support module's rule: direction, vie scolaire and the nurse, the professeur principal, the pupil's
  // teachers; the service leaves the details out for everyone but the plan's managers.
  visible: (c) =>
    canOpenFile(c.actor, c.rel) &&
    canSeePupilPlans(c.actor, c.pupil.schoolId, {
      isClassPrincipal: c.rel.isPrincipalTeacher,
      teachesPupil: c.rel.teaches,
    }),
  load: async (c) => ({ items: (await listPupilPlans(c.db, c.actor, c.pupil.schoolId, c.pupil.id)).items }),
});

/**
 * Every block of the file, in display order. Planned, in its own module (docs/followup.md): rendez-vous — one more
 * provider here.
 */
export const FILE_BLOCKS: ReadonlyArray<FileBlockProvider> = [
  identity,
  schooling,
  guardians,
  timetable,
  attendance,
  grades,
  reportCards,
  supportPlans,
  discipline,
  ownDiscipline,
  followup,
] as ReadonlyArray<FileBlockProvider>;

/** The file as the caller may see it: NOT_FOUND for anyone who does not follow the pupil. */
export async function getPupilFile(db: Db, actor: Actor, schoolId: string, pupilId: string): Promise<PupilFile> {
  const { pupil, rel, classes } = await followedPupil(db, actor, schoolId, pupilId);
  const ctx: FileContext = { db, actor, pupil, rel, classes, today: todayInParis() };
  const visible = FILE_BLOCKS.filter((p) => p.visible(ctx));
  const loaded = await Promise.all(visible.map(async (p) => [p.key, await p.load(ctx)] as const));
  return {
    pupil: { id: pupil.id, firstName: pupil.firstName, lastName: pupil.lastName },
    schoolId,
    blocks: Object.fromEntries(loaded) as FileBlocks,
  };
}
