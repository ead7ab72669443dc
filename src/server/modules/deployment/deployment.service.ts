import type { Db } from '../../db/types.ts';
import { todayInParis } from '../../lib/dates.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { loginBase, pickLogin } from '../admin/admin.service.ts';
import { newActivationCode } from '../directory/directory.service.ts';
import * as repo from './deployment.repo.ts';

/**
 * Setting up a new deployment from the server's shell (`npm run setup`): whoever runs it can already read the
 * database, so the command needs no password. Nothing here is reachable over HTTP.
 */

/** A first administrator's code is short-lived: it is printed on the console of whoever installs Préau. */
const ADMIN_CODE_VALID_MS = 24 * 3_600_000;

export async function hasDeploymentAdmin(db: Db): Promise<boolean> {
  return (await repo.findDeploymentAdmins(db)).length > 0;
}

/**
 * Creates a deployment administrator without a password: they choose it on the activation page with the
 * one-time code returned here (valid 24 hours, stored only as its hash).
 */
export async function createDeploymentAdmin(
  db: Db,
  input: { firstName: string; lastName: string; email?: string | undefined },
): Promise<{ personId: string; login: string; code: string; expiresAt: string }> {
  const firstName = input.firstName.trim();
  const lastName = input.lastName.trim();
  if (!firstName || !lastName) throw new AppError('VALIDATION_FAILED', 'A first name and a last name are needed');
  const base = loginBase(firstName, lastName);
  const fresh = newActivationCode();
  const expiresAt = new Date(Date.now() + ADMIN_CODE_VALID_MS).toISOString();
  const id = newId();
  const login = await db.transaction().execute(async (trx) => {
    const login = pickLogin(base, await repo.findLoginsStartingWith(trx, base));
    await repo.insertPerson(trx, {
      id,
      login,
      first_name: firstName,
      last_name: lastName,
      birth_date: null,
      email: input.email?.trim() || null,
      phone: null,
      postal_address: null,
      password_hash: null,
      activation_code_hash: fresh.codeHash,
      activation_expires_at: expiresAt,
      locale: 'fr',
      is_deployment_admin: 1,
      disabled_at: null,
      external_id: null,
      created_at: nowIso(),
    });
    return login;
  });
  return { personId: id, login, code: fresh.code, expiresAt };
}

/** The school year in progress on `today` (1 September to 31 August). */
export function currentSchoolYear(today: string) {
  const y = Number(today.slice(0, 4));
  const start = today.slice(5) >= '09-01' ? y : y - 1;
  return { label: `${start}-${start + 1}`, starts_on: `${start}-09-01`, ends_on: `${start + 1}-08-31` };
}

export interface SchoolInput {
  uai: string;
  name: string;
  town: string;
  academie: string;
  holidayZone: 'A' | 'B' | 'C';
  /** Login of the person who administers the school's directory (gets a staff profile with `school_admin`). */
  adminLogin: string;
}

/** Creates a school with its current school year and a main site, administered by `adminLogin`. */
export async function createSchool(db: Db, input: SchoolInput): Promise<{ schoolId: string }> {
  const uai = input.uai.trim().toUpperCase();
  if (!/^\d{7}[A-Z]$/.test(uai)) throw new AppError('VALIDATION_FAILED', 'A UAI is 7 digits and a letter (0930001A)');
  const name = input.name.trim();
  const town = input.town.trim();
  if (!name || !town) throw new AppError('VALIDATION_FAILED', 'A name and a town are needed');
  const schoolId = newId();
  await db.transaction().execute(async (trx) => {
    if (await repo.findSchoolByUai(trx, uai)) throw new AppError('CONFLICT', `A school with UAI ${uai} exists already`);
    const admin = await repo.findPersonByLogin(trx, input.adminLogin.trim().toLowerCase());
    if (!admin) throw new AppError('NOT_FOUND', `No account with the login ${input.adminLogin}`);
    await repo.insertSchool(
      trx,
      {
        id: schoolId,
        uai,
        name,
        town,
        academie: input.academie.trim(),
        holiday_zone: input.holidayZone,
        created_at: nowIso(),
      },
      { id: newId(), ...currentSchoolYear(todayInParis()) },
      { id: newId(), name: 'Site principal', address: town },
    );
    await repo.insertSchoolAdmin(trx, { profileId: newId(), functionId: newId(), personId: admin.id, schoolId });
  });
  return { schoolId };
}
