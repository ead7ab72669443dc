/**
 * Timetable import (STS-Web EDT_STS or CSV): a dry run reports what would change; the real run applies
 * everything in one transaction, or nothing. Imported courses carry an external key built from what
 * identifies them in the file (audience, subject, day, times, weeks), so importing the same file twice
 * changes nothing. Courses entered by hand are never touched.
 */
import type { Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { dayInYear, findWorkingYear } from '../../lib/school-year.ts';
import { notify } from '../notifications/notifications.service.ts';
import { addDays, mondayOf, type SchoolCalendar, type Weeks } from './timetable.calendar.ts';
import { findAllCourseConflicts, type WeeklyCourse } from './timetable.conflicts.ts';
import { loadAudience, weeklyCoursesOfYear } from './timetable.edit.ts';
import {
  FileError,
  type ImportProblem,
  type ParseResult,
  parseCsvFile,
  parseSts,
  problem,
} from './timetable.import-parse.ts';
import { canEditTimetable } from './timetable.policy.ts';
import * as repo from './timetable.repo.ts';
import type { ImportCourseItem, ImportReport } from './timetable.schema.ts';
import { findCalendarOfSchool } from './timetable.service.ts';

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

interface PlannedCourse {
  key: string;
  lines: number[];
  subjectId: string;
  classId: string | null;
  groupIds: string[];
  teacherIds: string[];
  roomCode: string | null;
  weekday: number;
  startsAt: string;
  endsAt: string;
  weeks: Weeks;
  /** The weeks of the year it runs: the whole year, or part of it (an STS alternance of one term). */
  validFrom: string;
  validTo: string;
  /** The part of the year when not the whole year (shown in reports), else null. */
  range: { from: string; to: string } | null;
  subjectLabel: string;
  audience: string;
}

const DAY = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export type WeeksOfDates =
  | { ok: true; weeks: Weeks; from: string | null; to: string | null }
  | { ok: false; reason: 'outside_year' | 'irregular' };

/**
 * What a list of weeks (an STS alternance: the Mondays it runs) means in Préau's calendar: every week, week A
 * or week B, over the whole year or between two dates (a course of one term). Holiday weeks do not count,
 * listed or not. Anything else (odd fortnights that are not A/B, a few scattered weeks) is `irregular`:
 * Préau's courses cannot hold it, and the line is refused rather than run every week.
 */
export function weeksOfDates(cal: SchoolCalendar, dates: readonly string[]): WeeksOfDates {
  const counted: string[] = [];
  for (let m = mondayOf(cal.yearStart); m <= cal.yearEnd; m = addDays(m, 7)) if (cal.weekLabel(m)) counted.push(m);
  const listed = new Set(dates.map(mondayOf).filter((m) => cal.weekLabel(m) !== null));
  if (listed.size === 0) return { ok: false, reason: 'outside_year' };
  const sorted = [...listed].sort();
  const first = sorted[0]!;
  const last = sorted[sorted.length - 1]!;
  const between = counted.filter((m) => m >= first && m <= last);
  const candidates: Weeks[] = ['all', 'A', 'B'];
  for (const weeks of candidates) {
    const runs = (m: string) => weeks === 'all' || cal.weekLabel(m) === weeks;
    if ([...listed].some((m) => !runs(m))) continue;
    if (!between.filter(runs).every((m) => listed.has(m))) continue;
    const from = counted.some((m) => m < first && runs(m)) ? first : null;
    const to = counted.some((m) => m > last && runs(m)) ? addDays(last, 6) : null;
    return { ok: true, weeks, from, to };
  }
  return { ok: false, reason: 'irregular' };
}

/** Other spellings of a subject name to try: "ANGLAIS LV1" is "Anglais" to most schools. */
function subjectKeys(name: string): string[] {
  const n = norm(name);
  const bare = n.replace(/\b(lv[1-3]|lva|lvb|lvc)\b/g, '').trim();
  return bare && bare !== n ? [n, bare] : [n];
}

export async function importTimetable(
  db: Executor,
  actor: Actor,
  schoolId: string,
  o: { format: 'sts' | 'csv'; body: Buffer; dryRun: boolean },
): Promise<ImportReport> {
  const school = await db.selectFrom('schools').select(['id', 'uai']).where('id', '=', schoolId).executeTakeFirst();
  if (!school || !belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(canEditTimetable(actor, schoolId));
  let parsed: ParseResult;
  try {
    if (o.body.length === 0) throw new FileError('The file is empty', null, 'empty');
    parsed = o.format === 'sts' ? await parseSts(o.body) : await parseCsvFile(o.body);
  } catch (e) {
    if (e instanceof FileError) {
      throw new AppError('VALIDATION_FAILED', `The file cannot be read: ${e.message}`, {
        errors: [problem(e.line, e.code, e.params, e.message)],
      });
    }
    throw e;
  }
  // After the rollover (« bascule d'année »), the next year it prepared; else the year in force.
  const working = await findWorkingYear(db, schoolId, todayInParis());
  const today = working ? dayInYear(working, todayInParis()) : todayInParis();
  const year = await findCalendarOfSchool(db, schoolId, today);
  if (!year) throw new AppError('VALIDATION_FAILED', 'No school year in force for this school');
  // A file of another school, or of another school year, would replace this school's timetable with a wrong one.
  const refuse = (p: ImportProblem) => {
    throw new AppError('VALIDATION_FAILED', `The file cannot be imported: ${p.message}`, { errors: [p] });
  };
  if (parsed.school.uai && parsed.school.uai !== school.uai.toUpperCase()) {
    refuse(
      problem(
        null,
        'wrong_school',
        { uai: parsed.school.uai, expected: school.uai },
        `The file is for school ${parsed.school.uai}, not ${school.uai}`,
      ),
    );
  }
  const firstYear = Number(year.startsOn.slice(0, 4));
  if (parsed.school.year !== null && parsed.school.year !== firstYear) {
    refuse(
      problem(
        null,
        'wrong_year',
        { year: `${parsed.school.year}-${parsed.school.year + 1}`, expected: `${firstYear}-${firstYear + 1}` },
        `The file is for school year ${parsed.school.year}-${parsed.school.year + 1}, not ${firstYear}-${firstYear + 1}`,
      ),
    );
  }
  if (o.format === 'sts' && !parsed.school.uai) {
    parsed.warnings.push(problem(null, 'no_uai', {}, 'The file does not name its school (PARAMETRES/UAJ)'));
  }

  const report: ImportReport = {
    dryRun: o.dryRun,
    format: o.format,
    applicable: false,
    school: parsed.school,
    courses: { created: 0, updated: 0, removed: 0, unchanged: 0 },
    items: { created: [], updated: [], removed: [], unchanged: [] },
    roomsCreated: [],
    teachersLinked: [],
    errors: [...parsed.errors],
    warnings: [...parsed.warnings],
    conflicts: [],
  };

  // Reference data of the school, each in one query.
  const [classes, groups, subjects, teachers, rooms, sites, stsIds] = await Promise.all([
    db.selectFrom('classes').select(['id', 'code', 'site_id']).where('school_year_id', '=', year.id).execute(),
    db.selectFrom('groups').select(['id', 'code']).where('school_year_id', '=', year.id).execute(),
    db.selectFrom('subjects').select(['id', 'code', 'label']).where('school_id', '=', schoolId).execute(),
    db
      .selectFrom('people as p')
      .innerJoin('profiles as pr', 'pr.person_id', 'p.id')
      .select(['p.id', 'p.first_name', 'p.last_name', 'p.external_id'])
      .where('pr.school_id', '=', schoolId)
      .where('pr.kind', '=', 'teacher')
      .execute(),
    db.selectFrom('rooms').select(['id', 'code', 'site_id']).where('school_id', '=', schoolId).execute(),
    db.selectFrom('sites').select(['id', 'name']).where('school_id', '=', schoolId).execute(),
    // STS ids stored by the sts_emp import (person_external_ids, docs/imports.md).
    db
      .selectFrom('person_external_ids')
      .select(['person_id', 'external_id'])
      .where('school_id', '=', schoolId)
      .where('source', '=', 'sts')
      .where('kind', '=', 'individu')
      .execute(),
  ]);
  const classByCode = new Map(classes.map((c) => [c.code.toUpperCase(), c]));
  const groupByCode = new Map(groups.map((g) => [g.code.toUpperCase(), g]));
  const subjectBy = new Map<string, (typeof subjects)[number]>();
  for (const s of subjects) for (const k of subjectKeys(s.label)) if (!subjectBy.has(k)) subjectBy.set(k, s);
  for (const s of subjects) subjectBy.set(norm(s.code), s);
  const findSubject = (row: (typeof parsed.rows)[number]) => {
    for (const name of [row.subjectCode, ...row.subjectNames]) {
      for (const k of subjectKeys(name)) {
        const found = subjectBy.get(k);
        if (found) return found;
      }
    }
    return undefined;
  };
  // Teachers matched by name whose STS id the school does not know yet: stored on apply, so that a later
  // timetable without the sts_emp file (ids only) still finds them.
  const learned = new Map<string, { externalId: string; name: string }>();
  const learnConflicts = new Set<string>();
  const teacherByExt = new Map(teachers.filter((t) => t.external_id).map((t) => [t.external_id!, t]));
  for (const x of stsIds) {
    const t = teachers.find((p) => p.id === x.person_id);
    if (!t) continue;
    teacherByExt.set(x.external_id, t);
    t.external_id ??= x.external_id;
  }
  const teachersByName = new Map<string, string[]>();
  for (const t of teachers) {
    for (const n of [norm(`${t.last_name} ${t.first_name}`), norm(`${t.first_name} ${t.last_name}`)]) {
      teachersByName.set(n, [...new Set([...(teachersByName.get(n) ?? []), t.id])]);
    }
  }
  const roomByCode = new Map(rooms.map((r) => [r.code.toUpperCase(), r]));
  const siteByName = new Map(sites.map((s) => [norm(s.name), s]));
  const newRooms = new Map<string, { id: string; code: string; siteId: string }>();

  // Rows → planned courses, merged by key (co-taught courses come as one row per teacher).
  const planned = new Map<string, PlannedCourse>();
  for (const row of parsed.rows) {
    const problems: ImportProblem[] = [];
    const at = (code: string, params: Record<string, string>, message: string) =>
      problems.push(problem(row.line, code, params, message));
    const cls = row.classCode ? classByCode.get(row.classCode.toUpperCase()) : undefined;
    if (row.classCode && !cls) at('unknown_class', { code: row.classCode }, `unknown class ${row.classCode}`);
    const grps = row.groupCodes.map((c) => ({ c, g: groupByCode.get(c.toUpperCase()) }));
    for (const { c, g } of grps) if (!g) at('unknown_group', { code: c }, `unknown group ${c}`);
    const subject = findSubject(row);
    if (!subject) {
      const known = row.subjectNames[0];
      at(
        'unknown_subject',
        { code: row.subjectCode, name: known ?? '' },
        `unknown subject ${row.subjectCode}${known ? ` (${known})` : ''}`,
      );
    }
    const teacherIds: string[] = [];
    for (const t of row.teachers) {
      const byExt = t.externalId ? teacherByExt.get(t.externalId) : undefined;
      const byName = t.name ? (teachersByName.get(norm(t.name)) ?? []) : [];
      if (byExt) teacherIds.push(byExt.id);
      else if (byName.length === 1) {
        const id = byName[0]!;
        teacherIds.push(id);
        const person = teachers.find((p) => p.id === id)!;
        if (t.externalId && person.external_id !== t.externalId && !learnConflicts.has(id)) {
          const prior = learned.get(id);
          if (person.external_id || (prior && prior.externalId !== t.externalId)) {
            learnConflicts.add(id);
            learned.delete(id);
            report.warnings.push(
              problem(
                row.line,
                'teacher_other_id',
                { name: t.name ?? '', id: t.externalId },
                `${t.name} has another STS id than ${t.externalId} in Préau: kept as it is`,
              ),
            );
          } else learned.set(id, { externalId: t.externalId, name: t.name ?? '' });
        }
      } else if (byName.length > 1) {
        at('teacher_ambiguous', { name: t.name ?? '' }, `teacher ${t.name} matches several people`);
      } else {
        at(
          'unknown_teacher',
          { name: t.name ?? '', id: t.externalId ?? '' },
          `unknown teacher ${t.name ?? t.externalId}`,
        );
      }
    }
    let weeks: Weeks = row.weeks;
    let range: { from: string | null; to: string | null } = { from: null, to: null };
    if (row.weekDates) {
      const w = weeksOfDates(year.cal, row.weekDates);
      if (w.ok) {
        weeks = w.weeks;
        range = { from: w.from, to: w.to };
      } else if (w.reason === 'outside_year') {
        at(
          'weeks_outside_year',
          { pattern: row.weekPattern ?? '' },
          `Week pattern ${row.weekPattern} has no week in the school year`,
        );
      } else {
        at(
          'weeks_irregular',
          { pattern: row.weekPattern ?? '' },
          `Week pattern ${row.weekPattern} is neither every week, week A nor week B over a period: enter this course by hand`,
        );
      }
    }
    let roomCode: string | null = null;
    if (row.roomCode) {
      const code = row.roomCode.toUpperCase();
      if (roomByCode.has(code) || newRooms.has(code)) roomCode = code;
      else {
        const site = row.siteName
          ? siteByName.get(norm(row.siteName))
          : sites.length === 1
            ? sites[0]
            : sites.find((s) => s.id === cls?.site_id);
        if (row.siteName && !site) at('unknown_site', { name: row.siteName }, `unknown site ${row.siteName}`);
        else if (!site) {
          at('unknown_room', { code: row.roomCode }, `unknown room ${row.roomCode} and no site to create it on`);
        } else {
          newRooms.set(code, { id: newId(), code: row.roomCode, siteId: site.id });
          roomCode = code;
        }
      }
    }
    if (problems.length > 0 || !subject) {
      report.errors.push(...problems);
      continue;
    }
    const validTo = range.to ?? year.endsOn;
    const from = [year.startsOn, today, range.from ?? year.startsOn].sort()[2]!;
    if (validTo < today) {
      report.warnings.push(
        problem(
          row.line,
          'course_over',
          { pattern: row.weekPattern ?? '', to: validTo },
          `This course ended on ${validTo}: not imported`,
        ),
      );
      continue;
    }
    const groupIds = grps.map((x) => x.g!.id).sort();
    const audience = [cls?.code ?? '', ...grps.map((x) => x.g!.code).sort()].filter(Boolean).join(' + ');
    const key = [
      cls?.code ?? '',
      grps
        .map((x) => x.g!.code)
        .sort()
        .join('+'),
      subject.code,
      row.weekday,
      row.startsAt,
      row.endsAt,
      weeks,
      // Only for part of the year, so that keys of whole-year courses stay those of earlier imports.
      ...(range.from || range.to ? [`${range.from ?? ''}~${range.to ?? ''}`] : []),
    ].join('|');
    const existing = planned.get(key);
    if (existing) {
      existing.teacherIds = [...new Set([...existing.teacherIds, ...teacherIds])];
      existing.roomCode ??= roomCode;
      if (row.line !== null) existing.lines.push(row.line);
      continue;
    }
    planned.set(key, {
      key,
      lines: row.line !== null ? [row.line] : [],
      subjectId: subject.id,
      classId: cls?.id ?? null,
      groupIds,
      teacherIds: [...new Set(teacherIds)],
      roomCode,
      weekday: row.weekday,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      weeks,
      validFrom: from,
      validTo,
      range: range.from || range.to ? { from: range.from ?? year.startsOn, to: validTo } : null,
      subjectLabel: subject.label,
      audience,
    });
  }
  report.roomsCreated = [...newRooms.values()].map((r) => r.code);
  const roomIdOf = (code: string | null) =>
    code ? (roomByCode.get(code)?.id ?? newRooms.get(code)?.id ?? null) : null;

  // An STS id is one person's: not stored on a teacher when someone else already holds it.
  if (learned.size > 0) {
    const taken = await db
      .selectFrom('people')
      .select(['id', 'external_id'])
      .where(
        'external_id',
        'in',
        [...learned.values()].map((l) => l.externalId),
      )
      .execute();
    for (const [personId, l] of learned) {
      if (taken.some((p) => p.external_id === l.externalId && p.id !== personId)) {
        learned.delete(personId);
        report.warnings.push(
          problem(
            null,
            'teacher_id_taken',
            { name: l.name, id: l.externalId },
            `STS id ${l.externalId} of ${l.name} already belongs to another person: not stored`,
          ),
        );
      }
    }
  }
  report.teachersLinked = [...learned.values()].map((l) => ({ name: l.name, externalId: l.externalId }));

  // Compare with the imported courses in place.
  const all = await weeklyCoursesOfYear(db, year.id);
  const imported = all.filter((c) => c.row.source === 'sts' || c.row.source === 'csv');
  const byKey = new Map(imported.filter((c) => c.row.external_key).map((c) => [c.row.external_key!, c]));
  const toCreate: PlannedCourse[] = [];
  const toUpdate: Array<{ id: string; p: PlannedCourse }> = [];
  const unchanged: PlannedCourse[] = [];
  const keep = new Set<string>();
  for (const p of planned.values()) {
    const cur = byKey.get(p.key);
    if (!cur) {
      toCreate.push(p);
      continue;
    }
    keep.add(cur.row.id);
    const same =
      cur.row.room_id === roomIdOf(p.roomCode) &&
      cur.row.valid_to === p.validTo &&
      [...cur.weekly.teacherIds].sort().join() === [...p.teacherIds].sort().join();
    if (same) unchanged.push(p);
    else toUpdate.push({ id: cur.row.id, p });
  }
  const toRemove = imported.filter((c) => !keep.has(c.row.id) && c.row.valid_to >= today);

  // Changes already announced to families (cancellations, moves, extra sessions) of the courses to remove.
  const removedIds = toRemove.map((c) => c.row.id);
  const changesOf = new Map<string, { count: number; firstDate: string }>();
  if (removedIds.length > 0) {
    const [changes, extras] = await Promise.all([
      db
        .selectFrom('session_changes')
        .select(['course_id', 'session_date', 'new_date'])
        .where('course_id', 'in', removedIds)
        .where((eb) => eb.or([eb('session_date', '>=', today), eb('new_date', '>=', today)]))
        .execute(),
      db
        .selectFrom('extra_sessions')
        .select(['course_id', 'date'])
        .where('course_id', 'in', removedIds)
        .where('date', '>=', today)
        .where('cancelled', '=', 0)
        .execute(),
    ]);
    for (const c of [
      ...changes.map((x) => ({ id: x.course_id, date: [x.session_date, x.new_date ?? x.session_date].sort()[0]! })),
      ...extras.map((x) => ({ id: x.course_id, date: x.date })),
    ]) {
      const cur = changesOf.get(c.id);
      changesOf.set(c.id, {
        count: (cur?.count ?? 0) + 1,
        firstDate: cur && cur.firstDate < c.date ? cur.firstDate : [c.date, today].sort()[1]!,
      });
    }
  }

  const itemOf = (p: PlannedCourse): ImportCourseItem => ({
    subject: p.subjectLabel,
    audience: p.audience,
    weekday: p.weekday,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    weeks: p.weeks,
    period: p.range,
    lines: p.lines,
    futureChanges: 0,
  });
  const removedItemOf = (c: (typeof toRemove)[number]): ImportCourseItem => ({
    subject: c.row.subject_label,
    audience: c.row.class_code ?? (c.row.external_key ?? '').split('|')[1]?.replaceAll('+', ' + ') ?? '',
    weekday: c.row.weekday,
    startsAt: c.row.starts_at,
    endsAt: c.row.ends_at,
    weeks: c.row.weeks,
    period: c.row.valid_to < year.endsOn ? { from: c.row.valid_from, to: c.row.valid_to } : null,
    lines: [],
    futureChanges: changesOf.get(c.row.id)?.count ?? 0,
  });
  for (const c of toRemove) {
    const changes = changesOf.get(c.row.id);
    if (!changes) continue;
    const item = removedItemOf(c);
    report.warnings.push(
      problem(
        null,
        'removed_with_changes',
        {
          subject: item.subject,
          audience: item.audience,
          weekday: String(item.weekday),
          time: item.startsAt,
          count: String(changes.count),
        },
        `${item.subject} ${item.audience} (${DAY[item.weekday]} ${item.startsAt}) is removed although ${changes.count} change(s) of its coming sessions were announced: its families will be told`,
      ),
    );
  }

  // Conflicts of the timetable as it would be: hand-made courses plus the imported ones.
  const removedSet = new Set(removedIds);
  const weekly = (id: string, p: PlannedCourse): WeeklyCourse => ({
    id,
    classId: p.classId,
    groupIds: p.groupIds,
    teacherIds: p.teacherIds,
    roomId: roomIdOf(p.roomCode) ?? (p.roomCode ? `new:${p.roomCode}` : null),
    weekday: p.weekday,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    weeks: p.weeks,
    validFrom: p.validFrom,
    validTo: p.validTo,
  });
  const updatedIds = new Set(toUpdate.map((u) => u.id));
  const future = [
    ...all
      .filter((c) => !removedSet.has(c.row.id) && !updatedIds.has(c.row.id) && c.row.valid_to >= today)
      .map((c) => c.weekly),
    ...toUpdate.map((u) => weekly(u.id, u.p)),
    ...toCreate.map((p) => weekly(`new:${p.key}`, p)),
  ];
  const describe = new Map<string, string>();
  for (const c of all)
    describe.set(
      c.row.id,
      `${c.row.subject_code} ${c.row.class_code ?? ''} ${DAY[c.row.weekday]} ${c.row.starts_at}-${c.row.ends_at}`,
    );
  for (const p of [...toCreate, ...toUpdate.map((u) => u.p)]) {
    const id = toUpdate.find((u) => u.p === p)?.id ?? `new:${p.key}`;
    describe.set(
      id,
      `${p.key.split('|').slice(0, 3).filter(Boolean).join(' ')} ${DAY[p.weekday]} ${p.startsAt}-${p.endsAt}${p.lines.length ? ` (line ${p.lines.join(', ')})` : ''}`,
    );
  }
  const audience = await loadAudience(db, year.id, [year.startsOn, today].sort()[1]!);
  const conflictingPairs = findAllCourseConflicts(future, audience);
  report.conflicts = conflictingPairs.map((c) => ({
    a: describe.get(c.aId) ?? c.aId,
    b: describe.get(c.bId) ?? c.bId,
    clashes: c.clashes.map((x) => x.kind),
  }));

  // A file with errors or clashes is not applied: the report then says that nothing would change (not what
  // the readable lines alone would do, which would count every course of an unreadable line as removed).
  report.applicable = report.errors.length === 0 && report.conflicts.length === 0;
  if (report.applicable) {
    report.courses = {
      created: toCreate.length,
      updated: toUpdate.length,
      removed: toRemove.length,
      unchanged: unchanged.length,
    };
    report.items = {
      created: toCreate.map(itemOf),
      updated: toUpdate.map((u) => itemOf(u.p)),
      removed: toRemove.map(removedItemOf),
      unchanged: unchanged.map(itemOf),
    };
  } else {
    report.roomsCreated = [];
    report.teachersLinked = [];
  }

  if (o.dryRun) return report;
  if (report.errors.length > 0) {
    throw new AppError('VALIDATION_FAILED', 'The file has unreadable lines: nothing was imported', report);
  }
  if (report.conflicts.length > 0) {
    throw new AppError('CONFLICT', 'The timetable would have clashes: nothing was imported', report);
  }

  const source = o.format;
  const apply = async (trx: Executor) => {
    const now = nowIso();
    for (const r of newRooms.values()) {
      await trx
        .insertInto('rooms')
        .values({ id: r.id, school_id: schoolId, site_id: r.siteId, code: r.code, label: r.code, capacity: null })
        .execute();
    }
    for (const [personId, l] of learned) {
      await trx
        .updateTable('people')
        .set({ external_id: l.externalId })
        .where('id', '=', personId)
        .where('external_id', 'is', null)
        .execute();
    }
    const links = async (courseId: string, p: PlannedCourse) => {
      await trx.deleteFrom('course_teachers').where('course_id', '=', courseId).execute();
      await trx.deleteFrom('course_groups').where('course_id', '=', courseId).execute();
      if (p.teacherIds.length) {
        await trx
          .insertInto('course_teachers')
          .values(p.teacherIds.map((t) => ({ course_id: courseId, teacher_id: t })))
          .execute();
      }
      if (p.groupIds.length) {
        await trx
          .insertInto('course_groups')
          .values(p.groupIds.map((g) => ({ course_id: courseId, group_id: g })))
          .execute();
      }
    };
    for (const p of toCreate) {
      const id = newId();
      await trx
        .insertInto('courses')
        .values({
          id,
          school_id: schoolId,
          school_year_id: year.id,
          subject_id: p.subjectId,
          class_id: p.classId,
          room_id: roomIdOf(p.roomCode),
          weekday: p.weekday,
          starts_at: p.startsAt,
          ends_at: p.endsAt,
          weeks: p.weeks,
          valid_from: p.validFrom,
          valid_to: p.validTo,
          source,
          external_key: p.key,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await links(id, p);
    }
    for (const { id, p } of toUpdate) {
      await trx
        .updateTable('courses')
        .set({ room_id: roomIdOf(p.roomCode), valid_to: p.validTo, source, updated_at: now })
        .where('id', '=', id)
        .execute();
      await links(id, p);
    }
    for (const c of toRemove) {
      const changes = changesOf.get(c.row.id);
      // Families saw changes of this course's coming sessions: tell them those no longer hold (before the
      // course and its group links go).
      if (changes) await notifyRemoved(trx, schoolId, c.row.id, c.row.subject_label, changes.firstDate);
      // Past sessions stay (homework and roll calls refer to them): end the course yesterday.
      if (c.row.valid_from < today) {
        await trx
          .updateTable('courses')
          .set({ valid_to: addDays(today, -1), updated_at: now })
          .where('id', '=', c.row.id)
          .execute();
      } else {
        await trx.deleteFrom('courses').where('id', '=', c.row.id).execute();
      }
    }
  };
  if (db.isTransaction) await apply(db);
  else await db.transaction().execute(apply);
  return report;
}

/** Tells the pupils of a removed course, and their guardians, that its announced changes no longer hold. */
async function notifyRemoved(db: Executor, schoolId: string, courseId: string, subject: string, date: string) {
  const families = await repo.findFamiliesConcernedByCourse(db, courseId, date);
  const params = { subject, date };
  const body = `${subject} : le cours ne figure plus à l’emploi du temps ; les changements annoncés à partir du ${date.slice(8, 10)}/${date.slice(5, 7)} ne s’appliquent plus.`;
  await notify(db, {
    personIds: families.pupils.map((p) => p.id),
    schoolId,
    kind: 'timetable.change',
    title: 'Emploi du temps modifié',
    body,
    link: `/emploi-du-temps?date=${date}`,
    message: { key: 'timetable.removed', params },
  });
  for (const pupil of families.pupils) {
    const guardians = families.links.filter((l) => l.pupil_id === pupil.id).map((l) => l.guardian_id);
    if (guardians.length === 0) continue;
    const child = `${pupil.first_name} ${pupil.last_name}`;
    await notify(db, {
      personIds: guardians,
      schoolId,
      kind: 'timetable.change',
      title: `Emploi du temps de ${child} modifié`,
      body,
      link: `/journee-famille?date=${date}`,
      message: { key: 'timetable.removed', params: { ...params, child } },
    });
  }
}
