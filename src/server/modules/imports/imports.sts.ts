/**
 * STS-Web `sts_emp` import (docs/imports.md, "STS-Web staff"): teachers and staff (INDIVIDU), the subjects the
 * services use (MATIERES), and the services themselves as teaching assignments (teacher × subject × division or
 * group). Each INDIVIDU@ID is stored in person_external_ids, so that a second file updates and the timetable import
 * (EDT_STS, ids only) finds the teachers.
 */
import type { Db, PersonExternalIdTable } from '../../db/types.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor, StaffFunction } from '../../lib/policy.ts';
import { canGrantSensitiveFunctions, isSensitiveFunction } from '../admin/admin.policy.ts';
import * as adminRepo from '../admin/admin.repo.ts';
import {
  checkMassLeave,
  checkSchoolAndYear,
  createAccount,
  displayName,
  emptyReport,
  inTransaction,
  levelOf,
  norm,
  prepareImport,
  readOrRefuse,
  refuseReport,
} from './imports.common.ts';
import { type ImportProblem, parseStsEmp, problem, type StsIndividu } from './imports.parse.ts';
import * as repo from './imports.repo.ts';
import type { DirectoryImportReport } from './imports.schema.ts';

/**
 * STS-Web's FONCTION of staff → Préau's staff function, given when the import creates the staff member (or gives
 * them the staff profile). STS does not tell the head of the school from the deputy: DIR gives the direction's
 * rights as `deputy`; the principal's title is set by hand. ENS is the teacher profile; other codes (and people
 * without one) get the staff profile with no function, for the direction to grant.
 */
export const STS_FUNCTIONS: Readonly<Record<string, StaffFunction>> = {
  DIR: 'deputy',
  EDU: 'cpe',
  DOC: 'documentaliste',
};

interface IndividuPlan {
  row: StsIndividu;
  personId: string | null;
  kind: 'teacher' | 'staff';
  /** The staff function to give (new staff only). */
  fn: StaffFunction | null;
  firstName: string;
  lastName: string;
  changes: string[];
  addProfile: boolean;
}

