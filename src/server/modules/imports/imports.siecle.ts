/**
 * SIECLE/BEE import (docs/imports.md, "SIECLE"): pupils (BEE_ELEVES), guardians and their links (BEE_RESPONSABLES),
 * the MEF nomenclature (BEE_NOMENCLATURES). People are found again through the ids stored in person_external_ids
 * (INE, ELEVE_ID, PERSONNE_ID), so the same file twice changes nothing and next year's file updates. A dry run
 * reports; a real run applies everything in one transaction, or nothing.
 */
import type { Db, Executor, PersonExternalIdTable } from '../../db/types.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import * as adminRepo from '../admin/admin.repo.ts';
import { dayBefore } from '../admin/admin.service.ts';
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
import {
  type ImportProblem,
  parseSiecle,
  problem,
  type SiecleData,
  type SiecleGuardian,
  type SieclePupil,
} from './imports.parse.ts';
import * as repo from './imports.repo.ts';
import type { DirectoryImportItem, DirectoryImportReport } from './imports.schema.ts';

type Responsibility = 'legal1' | 'legal2' | 'contact';

interface PupilPlan {
  row: SieclePupil;
  /** Existing person, or null for a newcomer. */
  personId: string | null;
  firstName: string;
  lastName: string;
  changes: string[];
  classId: string | null;
  classCode: string | null;
  moveClass: boolean;
  /** Groups to join, and memberships of groups the file manages that it no longer lists. */
  joinGroups: string[];
  leaveGroups: Array<{ id: string; starts_on: string }>;
  disable: boolean;
  /** A leaver an earlier file disabled who is listed again: the account is enabled. */
  enable: boolean;
  /** Pupils who left before they were ever imported: nothing to do. */
  skip: boolean;
}

interface GuardianPlan {
  row: SiecleGuardian;
  personId: string | null;
  firstName: string;
  lastName: string;
  changes: string[];
}

interface LinkPlan {
  personneId: string;
  /** The pupil: an existing person id, or the ELEVE_ID of a pupil created by this import. */
  pupil: { personId: string | null; eleveId: string };
  responsibility: Responsibility;
  existingId: string | null;
}

export async function importSiecle(
  db: Db,
  actor: Actor,
  schoolId: string,
  o: { body: Buffer; dryRun: boolean; createClasses: boolean; allowMassLeave?: boolean },
): Promise<DirectoryImportReport> {
  const { school, year, today } = await prepareImport(db, actor, schoolId);
  const data = await readOrRefuse(() => parseSiecle(o.body));
  const { report, apply } = await planSiecle(db, { schoolId, school, year, today, classDay: today }, data, o);
  if (!report.applicable && !o.dryRun) refuseReport(report);
  if (o.dryRun) return report;
  await inTransaction(db, apply);
  return report;
}

/** Where a SIECLE file applies: the school, the year its classes belong to, and the days that matter. */
export interface SiecleTarget {
  schoolId: string;
  school: { uai: string };
  year: { id: string; starts_on: string };
  /** The day class and group changes take effect (today; the next year's first day for the rollover). */
  today: string;
  /** The day pupils' present classes are read (today; the last day of the year left for the rollover). */
  classDay: string;
}

/**
 * Plans a SIECLE file against a school year: the report (what a dry run shows) and the writes, to run in one
 * transaction. The year's rollover plans the next year's file with it (imports.rollover.ts).
 */
