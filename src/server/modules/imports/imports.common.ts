/** What the SIECLE and STS-Web imports share: the school and year checks, refusals, new accounts, the report. */
import type { Db, Executor } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool, type ProfileKind } from '../../lib/policy.ts';
import { dayInYear, findWorkingYear } from '../../lib/school-year.ts';
import * as adminRepo from '../admin/admin.repo.ts';
import { loginBase, pickLogin } from '../admin/admin.service.ts';
import { FileError, type ImportProblem, problem } from './imports.parse.ts';
import { canImportDirectory } from './imports.policy.ts';
import * as repo from './imports.repo.ts';
import type { DirectoryImportReport } from './imports.schema.ts';

/** Accents, case and punctuation ignored: "Lefèvre-N'Diaye" = "LEFEVRE N DIAYE". */
export const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** "DUPONT" → "Dupont", "jean-marc" → "Jean-Marc": SIECLE and STS write names in capitals. */
export function displayName(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  if (t !== t.toUpperCase()) return t;
  return t.toLowerCase().replace(/(^|[\s'’-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export function refuse(p: ImportProblem): never {
  throw new AppError('VALIDATION_FAILED', `The file cannot be imported: ${p.message}`, { errors: [p] });
}

/** Turns a parser's FileError into the 400 every import answers for a file it cannot read. */
export async function readOrRefuse<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof FileError) refuse(problem(e.line, e.code, e.params, `The file cannot be read: ${e.message}`));
    throw e;
  }
}

/** The school, the actor's right to import into it, and its current school year. */
export async function prepareImport(db: Executor, actor: Actor, schoolId: string) {
  const school = await repo.getSchool(db, schoolId);
  if (!school || !belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  assertCan(canImportDirectory(actor, schoolId));
  const today = todayInParis();
  // After the rollover, the year it prepared (docs/imports.md, « Bascule d'année »).
  const working = await findWorkingYear(db, schoolId, today);
  if (!working) throw new AppError('VALIDATION_FAILED', 'No school year in force for this school');
  const year = await adminRepo.getSchoolYear(db, working.id);
  return { school, year, today: dayInYear(year, today) };
}

/**
 * Another school's file, or another year's, would fill this school with wrong people: refused as a whole. A file
 * that does not name its school is imported with a warning.
 */
export function checkSchoolAndYear(
  file: { uai: string | null; year: number | null },
  school: { uai: string },
  year: { starts_on: string },
  warnings: ImportProblem[],
) {
  if (file.uai && file.uai !== school.uai.toUpperCase()) {
    refuse(
      problem(
        null,
        'wrong_school',
        { uai: file.uai, expected: school.uai },
        `The file is for school ${file.uai}, not ${school.uai}`,
      ),
    );
  }
  const firstYear = Number(year.starts_on.slice(0, 4));
  if (file.year !== null && file.year !== firstYear) {
    refuse(
      problem(
        null,
        'wrong_year',
        { year: `${file.year}-${file.year + 1}`, expected: `${firstYear}-${firstYear + 1}` },
        `The file is for school year ${file.year}-${file.year + 1}, not ${firstYear}-${firstYear + 1}`,
      ),
    );
  }
  if (!file.uai) warnings.push(problem(null, 'no_uai', {}, 'The file does not name its school (PARAMETRES/UAJ)'));
}

export function emptyReport(
  source: 'siecle' | 'sts',
  dryRun: boolean,
  school: DirectoryImportReport['school'],
): DirectoryImportReport {
  return {
    dryRun,
    source,
    applicable: false,
    school,
    counts: { created: 0, updated: 0, unchanged: 0, disabled: 0, absent: 0 },
    created: [],
    updated: [],
    disabled: [],
    absent: [],
    links: { created: 0, updated: 0, removed: 0 },
    classesCreated: [],
    subjectsCreated: [],
    assignmentsCreated: 0,
    errors: [],
    warnings: [],
  };
}

/**
 * A real run of a file with errors writes nothing: 400 with the report in `details`, as the timetable import does.
 */
export function refuseReport(report: DirectoryImportReport): never {
  throw new AppError('VALIDATION_FAILED', `The file has ${report.errors.length} error(s): nothing was imported`, {
    errors: report.errors,
    report,
  });
}

/**
 * Creates an account with its profile, the way the administration does (admin.service createPerson): no
 * activation code yet — the administrator prints activation letters, which carry the codes.
 */
export async function createAccount(
  trx: Executor,
  schoolId: string,
  p: {
    firstName: string;
    lastName: string;
    birthDate?: string | null;
    email?: string | null;
    phone?: string | null;
    postalAddress?: string | null;
    kind: ProfileKind;
  },
): Promise<string> {
  const base = loginBase(p.firstName, p.lastName);
  const login = pickLogin(base, await adminRepo.findLoginsStartingWith(trx, base));
  const id = newId();
  await adminRepo.insertPerson(trx, {
    id,
    login,
    first_name: p.firstName,
    last_name: p.lastName,
    birth_date: p.birthDate ?? null,
    email: p.email ?? null,
    phone: p.phone ?? null,
    postal_address: p.postalAddress ?? null,
    password_hash: null,
    activation_code_hash: null,
    activation_expires_at: null,
    locale: 'fr',
    is_deployment_admin: 0,
    disabled_at: null,
    external_id: null,
    created_at: nowIso(),
  });
  await adminRepo.insertProfile(trx, { id: newId(), person_id: id, school_id: schoolId, kind: p.kind });
  return id;
}

/** Runs the writes of an import in one transaction: all or nothing. */
export const inTransaction = <T>(db: Db, run: (trx: Executor) => Promise<T>) => db.transaction().execute(run);

/** A class level from a MEF's FORMATION ("5EME", "3 PREPA-METIERS") or the class code ("4B"): "5e", or "". */
export function levelOf(formation: string | null | undefined, code: string): string {
  for (const s of [formation ?? '', code]) {
    const m = /^\s*([3-6])/.exec(s);
    if (m) return `${m[1]}e`;
  }
  return '';
}

/** More than this share of the people a source imported, missing from one file, is refused (`too_many_leavers`). */
export const MASS_LEAVE_SHARE = 0.2;
/** ...unless they are this many or fewer: a handful of leavers in a tiny school is never refused. */
export const MASS_LEAVE_FLOOR = 5;

/**
 * The safety rule of leavers: a truncated file, or a file of the wrong population, would otherwise disable a whole
 * school. `absent` people missing from the file out of `imported` ones an earlier file gave; refused (an error of
 * the report: the dry run shows it, a real run writes nothing) unless the importer said so (`allowMassLeave`).
 */
export function checkMassLeave(
  absent: number,
  imported: number,
  allow: boolean,
  who: 'pupils' | 'staff',
  errors: ImportProblem[],
) {
  if (allow || absent <= MASS_LEAVE_FLOOR || absent <= imported * MASS_LEAVE_SHARE) return;
  errors.push(
    problem(
      null,
      'too_many_leavers',
      {
        who,
        count: String(absent),
        total: String(imported),
        percent: String(Math.round((absent / Math.max(imported, 1)) * 100)),
        limit: String(MASS_LEAVE_SHARE * 100),
      },
      `${absent} of the ${imported} ${who} imported before are missing from this file (over ${MASS_LEAVE_SHARE * 100} %): ` +
        'is the file complete? Import with allowMassLeave=true if they really left',
    ),
  );
}