export async function importStsEmp(
  db: Db,
  actor: Actor,
  schoolId: string,
  o: { body: Buffer; dryRun: boolean; createClasses: boolean; allowMassLeave?: boolean },
): Promise<DirectoryImportReport> {
  const { school, year } = await prepareImport(db, actor, schoolId);
  const data = await readOrRefuse(() => parseStsEmp(o.body));
  const report = emptyReport('sts', o.dryRun, data.school);
  checkSchoolAndYear(data.school, school, year, report.warnings);
  const errors: ImportProblem[] = [...data.errors];
  const err = (line: number | null, code: string, params: Record<string, string>, message: string) =>
    errors.push(problem(line, code, params, message));

  const [extIds, people, classes, groups, subjects, assignments] = await Promise.all([
    repo.findExternalIds(db, schoolId, 'sts'),
    repo.findPeopleWithProfiles(db, schoolId, ['teacher', 'staff']),
    repo.findClassesOfYear(db, year.id),
    repo.findGroupsOfYear(db, year.id),
    repo.findSubjects(db, schoolId),
    repo.findAssignmentsOfYear(db, year.id),
  ]);
  const ext = new Map(extIds.filter((e) => e.kind === 'individu').map((e) => [e.external_id, e.person_id]));
  const byPerson = new Map<string, { row: (typeof people)[number]; kinds: Set<string> }>();
  for (const p of people) {
    const e = byPerson.get(p.id);
    if (e) e.kinds.add(p.kind);
    else byPerson.set(p.id, { row: p, kinds: new Set([p.kind]) });
  }
  // People an earlier sts_emp imported who have since left this school but kept their account elsewhere: found
  // again by their id, they get their profile back rather than a second account.
  const former = new Map(
    (
      await repo.findPeopleByIds(
        db,
        [...new Set(ext.values())].filter((id) => !byPerson.has(id)),
      )
    ).map((p) => [p.id, { row: { ...p, kind: 'staff' as const }, kinds: new Set<string>() }]),
  );
  const byLegacyId = new Map(
    [...byPerson.values()].filter((p) => p.row.external_id).map((p) => [p.row.external_id!, p.row.id]),
  );
  const byName = new Map<string, string[]>();
  for (const p of byPerson.values()) {
    const k = `${norm(p.row.last_name)}|${norm(p.row.first_name)}`;
    byName.set(k, [...(byName.get(k) ?? []), p.row.id]);
  }

  // Those who teach a service are teachers whatever their FONCTION says.
  const teaching = new Set(data.services.flatMap((s) => s.teacherIds));
  const plans = new Map<string, IndividuPlan>();
  const claimed = new Set<string>();
  const newExt: Array<{ externalId: string; owner: string }> = [];
  for (const row of data.individus) {
    if (plans.has(row.id)) {
      err(row.line, 'duplicate_individu', { id: row.id }, `INDIVIDU ${row.id} appears twice`);
      continue;
    }
    if (!row.lastName || !row.firstName) {
      err(row.line, 'missing_name', { id: row.id }, `INDIVIDU ${row.id} has no name`);
      continue;
    }
    const firstName = displayName(row.firstName);
    const lastName = displayName(row.lastName);
    let personId = ext.get(row.id) ?? byLegacyId.get(row.id) ?? null;
    if (personId && !byPerson.has(personId) && !former.has(personId)) personId = null;
    if (!personId) {
      const same = (byName.get(`${norm(lastName)}|${norm(firstName)}`) ?? []).filter(
        (id) =>
          !claimed.has(id) &&
          (!row.birthDate || !byPerson.get(id)!.row.birth_date || byPerson.get(id)!.row.birth_date === row.birthDate),
      );
      if (same.length === 1) personId = same[0]!;
      else if (same.length > 1) {
        err(
          row.line,
          'ambiguous_person',
          { name: `${lastName} ${firstName}` },
          `${lastName} ${firstName} matches several people`,
        );
        continue;
      }
    }
    if (personId) claimed.add(personId);
    const kind = row.fonction === 'ENS' || teaching.has(row.id) ? 'teacher' : 'staff';
    const plan: IndividuPlan = { row, personId, kind, fn: null, firstName, lastName, changes: [], addProfile: false };
    if (personId) {
      const p = byPerson.get(personId) ?? former.get(personId)!;
      if (p.row.first_name !== firstName || p.row.last_name !== lastName) plan.changes.push('name');
      if (row.birthDate && p.row.birth_date !== row.birthDate) plan.changes.push('birthDate');
      if (!p.kinds.has(kind)) {
        plan.changes.push('profile');
        plan.addProfile = true;
      }
    }
    if (kind === 'staff' && (!personId || plan.addProfile) && row.fonction && row.fonction !== 'ENS') {
      const fn = STS_FUNCTIONS[row.fonction];
      const name = `${lastName} ${firstName}`;
      if (!fn) {
        report.warnings.push(
          problem(
            row.line,
            'fonction_unmapped',
            { name, fonction: row.fonction },
            `${name}: FONCTION ${row.fonction} gives no function`,
          ),
        );
      } else if (isSensitiveFunction(fn) && !canGrantSensitiveFunctions(actor, schoolId)) {
        // Functions that open sensitive files are the direction's to grant (admin.policy.ts): not through a file.
        report.warnings.push(
          problem(
            row.line,
            'function_not_granted',
            { name, fonction: row.fonction, function: fn },
            `${name}: ${fn} is granted by the direction`,
          ),
        );
      } else plan.fn = fn;
    }
    if (!ext.has(row.id)) newExt.push({ externalId: row.id, owner: personId ?? `individu:${row.id}` });
    plans.set(row.id, plan);
  }

  // ---- leavers missing from the file ("partants")
  // An sts_emp file lists all the school's staff: a teacher or staff member an earlier sts_emp imported (an
  // INDIVIDU@ID stored for them) whom it no longer lists has left. People entered by hand are never touched.
  const refOfPerson = new Map([...ext].map(([individu, personId]) => [personId, individu]));
  const here = [...refOfPerson.keys()].filter((id) => byPerson.get(id)?.row.disabled_at === null);
  const absent = here.filter((id) => !claimed.has(id));
  checkMassLeave(absent.length, here.length, o.allowMassLeave === true, 'staff', errors);

  // ---- services → teaching assignments
  const classByCode = new Map(classes.map((c) => [c.code.toUpperCase(), c.id]));
  const groupByCode = new Map(groups.map((g) => [g.code.toUpperCase(), g.id]));
  const newClasses = new Map<string, { id: string; code: string; label: string; kind: 'division' | 'groupe' }>();
  const subjectBy = new Map<string, string>();
  for (const s of subjects) subjectBy.set(norm(s.label), s.id);
  for (const s of subjects) subjectBy.set(norm(s.code), s.id);
  const newSubjects = new Map<string, { id: string; code: string; label: string }>();
  const findSubject = (code: string): string | null => {
    const names = data.subjects.get(code);
    for (const k of [code, names?.gestion, names?.short, names?.long]) {
      const id = k ? subjectBy.get(norm(k)) : undefined;
      if (id) return id;
    }
    return newSubjects.get(code)?.id ?? null;
  };
  const have = new Set(
    assignments.map((a) => `${a.teacher_id}|${a.class_id ?? ''}|${a.group_id ?? ''}|${a.subject_id}`),
  );
  const planned: Array<{
    teacher: string;
    structure: 'division' | 'groupe';
    code: string;
    subjectId: string;
  }> = [];
  for (const s of data.services) {
    let subjectId = findSubject(s.subjectCode);
    if (!subjectId) {
      const names = data.subjects.get(s.subjectCode);
      if (!names) {
        err(s.line, 'unknown_matiere', { code: s.subjectCode }, `Unknown subject ${s.subjectCode} (not in MATIERES)`);
        continue;
      }
      subjectId = newId();
      newSubjects.set(s.subjectCode, {
        id: subjectId,
        code: names.gestion || s.subjectCode,
        label: displayName(names.short || names.long || s.subjectCode),
      });
    }
    const code = s.code.toUpperCase();
    const known = s.structure === 'division' ? classByCode.get(code) : groupByCode.get(code);
    if (!known && !newClasses.has(`${s.structure}:${code}`)) {
      if (o.createClasses)
        newClasses.set(`${s.structure}:${code}`, { id: newId(), code: s.code, label: s.label, kind: s.structure });
      else {
        err(
          s.line,
          s.structure === 'division' ? 'unknown_class' : 'unknown_group',
          { code: s.code },
          `Unknown ${s.structure === 'division' ? 'class' : 'group'} ${s.code}`,
        );
        continue;
      }
    }
    for (const t of s.teacherIds) {
      if (!plans.has(t)) {
        err(s.line, 'unknown_individu', { id: t }, `ENSEIGNANT ${t} is not among the INDIVIDUS`);
        continue;
      }
      planned.push({ teacher: t, structure: s.structure, code, subjectId });
    }
  }

  for (const p of plans.values()) {
    const it = {
      kind: p.kind,
      name: `${p.lastName} ${p.firstName}`,
      ref: p.row.id,
      class: null,
      changes: p.changes,
      ...(p.fn ? { functions: [p.fn] } : {}),
    };
    if (!p.personId) report.created.push(it);
    else if (p.changes.length > 0) report.updated.push(it);
    else report.counts.unchanged++;
  }
  for (const id of absent) {
    const p = byPerson.get(id)!;
    report.absent.push({
      kind: p.kinds.has('teacher') ? 'teacher' : 'staff',
      name: `${p.row.last_name} ${p.row.first_name}`,
      ref: refOfPerson.get(id)!,
      class: null,
      changes: [],
    });
  }
  report.counts.created = report.created.length;
  report.counts.updated = report.updated.length;
  report.counts.absent = report.absent.length;
  report.classesCreated = [...newClasses.values()].map((c) => c.code);
  report.subjectsCreated = [...newSubjects.values()].map((s) => s.label);
  // Counted on existing ids only here; new people's assignments are all new.
  const structureId = (structure: 'division' | 'groupe', code: string) =>
    (structure === 'division' ? classByCode.get(code) : groupByCode.get(code)) ??
    newClasses.get(`${structure}:${code}`)!.id;
  const assignmentKey = (teacherId: string, a: (typeof planned)[number]) => {
    const sid = structureId(a.structure, a.code);
    return `${teacherId}|${a.structure === 'division' ? sid : ''}|${a.structure === 'groupe' ? sid : ''}|${a.subjectId}`;
  };
  const fresh = new Set<string>();
  for (const a of planned) {
    const k = assignmentKey(plans.get(a.teacher)!.personId ?? `new:${a.teacher}`, a);
    if (!have.has(k)) fresh.add(k);
  }
  report.assignmentsCreated = fresh.size;
  report.errors = errors;
  report.applicable = errors.length === 0;
  if (!report.applicable && !o.dryRun) refuseReport(report);
  if (o.dryRun) return report;

  await inTransaction(db, async (trx) => {
    for (const c of newClasses.values()) {
      if (c.kind === 'division') {
        await adminRepo.insertClass(trx, {
          id: c.id,
          school_id: schoolId,
          school_year_id: year.id,
          site_id: null,
          code: c.code,
          label: c.label,
          level: levelOf(null, c.code),
        });
      } else {
        await adminRepo.insertGroup(trx, {
          id: c.id,
          school_id: schoolId,
          school_year_id: year.id,
          code: c.code,
          label: c.label,
          kind: 'groupe',
        });
      }
    }
    for (const s of newSubjects.values()) {
      await repo.insertSubject(trx, { id: s.id, school_id: schoolId, code: s.code, label: s.label });
    }
    const idOf = new Map<string, string>();
    for (const p of plans.values()) {
      if (!p.personId) {
        idOf.set(
          p.row.id,
          await createAccount(trx, schoolId, {
            firstName: p.firstName,
            lastName: p.lastName,
            birthDate: p.row.birthDate,
            kind: p.kind,
          }),
        );
        continue;
      }
      if (p.changes.includes('name') || p.changes.includes('birthDate')) {
        await adminRepo.updatePerson(trx, p.personId, {
          first_name: p.firstName,
          last_name: p.lastName,
          ...(p.row.birthDate ? { birth_date: p.row.birthDate } : {}),
        });
      }
      if (p.addProfile) {
        await adminRepo.insertProfile(trx, { id: newId(), person_id: p.personId, school_id: schoolId, kind: p.kind });
      }
    }
    // Functions of new staff, recorded as the administration's grants are when they open sensitive files.
    const at0 = nowIso();
    for (const p of plans.values()) {
      if (!p.fn) continue;
      const personId = p.personId ?? idOf.get(p.row.id)!;
      await repo.insertStaffFunction(trx, { id: newId(), person_id: personId, school_id: schoolId, function: p.fn });
      if (isSensitiveFunction(p.fn)) {
        await adminRepo.insertFunctionGrants(trx, [
          {
            id: newId(),
            school_id: schoolId,
            person_id: personId,
            function: p.fn,
            change: 'granted',
            granted_by: actor.personId,
            created_at: at0,
          },
        ]);
      }
    }
    // Leavers: the account is disabled (sessions end), unless the person is also elsewhere (another school, or a
    // parent here): then only their staff profiles and functions of this school go. Their courses, marks,
    // messages and teaching assignments stay, as history (the direction reassigns classes).
    for (const id of absent) {
      if (await repo.hasOtherProfiles(trx, id, schoolId, ['teacher', 'staff'])) {
        await repo.removeFromSchool(trx, id, schoolId, ['teacher', 'staff']);
      } else {
        await repo.disablePerson(trx, id, nowIso());
      }
    }
    const personOf = (individuId: string) => plans.get(individuId)!.personId ?? idOf.get(individuId)!;
    const done = new Set<string>();
    for (const a of planned) {
      const teacherId = personOf(a.teacher);
      const k = assignmentKey(teacherId, a);
      if (have.has(k) || done.has(k)) continue;
      done.add(k);
      const sid = structureId(a.structure, a.code);
      await repo.insertAssignment(trx, {
        id: newId(),
        school_id: schoolId,
        school_year_id: year.id,
        teacher_id: teacherId,
        class_id: a.structure === 'division' ? sid : null,
        group_id: a.structure === 'groupe' ? sid : null,
        subject_id: a.subjectId,
      });
    }
    const at = nowIso();
    const rows: PersonExternalIdTable[] = newExt.map((e) => ({
      id: newId(),
      school_id: schoolId,
      source: 'sts',
      kind: 'individu',
      external_id: e.externalId,
      person_id: e.owner.startsWith('individu:') ? idOf.get(e.externalId)! : e.owner,
      created_at: at,
    }));
    await repo.insertExternalIds(trx, rows);
  });
  return report;
}
