/**
 * The year's rollover (« bascule d'année », docs/imports.md): the present school year becomes read-only, the next
 * one is created with its classes and pupils — from next year's SIECLE file when there is one (planned by the
 * SIECLE import itself, planSiecle), or else by promoting every class one level (6e A → 5e A …, the 3e leave).
 * A dry run reports; a real run applies everything in one transaction, or nothing.
 */
import type { Db, Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { dayInYear } from '../../lib/school-year.ts';
import * as adminRepo from '../admin/admin.repo.ts';
import { dayBefore } from '../admin/admin.service.ts';
import { checkMassLeave, inTransaction, levelOf, norm, readOrRefuse, refuse } from './imports.common.ts';
import { type ImportProblem, parseSiecle, problem } from './imports.parse.ts';
import { canImportDirectory } from './imports.policy.ts';
import * as repo from './imports.repo.ts';
import type { RolloverReport } from './imports.schema.ts';
import { leave, planSiecle } from './imports.siecle.ts';

export interface RolloverOptions {
  /** Next year's SIECLE export (BEE_ELEVES, with BEE_RESPONSABLES and BEE_NOMENCLATURES if wished), or null. */
  body: Buffer | null;
  dryRun: boolean;
  allowMassLeave: boolean;
  fromYear?: string | undefined;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
}

/** A date a year later ("2027-02-29" has none: the 28th). */
function nextYearDate(d: string): string {
  const y = Number(d.slice(0, 4)) + 1;
  const md = d.slice(5) === '02-29' ? '02-28' : d.slice(5);
  return `${y}-${md}`;
}

/** The level's digit of a class ("5e", or the code "5A"), or null (ULIS, UPE2A…: no promotion). */
function levelDigit(level: string, code: string): number | null {
  for (const s of [level, code]) {
    const m = /^\s*([3-6])/.exec(s);
    if (m) return Number(m[1]);
  }
  return null;
}

/** "6A" → "5A", "6e B" → "5e B": the first digit of the code, one level up. */
const promoteCode = (code: string, from: number) => code.replace(String(from), String(from - 1));

export async function rollover(db: Db, actor: Actor, schoolId: string, o: RolloverOptions): Promise<RolloverReport> {
  const school = await repo.getSchool(db, schoolId);
  if (!school || !belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(canImportDirectory(actor, schoolId));
  const today = todayInParis();
  const years = await repo.findSchoolYears(db, schoolId);
  // The year to leave: the latest one begun and not archived (in force, or ended this summer).
  const from = years.filter((y) => y.starts_on <= today && y.archived_at === null).at(-1);
  if (!from) {
    throw new AppError('CONFLICT', 'There is no school year to roll over: it was done already', {
      reason: 'nothing_to_roll_over',
    });
  }
  if (!o.dryRun && !o.fromYear) {
    throw new AppError('VALIDATION_FAILED', 'Say which year is rolled over (fromYear), as the dry run showed it', {
      fields: [{ path: 'fromYear', code: 'required' }],
    });
  }
  if (o.fromYear && o.fromYear !== from.label) {
    throw new AppError('CONFLICT', `The year ${o.fromYear} was rolled over already`, {
      reason: 'already_rolled_over',
      current: from.label,
    });
  }
  if (years.some((y) => y.starts_on > from.starts_on)) {
    throw new AppError('CONFLICT', 'The next school year exists already', { reason: 'next_year_exists' });
  }
  const startsOn = o.startsOn ?? `${Number(from.starts_on.slice(0, 4)) + 1}-09-01`;
  const endsOn = o.endsOn ?? nextYearDate(from.ends_on);
  if (startsOn <= from.ends_on || endsOn <= startsOn) {
    throw new AppError('VALIDATION_FAILED', 'Next year must start after this one ends, and end after it starts', {
      fields: [{ path: startsOn <= from.ends_on ? 'startsOn' : 'endsOn', code: 'invalid_dates' }],
    });
  }
  const sy = Number(startsOn.slice(0, 4));
  const to = { id: newId(), label: `${sy}-${sy + 1}`, starts_on: startsOn, ends_on: endsOn };
  if (years.some((y) => y.label === to.label)) {
    throw new AppError('CONFLICT', 'The next school year exists already', { reason: 'next_year_exists' });
  }
  // The day pupils' present classes are read: today, or the year's last day in the summer.
  const classDay = dayInYear(from, today);
  const periods = (await adminRepo.findPeriodsOfYear(db, from.id)).map((p) => ({
    ...p,
    id: newId(),
    school_year_id: to.id,
    starts_on: [nextYearDate(p.starts_on), startsOn].sort()[1]!,
    ends_on: [nextYearDate(p.ends_on), endsOn].sort()[0]!,
  }));
  const [oldClasses, archived] = await Promise.all([
    repo.findClassesOfYearWithLevel(db, from.id),
    repo.countYearContents(db, from.id),
  ]);
  const report: RolloverReport = {
    dryRun: o.dryRun,
    applicable: false,
    source: o.body ? 'siecle' : 'promotion',
    from: { label: from.label, startsOn: from.starts_on, endsOn: from.ends_on },
    to: { label: to.label, startsOn: to.starts_on, endsOn: to.ends_on },
    periods: periods.map((p) => ({ label: p.label, startsOn: p.starts_on, endsOn: p.ends_on })),
    classes: [],
    promoted: [],
    leaving: [],
    arriving: [],
    guardians: { created: 0, updated: 0 },
    archived,
    errors: [],
    warnings: [],
  };
  const pupils = await repo.findPeopleWithProfiles(db, schoolId, ['pupil']);
  const nameOf = new Map(pupils.map((p) => [p.id, `${p.last_name} ${p.first_name}`]));
  const present = await repo.findClassesOfPupilsOn(db, schoolId, classDay);
  const presentClass = new Map(
    present.filter((m) => oldClasses.some((c) => c.id === m.class_id)).map((m) => [m.pupil_id, m]),
  );

  let writes: (trx: Executor) => Promise<void>;
  if (o.body) {
    const body = o.body;
    const data = await readOrRefuse(() => parseSiecle(body));
    if (!data.roots.includes('BEE_ELEVES')) {
      refuse(
        problem(
          null,
          'rollover_needs_pupils',
          {},
          "The rollover needs next year's pupils file (BEE_ELEVES): it lists every pupil and their new class",
        ),
      );
    }
    const planned = await planSiecle(db, { schoolId, school, year: to, today: startsOn, classDay }, data, {
      dryRun: o.dryRun,
      createClasses: true,
      allowMassLeave: o.allowMassLeave,
    });
    const r = planned.report;
    // From the file's refs (INE, ELEVE_ID) to the people, for the class each promoted pupil leaves.
    const ext = new Map(
      (await repo.findExternalIds(db, schoolId, 'siecle')).map((e) => [e.external_id, e.person_id] as const),
    );
    const counts = new Map<string, number>();
    for (const it of [...r.created, ...r.updated]) {
      if (it.kind === 'pupil' && it.class)
        counts.set(it.class.toUpperCase(), (counts.get(it.class.toUpperCase()) ?? 0) + 1);
    }
    for (const it of r.updated.filter((x) => x.kind === 'pupil')) {
      const id = ext.get(it.ref);
      report.promoted.push({ name: it.name, from: (id && presentClass.get(id)?.code) || null, to: it.class });
    }
    report.arriving = r.created.filter((x) => x.kind === 'pupil').map((x) => ({ name: x.name, class: x.class }));
    report.leaving = [
      ...r.absent.map((x) => ({ name: x.name, class: x.class, reason: 'absent' as const })),
      ...r.disabled.map((x) => ({ name: x.name, class: x.class, reason: 'left' as const })),
    ];
    report.guardians = {
      created: r.created.filter((x) => x.kind === 'guardian').length,
      updated: r.updated.filter((x) => x.kind === 'guardian').length,
    };
    // Next year's classes as the file writes them, the level from the MEF (or the code), as the import creates them.
    const classes = new Map<string, { code: string; level: string }>();
    for (const p of data.pupils) {
      const code = p.classCode;
      if (code && !classes.has(code.toUpperCase())) {
        classes.set(code.toUpperCase(), { code, level: levelOf(data.mefs.get(p.mef ?? ''), code) });
      }
    }
    report.classes = [...counts.keys()]
      .sort((a, b) => a.localeCompare(b, 'fr', { numeric: true }))
      .map((k) => ({
        code: classes.get(k)?.code ?? k,
        level: classes.get(k)?.level ?? '',
        pupils: counts.get(k) ?? 0,
      }));
    // Pupils of this year the file neither finds nor lets leave (entered by hand, never imported): they would
    // keep only this year's class. Said, by name, so the school can add them to the file or by hand.
    const placed = new Set([...report.promoted, ...report.leaving].map((x) => norm(x.name)));
    for (const [id] of presentClass) {
      const p = pupils.find((x) => x.id === id);
      if (!p || p.disabled_at !== null || placed.has(norm(nameOf.get(id)!))) continue;
      report.warnings.push(
        problem(
          null,
          'pupil_not_in_file',
          { name: nameOf.get(id)!, class: presentClass.get(id)!.code },
          `${nameOf.get(id)} (${presentClass.get(id)!.code}) is not in the file: no class next year`,
        ),
      );
    }
    report.errors.push(...r.errors);
    report.warnings.push(...r.warnings);
    writes = planned.apply;
  } else {
    // ---- promotion: every class one level up, the 3e leave; next year keeps this year's classes (the 6e empty,
    // for the pupils next year's SIECLE file will bring).
    const targets = new Map<
      string,
      { id: string; code: string; label: string; level: string; site_id: string | null }
    >();
    const targetOf = new Map<string, string | null>();
    for (const c of oldClasses) {
      if (!targets.has(c.code.toUpperCase())) {
        targets.set(c.code.toUpperCase(), {
          id: newId(),
          code: c.code,
          label: c.label,
          level: c.level,
          site_id: c.site_id,
        });
      }
    }
    for (const c of oldClasses) {
      const d = levelDigit(c.level, c.code);
      if (d === 3) {
        targetOf.set(c.id, null);
        continue;
      }
      if (d === null) {
        report.warnings.push(
          problem(null, 'class_not_promoted', { code: c.code }, `${c.code} has no level: its pupils stay in ${c.code}`),
        );
      }
      const code = d === null ? c.code : promoteCode(c.code, d);
      let t = targets.get(code.toUpperCase());
      if (!t) {
        t = {
          id: newId(),
          code,
          label: d === null ? c.label : promoteCode(c.label, d),
          level: d === null ? c.level : `${d - 1}e`,
          site_id: c.site_id,
        };
        targets.set(code.toUpperCase(), t);
      }
      targetOf.set(c.id, t.id);
    }
    const moves: Array<{ pupilId: string; classId: string }> = [];
    const leavers: string[] = [];
    const byId = new Map(pupils.map((p) => [p.id, p]));
    const codeOf = new Map([...targets.values()].map((t) => [t.id, t.code]));
    const counts = new Map<string, number>();
    for (const [pupilId, m] of presentClass) {
      const p = byId.get(pupilId);
      if (!p || p.disabled_at !== null) continue;
      const t = targetOf.get(m.class_id);
      if (t === undefined) continue;
      if (t === null) {
        leavers.push(pupilId);
        report.leaving.push({ name: nameOf.get(pupilId)!, class: m.code, reason: 'third' });
      } else {
        moves.push({ pupilId, classId: t });
        counts.set(t, (counts.get(t) ?? 0) + 1);
        report.promoted.push({ name: nameOf.get(pupilId)!, from: m.code, to: codeOf.get(t) ?? null });
      }
    }
    const errors: ImportProblem[] = [];
    checkMassLeave(leavers.length, moves.length + leavers.length, o.allowMassLeave, 'pupils', errors);
    report.errors.push(...errors);
    report.classes = [...targets.values()]
      .sort((a, b) => a.code.localeCompare(b.code, 'fr', { numeric: true }))
      .map((t) => ({ code: t.code, level: t.level, pupils: counts.get(t.id) ?? 0 }));
    writes = async (trx) => {
      for (const t of targets.values()) {
        await adminRepo.insertClass(trx, { ...t, school_id: schoolId, school_year_id: to.id });
      }
      const lastDay = dayBefore(startsOn);
      for (const mv of moves) {
        for (const m of await repo.findOpenClassMemberships(trx, schoolId, mv.pupilId, startsOn)) {
          await adminRepo.endClassMembership(trx, m.id, lastDay);
        }
        await adminRepo.insertClassMembership(trx, {
          id: newId(),
          pupil_id: mv.pupilId,
          class_id: mv.classId,
          starts_on: startsOn,
        });
      }
      for (const id of leavers) await leave(trx, schoolId, id, lastDay);
    };
  }
  report.promoted.sort((a, b) => norm(a.name).localeCompare(norm(b.name)));
  report.leaving.sort((a, b) => norm(a.name).localeCompare(norm(b.name)));
  report.arriving.sort((a, b) => norm(a.name).localeCompare(norm(b.name)));
  report.applicable = report.errors.length === 0;
  if (o.dryRun) return report;
  if (!report.applicable) {
    throw new AppError('VALIDATION_FAILED', `The rollover has ${report.errors.length} error(s): nothing was changed`, {
      errors: report.errors,
      report,
    });
  }
  await inTransaction(db, async (trx) => {
    // First: a second run at the same moment finds the year archived and changes nothing.
    if (!(await repo.archiveSchoolYear(trx, from.id, nowIso()))) {
      throw new AppError('CONFLICT', `The year ${from.label} was rolled over already`, {
        reason: 'already_rolled_over',
      });
    }
    await repo.insertSchoolYear(trx, { ...to, school_id: schoolId });
    for (const p of periods) await adminRepo.insertPeriod(trx, p);
    await writes(trx);
  });
  return report;
}
