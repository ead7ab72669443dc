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
import { addDays, type SchoolCalendar, type Weeks } from './timetable.calendar.ts';
import { findAllCourseConflicts, type WeeklyCourse } from './timetable.conflicts.ts';
import { loadAudience, weeklyCoursesOfYear } from './timetable.edit.ts';
import { FileError, type ParseResult, parseCsvFile, parseSts } from './timetable.import-parse.ts';
import { canEditTimetable } from './timetable.policy.ts';
import type { ImportReport } from './timetable.schema.ts';
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
}

const DAY = ['', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

/** Week A, B or every week from a list of Mondays (STS alternances). */
function weeksOfDates(cal: SchoolCalendar, dates: string[]): Weeks | null {
  const labels = new Set(dates.map((d) => cal.weekLabel(d)).filter((l) => l !== null));
  if (labels.size === 1) return [...labels][0]!;
  if (labels.size === 2) return 'all';
  return null;
}

export async function importTimetable(
  db: Executor,
  actor: Actor,
  schoolId: string,
  o: { format: 'sts' | 'csv'; body: Buffer; dryRun: boolean },
): Promise<ImportReport> {
  const school = await db.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst();
  if (!school || !belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(canEditTimetable(actor, schoolId));
  let parsed: ParseResult;
  try {
    if (o.body.length === 0) throw new FileError('The file is empty');
    parsed = o.format === 'sts' ? await parseSts(o.body) : await parseCsvFile(o.body);
  } catch (e) {
    if (e instanceof FileError) {
      throw new AppError('VALIDATION_FAILED', `The file cannot be read: ${e.message}`, {
        errors: [{ line: e.line, message: e.message }],
      });
    }
    throw e;
  }
  const today = todayInParis();
  const year = await findCalendarOfSchool(db, schoolId, today);
  if (!year) throw new AppError('VALIDATION_FAILED', 'No school year in force for this school');

  const report: ImportReport = {
    dryRun: o.dryRun,
    format: o.format,
    courses: { created: 0, updated: 0, removed: 0, unchanged: 0 },
    roomsCreated: [],
    errors: [...parsed.errors],
    warnings: [...parsed.warnings],
    conflicts: [],
  };

  // Reference data of the school, each in one query.
  const [classes, groups, subjects, teachers, rooms, sites] = await Promise.all([
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
  ]);
  const classByCode = new Map(classes.map((c) => [c.code.toUpperCase(), c]));
  const groupByCode = new Map(groups.map((g) => [g.code.toUpperCase(), g]));
  const subjectBy = new Map<string, (typeof subjects)[number]>();
  for (const s of subjects) subjectBy.set(norm(s.label), s);
  for (const s of subjects) subjectBy.set(norm(s.code), s);
  const teacherByExt = new Map(teachers.filter((t) => t.external_id).map((t) => [t.external_id!, t]));
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
    const problems: string[] = [];
    const cls = row.classCode ? classByCode.get(row.classCode.toUpperCase()) : undefined;
    if (row.classCode && !cls) problems.push(`unknown class ${row.classCode}`);
    const grps = row.groupCodes.map((c) => ({ c, g: groupByCode.get(c.toUpperCase()) }));
    for (const { c, g } of grps) if (!g) problems.push(`unknown group ${c}`);
    const subject = subjectBy.get(norm(row.subjectCode));
    if (!subject) problems.push(`unknown subject ${row.subjectCode}`);
    const teacherIds: string[] = [];
    for (const t of row.teachers) {
      const byExt = t.externalId ? teacherByExt.get(t.externalId) : undefined;
      const byName = t.name ? (teachersByName.get(norm(t.name)) ?? []) : [];
      if (byExt) teacherIds.push(byExt.id);
      else if (byName.length === 1) teacherIds.push(byName[0]!);
      else if (byName.length > 1) problems.push(`teacher ${t.name} matches several people`);
      else problems.push(`unknown teacher ${t.name ?? t.externalId}`);
    }
    let weeks: Weeks = row.weeks;
    if (row.weekDates) {
      const w = weeksOfDates(year.cal, row.weekDates);
      if (w === null)
        report.warnings.push({ line: row.line, message: 'Week pattern outside the school year: every week assumed' });
      weeks = w ?? 'all';
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
        if (row.siteName && !site) problems.push(`unknown site ${row.siteName}`);
        else if (!site) problems.push(`unknown room ${row.roomCode} and no site to create it on`);
        else {
          newRooms.set(code, { id: newId(), code: row.roomCode, siteId: site.id });
          roomCode = code;
        }
      }
    }
    if (problems.length > 0 || !subject) {
      report.errors.push({ line: row.line, message: problems.join('; ') });
      continue;
    }
    const groupIds = grps.map((x) => x.g!.id).sort();
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
    });
  }
  report.roomsCreated = [...newRooms.values()].map((r) => r.code);
  const roomIdOf = (code: string | null) =>
    code ? (roomByCode.get(code)?.id ?? newRooms.get(code)?.id ?? null) : null;

  // Compare with the imported courses in place.
  const all = await weeklyCoursesOfYear(db, year.id);
  const imported = all.filter((c) => c.row.source === 'sts' || c.row.source === 'csv');
  const byKey = new Map(imported.filter((c) => c.row.external_key).map((c) => [c.row.external_key!, c]));
  const validFrom = [year.startsOn, today].sort()[1]!;
  const toCreate: PlannedCourse[] = [];
  const toUpdate: Array<{ id: string; p: PlannedCourse }> = [];
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
      cur.row.valid_to === year.endsOn &&
      [...cur.weekly.teacherIds].sort().join() === [...p.teacherIds].sort().join();
    if (same) report.courses.unchanged++;
    else toUpdate.push({ id: cur.row.id, p });
  }
  const toRemove = imported.filter((c) => !keep.has(c.row.id) && c.row.valid_to >= today);
  report.courses.created = toCreate.length;
  report.courses.updated = toUpdate.length;
  report.courses.removed = toRemove.length;

  // Conflicts of the timetable as it would be: hand-made courses plus the imported ones.
  const removedIds = new Set(toRemove.map((c) => c.row.id));
  const weekly = (id: string, p: PlannedCourse, from: string): WeeklyCourse => ({
    id,
    classId: p.classId,
    groupIds: p.groupIds,
    teacherIds: p.teacherIds,
    roomId: roomIdOf(p.roomCode) ?? (p.roomCode ? `new:${p.roomCode}` : null),
    weekday: p.weekday,
    startsAt: p.startsAt,
    endsAt: p.endsAt,
    weeks: p.weeks,
    validFrom: from,
    validTo: year.endsOn,
  });
  const updatedIds = new Set(toUpdate.map((u) => u.id));
  const future = [
    ...all
      .filter((c) => !removedIds.has(c.row.id) && !updatedIds.has(c.row.id) && c.row.valid_to >= today)
      .map((c) => c.weekly),
    ...toUpdate.map((u) => weekly(u.id, u.p, validFrom)),
    ...toCreate.map((p) => weekly(`new:${p.key}`, p, validFrom)),
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
  const audience = await loadAudience(db, year.id, [validFrom, today].sort()[1]!);
  const conflictingPairs = findAllCourseConflicts(future, audience);
  report.conflicts = conflictingPairs.map((c) => ({
    a: describe.get(c.aId) ?? c.aId,
    b: describe.get(c.bId) ?? c.bId,
    clashes: c.clashes.map((x) => x.kind),
  }));

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
          valid_from: validFrom,
          valid_to: year.endsOn,
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
        .set({ room_id: roomIdOf(p.roomCode), valid_to: year.endsOn, source, updated_at: now })
        .where('id', '=', id)
        .execute();
      await links(id, p);
    }
    for (const c of toRemove) {
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