export async function planSiecle(
  db: Db,
  target: SiecleTarget,
  data: SiecleData,
  o: { dryRun: boolean; createClasses: boolean; allowMassLeave?: boolean },
): Promise<{ report: DirectoryImportReport; apply: (trx: Executor) => Promise<void> }> {
  const { schoolId, school, year, today, classDay } = target;
  const report = emptyReport('siecle', o.dryRun, data.school);
  checkSchoolAndYear(data.school, school, year, report.warnings);
  const errors: ImportProblem[] = [...data.errors];
  const err = (line: number | null, code: string, params: Record<string, string>, message: string) =>
    errors.push(problem(line, code, params, message));

  const [extIds, people, currentClasses, classes, groups, groupMemberships] = await Promise.all([
    repo.findExternalIds(db, schoolId, 'siecle'),
    repo.findPeopleWithProfiles(db, schoolId, ['pupil', 'guardian']),
    repo.findClassesOfPupilsOn(db, schoolId, classDay),
    repo.findClassesOfYear(db, year.id),
    repo.findGroupsOfYear(db, year.id),
    repo.findOpenGroupMembershipsOfYear(db, year.id, today),
  ]);
  const groupByCode = new Map(groups.map((g) => [g.code.toUpperCase(), g.id]));
  const newGroups = new Map<string, { id: string; code: string }>();
  // Groups the file speaks of: a pupil no longer listed in one of them leaves it; other groups are the school's.
  const fileGroups = new Set(
    data.pupils.flatMap((p) => p.groupCodes.map((c) => groupByCode.get(c.toUpperCase()))).filter((x) => !!x),
  );
  const groupsOfPupil = new Map<string, typeof groupMemberships>();
  for (const m of groupMemberships) groupsOfPupil.set(m.pupil_id, [...(groupsOfPupil.get(m.pupil_id) ?? []), m]);
  const ext = new Map(extIds.map((e) => [`${e.kind}:${e.external_id}`, e.person_id]));
  const pupilsById = new Map(people.filter((p) => p.kind === 'pupil').map((p) => [p.id, p]));
  const guardiansById = new Map(people.filter((p) => p.kind === 'guardian').map((p) => [p.id, p]));
  const classOf = new Map(currentClasses.map((c) => [c.pupil_id, c]));
  const classByCode = new Map(classes.map((c) => [c.code.toUpperCase(), c.id]));
  const newClasses = new Map<string, { id: string; code: string; level: string }>();
  const newExt: Array<Pick<PersonExternalIdTable, 'kind' | 'external_id'> & { owner: string }> = [];

  // ---- pupils
  const pupilByNameBirth = new Map<string, string[]>();
  for (const p of pupilsById.values()) {
    const k = `${norm(p.last_name)}|${norm(p.first_name)}|${p.birth_date ?? ''}`;
    pupilByNameBirth.set(k, [...(pupilByNameBirth.get(k) ?? []), p.id]);
  }
  const seenIne = new Map<string, number>();
  const seenEleve = new Map<string, number>();
  const plans: PupilPlan[] = [];
  const claimed = new Set<string>();
  for (const row of data.pupils) {
    if (seenEleve.has(row.eleveId)) {
      err(
        row.line,
        'duplicate_eleve',
        { id: row.eleveId, first: String(seenEleve.get(row.eleveId)) },
        `ELEVE_ID ${row.eleveId} appears twice`,
      );
      continue;
    }
    seenEleve.set(row.eleveId, row.line);
    if (row.ine) {
      if (seenIne.has(row.ine)) {
        err(
          row.line,
          'duplicate_ine',
          { ine: row.ine, first: String(seenIne.get(row.ine)) },
          `INE ${row.ine} appears twice`,
        );
        continue;
      }
      seenIne.set(row.ine, row.line);
    }
    if (!row.lastName || !row.firstName) {
      err(row.line, 'missing_name', { id: row.eleveId }, `Pupil ${row.eleveId} has no name`);
      continue;
    }
    const left = row.leftOn !== null && row.leftOn <= today;
    let personId = (row.ine ? ext.get(`ine:${row.ine}`) : undefined) ?? ext.get(`eleve:${row.eleveId}`) ?? null;
    if (personId && !pupilsById.has(personId)) personId = null;
    // Found through an id a SIECLE file stored: if disabled, an earlier file (or the rollover) made them leave.
    const byStoredId = personId !== null;
    if (!personId) {
      // A pupil entered by hand before the first import: same name and birth date, and only one such pupil.
      const same = pupilByNameBirth.get(`${norm(row.lastName)}|${norm(row.firstName)}|${row.birthDate ?? ''}`) ?? [];
      if (same.length === 1 && !claimed.has(same[0]!)) personId = same[0]!;
    }
    if (personId) claimed.add(personId);
    const firstName = displayName(row.firstName);
    const lastName = displayName(row.lastName);
    const plan: PupilPlan = {
      row,
      personId,
      firstName,
      lastName,
      changes: [],
      classId: null,
      classCode: row.classCode,
      moveClass: false,
      joinGroups: [],
      leaveGroups: [],
      disable: false,
      enable: false,
      skip: false,
    };
    plans.push(plan);
    if (left) {
      if (!personId) plan.skip = true;
      else if (pupilsById.get(personId)!.disabled_at === null) plan.disable = true;
      continue;
    }
    if (row.classCode) {
      const code = row.classCode.toUpperCase();
      plan.classId = classByCode.get(code) ?? newClasses.get(code)?.id ?? null;
      if (!plan.classId) {
        if (o.createClasses) {
          const created = {
            id: newId(),
            code: row.classCode,
            level: levelOf(data.mefs.get(row.mef ?? ''), row.classCode),
          };
          newClasses.set(code, created);
          plan.classId = created.id;
        } else {
          err(row.line, 'unknown_class', { code: row.classCode }, `Unknown class ${row.classCode}`);
        }
      }
    } else {
      report.warnings.push(
        problem(row.line, 'no_class', { name: `${lastName} ${firstName}` }, `${lastName} ${firstName} has no class`),
      );
    }
    const wanted: string[] = [];
    for (const code of row.groupCodes) {
      const c = code.toUpperCase();
      let id = groupByCode.get(c) ?? newGroups.get(c)?.id;
      if (!id && o.createClasses) {
        id = newId();
        newGroups.set(c, { id, code });
      }
      if (id) wanted.push(id);
      else if (!report.warnings.some((w) => w.code === 'unknown_group_skipped' && w.params.code === code)) {
        report.warnings.push(
          problem(row.line, 'unknown_group_skipped', { code }, `Unknown group ${code}: its pupils are not added to it`),
        );
      }
    }
    const current = personId ? (groupsOfPupil.get(personId) ?? []) : [];
    plan.joinGroups = wanted.filter((g) => !current.some((m) => m.group_id === g));
    plan.leaveGroups = current.filter((m) => fileGroups.has(m.group_id) && !wanted.includes(m.group_id));
    if (personId) {
      const p = pupilsById.get(personId)!;
      if (p.first_name !== firstName || p.last_name !== lastName) plan.changes.push('name');
      if (row.birthDate && p.birth_date !== row.birthDate) plan.changes.push('birthDate');
      if (plan.classId && classOf.get(personId)?.class_id !== plan.classId) {
        plan.changes.push('class');
        plan.moveClass = true;
      }
      if (plan.joinGroups.length + plan.leaveGroups.length > 0) plan.changes.push('groups');
      if (byStoredId && p.disabled_at !== null) {
        plan.changes.push('enabled');
        plan.enable = true;
      }
    }
    const owner = personId ?? `eleve:${row.eleveId}`;
    if (row.ine && !ext.has(`ine:${row.ine}`)) newExt.push({ kind: 'ine', external_id: row.ine, owner });
    if (!ext.has(`eleve:${row.eleveId}`)) newExt.push({ kind: 'eleve', external_id: row.eleveId, owner });
  }
  // ---- leavers missing from the file ("partants")
  // A pupils' file (BEE_ELEVES) lists every pupil of the school: a pupil an earlier SIECLE file imported (an INE or
  // ELEVE_ID stored for them) whom it no longer lists has left. Pupils entered by hand (no stored id) are never
  // touched; a guardians' or nomenclature file alone says nothing about who left.
  const absent: string[] = [];
  const refOf = new Map<string, string>();
  for (const e of extIds) {
    if (e.kind === 'ine' || (e.kind === 'eleve' && !refOf.has(e.person_id))) refOf.set(e.person_id, e.external_id);
  }
  if (data.roots.includes('BEE_ELEVES')) {
    const imported = [...refOf.keys()].filter((id) => pupilsById.has(id));
    const elsewhere = await repo.findPeopleInOtherSchools(db, imported, schoolId);
    // Still here: in a class of the school today, or an account that is still on and only this school's.
    const here = imported.filter(
      (id) => classOf.has(id) || (pupilsById.get(id)!.disabled_at === null && !elsewhere.has(id)),
    );
    absent.push(...here.filter((id) => !claimed.has(id)));
    checkMassLeave(absent.length, here.length, o.allowMassLeave === true, 'pupils', errors);
  }

  // ELEVE_ID → the pupil (of this file, or stored by an earlier import).
  const pupilOfEleve = new Map<string, { personId: string | null; eleveId: string; skip: boolean }>();
  for (const p of plans)
    pupilOfEleve.set(p.row.eleveId, { personId: p.personId, eleveId: p.row.eleveId, skip: p.skip });
  for (const e of extIds) {
    if (e.kind === 'eleve' && !pupilOfEleve.has(e.external_id) && pupilsById.has(e.person_id)) {
      pupilOfEleve.set(e.external_id, { personId: e.person_id, eleveId: e.external_id, skip: false });
    }
  }

  // ---- guardians and links
  const personneRows = new Map<string, SiecleGuardian>();
  for (const g of data.guardians) {
    if (personneRows.has(g.personneId)) {
      err(g.line, 'duplicate_personne', { id: g.personneId }, `PERSONNE_ID ${g.personneId} appears twice`);
      continue;
    }
    personneRows.set(g.personneId, g);
  }
  const knownPupilIds = [...new Set([...pupilOfEleve.values()].map((p) => p.personId).filter((x): x is string => !!x))];
  const existingLinks = await repo.findGuardianshipsOfPupils(db, knownPupilIds);
  const linkOf = new Map(existingLinks.map((l) => [`${l.guardian_id}|${l.pupil_id}`, l]));
  const linksByPupil = new Map<string, typeof existingLinks>();
  for (const l of existingLinks) linksByPupil.set(l.pupil_id, [...(linksByPupil.get(l.pupil_id) ?? []), l]);

  const linkRows: Array<{ row: (typeof data.links)[number]; pupil: { personId: string | null; eleveId: string } }> = [];
  const legalCount = new Map<string, number>();
  for (const l of data.links) {
    const pupil = pupilOfEleve.get(l.eleveId);
    if (!pupil) {
      err(l.line, 'unknown_eleve', { id: l.eleveId }, `RESPONSABLE_ELEVE names ELEVE_ID ${l.eleveId}, unknown`);
      continue;
    }
    if (!personneRows.has(l.personneId)) {
      err(
        l.line,
        'unknown_personne',
        { id: l.personneId },
        `RESPONSABLE_ELEVE names PERSONNE_ID ${l.personneId}, unknown`,
      );
      continue;
    }
    if (pupil.skip) continue;
    linkRows.push({ row: l, pupil });
  }
  const guardianPlans = new Map<string, GuardianPlan>();
  const links: LinkPlan[] = [];
  for (const { row: l, pupil } of linkRows) {
    const g = personneRows.get(l.personneId)!;
    let plan = guardianPlans.get(l.personneId);
    if (!plan) {
      if (!g.lastName || !g.firstName) {
        err(g.line, 'missing_name', { id: g.personneId }, `Person ${g.personneId} has no name`);
        continue;
      }
      let personId = ext.get(`personne:${g.personneId}`) ?? null;
      if (personId && !guardiansById.has(personId)) personId = null;
      const firstName = displayName(g.firstName);
      const lastName = displayName(g.lastName);
      if (!personId && pupil.personId) {
        // A guardian entered by hand: already linked to this pupil under the same name.
        const same = (linksByPupil.get(pupil.personId) ?? []).filter((x) => {
          const p = guardiansById.get(x.guardian_id);
          return p && norm(p.last_name) === norm(lastName) && norm(p.first_name) === norm(firstName);
        });
        if (same.length === 1) personId = same[0]!.guardian_id;
      }
      plan = { row: g, personId, firstName, lastName, changes: [] };
      if (personId) {
        const p = guardiansById.get(personId)!;
        if (p.first_name !== firstName || p.last_name !== lastName) plan.changes.push('name');
        if (g.email && p.email !== g.email) plan.changes.push('email');
        if (g.phone && p.phone !== g.phone) plan.changes.push('phone');
        if (g.address && p.postal_address !== g.address) plan.changes.push('address');
      }
      if (!ext.has(`personne:${g.personneId}`)) {
        newExt.push({ kind: 'personne', external_id: g.personneId, owner: personId ?? `personne:${g.personneId}` });
      }
      guardianPlans.set(l.personneId, plan);
    }
    let responsibility: Responsibility;
    if (l.legal === 1 || l.legal === 2) responsibility = l.legal === 1 ? 'legal1' : 'legal2';
    else if (l.legal === 0) responsibility = 'contact';
    else if (l.level === 1) {
      const n = (legalCount.get(l.eleveId) ?? 0) + 1;
      legalCount.set(l.eleveId, n);
      responsibility = n === 1 ? 'legal1' : 'legal2';
    } else responsibility = 'contact';
    const existing = plan.personId && pupil.personId ? linkOf.get(`${plan.personId}|${pupil.personId}`) : undefined;
    links.push({ personneId: l.personneId, pupil, responsibility, existingId: existing?.id ?? null });
    if (existing && existing.responsibility !== responsibility) report.links.updated++;
    if (!existing) report.links.created++;
  }
  const changedLinks = links.filter((l) => {
    if (!l.existingId) return false;
    const e = existingLinks.find((x) => x.id === l.existingId);
    return e !== undefined && e.responsibility !== l.responsibility;
  });
  // Links SIECLE gave before and no longer gives (custody changed): removed, for the pupils this guardians' file
  // speaks of, and only towards guardians known by a PERSONNE_ID — links entered by hand stay.
  const removedLinks: typeof existingLinks = [];
  if (data.roots.includes('BEE_RESPONSABLES')) {
    const siecleGuardians = new Set(extIds.filter((e) => e.kind === 'personne').map((e) => e.person_id));
    const kept = new Set(
      links
        .filter((l) => l.pupil.personId && guardianPlans.get(l.personneId)?.personId)
        .map((l) => `${guardianPlans.get(l.personneId)!.personId}|${l.pupil.personId}`),
    );
    const covered = new Set(linkRows.map((l) => l.pupil.personId).filter((x): x is string => !!x));
    for (const l of existingLinks) {
      if (!covered.has(l.pupil_id) || !siecleGuardians.has(l.guardian_id)) continue;
      if (kept.has(`${l.guardian_id}|${l.pupil_id}`)) continue;
      removedLinks.push(l);
      const g = guardiansById.get(l.guardian_id);
      const p = pupilsById.get(l.pupil_id);
      report.warnings.push(
        problem(
          null,
          'link_removed',
          { guardian: g ? `${g.last_name} ${g.first_name}` : '', pupil: p ? `${p.last_name} ${p.first_name}` : '' },
          'A guardian link SIECLE no longer gives is removed',
        ),
      );
    }
    report.links.removed = removedLinks.length;
  }

  // ---- the report
  const item = (
    kind: DirectoryImportItem['kind'],
    name: string,
    ref: string,
    cls: string | null,
    changes: string[] = [],
  ): DirectoryImportItem => ({ kind, name, ref, class: cls, changes });
  for (const p of plans) {
    if (p.skip) continue;
    const it = item('pupil', `${p.lastName} ${p.firstName}`, p.row.ine ?? p.row.eleveId, p.classCode, p.changes);
    if (p.disable) report.disabled.push(it);
    else if (!p.personId) report.created.push(it);
    else if (p.changes.length > 0) report.updated.push(it);
    else report.counts.unchanged++;
  }
  for (const id of absent) {
    const p = pupilsById.get(id)!;
    report.absent.push(item('pupil', `${p.last_name} ${p.first_name}`, refOf.get(id)!, classOf.get(id)?.code ?? null));
  }
  for (const g of guardianPlans.values()) {
    const it = item('guardian', `${g.lastName} ${g.firstName}`, g.row.personneId, null, g.changes);
    if (!g.personId) report.created.push(it);
    else if (g.changes.length > 0) report.updated.push(it);
    else report.counts.unchanged++;
  }
  report.counts.created = report.created.length;
  report.counts.updated = report.updated.length;
  report.counts.disabled = report.disabled.length;
  report.counts.absent = report.absent.length;
  report.classesCreated = [...newClasses.values(), ...newGroups.values()].map((c) => c.code);
  report.errors = errors;
  report.applicable = errors.length === 0;

  // ---- apply, all or nothing (the caller's transaction)
  const apply = async (trx: Executor) => {
    for (const c of newClasses.values()) {
      await adminRepo.insertClass(trx, {
        id: c.id,
        school_id: schoolId,
        school_year_id: year.id,
        site_id: null,
        code: c.code,
        label: c.code,
        level: c.level,
      });
    }
    for (const g of newGroups.values()) {
      await adminRepo.insertGroup(trx, {
        id: g.id,
        school_id: schoolId,
        school_year_id: year.id,
        code: g.code,
        label: g.code,
        kind: 'groupe',
      });
    }
    const idOf = new Map<string, string>();
    for (const p of plans) {
      if (p.skip) continue;
      if (p.disable) {
        await leave(trx, schoolId, p.personId!, p.row.leftOn!);
        continue;
      }
      if (!p.personId) {
        const id = await createAccount(trx, schoolId, {
          firstName: p.firstName,
          lastName: p.lastName,
          birthDate: p.row.birthDate,
          kind: 'pupil',
        });
        idOf.set(`eleve:${p.row.eleveId}`, id);
        const start = [year.starts_on, p.row.entryDate ?? year.starts_on].sort()[1]!;
        await adminRepo.insertGroupMemberships(
          trx,
          p.joinGroups.map((g) => ({ id: newId(), pupil_id: id, group_id: g, starts_on: start })),
        );
        if (p.classId) {
          await adminRepo.insertClassMembership(trx, {
            id: newId(),
            pupil_id: id,
            class_id: p.classId,
            starts_on: start,
          });
        }
        continue;
      }
      if (p.changes.includes('name') || p.changes.includes('birthDate')) {
        await adminRepo.updatePerson(trx, p.personId, {
          first_name: p.firstName,
          last_name: p.lastName,
          ...(p.row.birthDate ? { birth_date: p.row.birthDate } : {}),
        });
      }
      if (p.enable) await repo.enablePerson(trx, p.personId);
      if (p.moveClass && p.classId) await moveToClass(trx, schoolId, p.personId, p.classId, today);
      const pupilId = p.personId;
      await adminRepo.insertGroupMemberships(
        trx,
        p.joinGroups.map((g) => ({ id: newId(), pupil_id: pupilId, group_id: g, starts_on: today })),
      );
      for (const m of p.leaveGroups) {
        if (m.starts_on >= today) await adminRepo.deleteGroupMembership(trx, m.id);
        else await adminRepo.endGroupMembership(trx, m.id, dayBefore(today));
      }
    }
    // Missing from the file: they left by yesterday, as far as Préau can know.
    for (const id of absent) await leave(trx, schoolId, id, dayBefore(today));
    for (const g of guardianPlans.values()) {
      if (!g.personId) {
        const id = await createAccount(trx, schoolId, {
          firstName: g.firstName,
          lastName: g.lastName,
          email: g.row.email,
          phone: g.row.phone,
          postalAddress: g.row.address,
          kind: 'guardian',
        });
        idOf.set(`personne:${g.row.personneId}`, id);
      } else if (g.changes.length > 0) {
        await adminRepo.updatePerson(trx, g.personId, {
          first_name: g.firstName,
          last_name: g.lastName,
          ...(g.row.email ? { email: g.row.email } : {}),
          ...(g.row.phone ? { phone: g.row.phone } : {}),
          ...(g.row.address ? { postal_address: g.row.address } : {}),
        });
      }
    }
    const guardianId = (personneId: string) =>
      guardianPlans.get(personneId)!.personId ?? idOf.get(`personne:${personneId}`)!;
    const pupilId = (p: LinkPlan['pupil']) => p.personId ?? idOf.get(`eleve:${p.eleveId}`)!;
    const fresh = new Set<string>();
    const rows = [];
    for (const l of links) {
      if (l.existingId) continue;
      const key = `${guardianId(l.personneId)}|${pupilId(l.pupil)}`;
      if (fresh.has(key)) continue;
      fresh.add(key);
      const legal = l.responsibility !== 'contact';
      rows.push({
        id: newId(),
        guardian_id: guardianId(l.personneId),
        pupil_id: pupilId(l.pupil),
        responsibility: l.responsibility,
        lives_with: legal ? 1 : 0,
        receives_mail: legal ? 1 : 0,
        may_collect: legal ? 1 : 0,
        court_restricted: 0,
        school_access: legal ? 1 : 0,
      });
    }
    await adminRepo.insertGuardianships(trx, rows);
    for (const l of changedLinks) {
      await adminRepo.updateGuardianship(trx, l.existingId!, { responsibility: l.responsibility });
    }
    for (const l of removedLinks) await adminRepo.deleteGuardianship(trx, l.id);
    const at = nowIso();
    const seen = new Set<string>();
    await repo.insertExternalIds(
      trx,
      newExt
        .filter((e) => {
          const k = `${e.kind}:${e.external_id}`;
          if (seen.has(k)) return false;
          seen.add(k);
          return true;
        })
        .map((e) => ({
          id: newId(),
          school_id: schoolId,
          source: 'siecle' as const,
          kind: e.kind,
          external_id: e.external_id,
          person_id: pupilsById.has(e.owner) || guardiansById.has(e.owner) ? e.owner : idOf.get(e.owner)!,
          created_at: at,
        }))
        .filter((e) => e.person_id !== undefined),
    );
  };
  return { report, apply };
}

/**
 * Moves a pupil to `classId` from `day`: the running membership ends the day before (the history says where the
 * pupil was each day); one that starts on `day` or later was a correction and is removed.
 */
async function moveToClass(trx: Executor, schoolId: string, pupilId: string, classId: string, day: string) {
  const open = await repo.findOpenClassMemberships(trx, schoolId, pupilId, day);
  const kept = open.find((m) => m.class_id === classId && m.starts_on <= day);
  for (const m of open) {
    if (m === kept) continue;
    if (m.starts_on >= day) await adminRepo.deleteClassMembership(trx, m.id);
    else await adminRepo.endClassMembership(trx, m.id, dayBefore(day));
  }
  if (!kept) {
    await adminRepo.insertClassMembership(trx, { id: newId(), pupil_id: pupilId, class_id: classId, starts_on: day });
  }
}

/**
 * A pupil who left (DATE_SORTIE, or missing from a later complete file): the class and groups end on that day and
 * the account is disabled, never deleted (history, marks and report cards stay).
 */
export async function leave(trx: Executor, schoolId: string, pupilId: string, leftOn: string) {
  for (const m of await repo.findOpenClassMemberships(trx, schoolId, pupilId, leftOn)) {
    if (m.starts_on > leftOn) await adminRepo.deleteClassMembership(trx, m.id);
    else await adminRepo.endClassMembership(trx, m.id, leftOn);
  }
  for (const m of await repo.findOpenGroupMembershipsOfPupil(trx, schoolId, pupilId, leftOn)) {
    if (m.starts_on > leftOn) await adminRepo.deleteGroupMembership(trx, m.id);
    else await adminRepo.endGroupMembership(trx, m.id, leftOn);
  }
  // The account is the person's in every school: a pupil who moved to another school of the deployment keeps it.
  if (!(await repo.hasProfileElsewhere(trx, pupilId, schoolId))) await repo.disablePerson(trx, pupilId, nowIso());
}
