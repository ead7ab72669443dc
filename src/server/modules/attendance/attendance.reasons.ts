/** The school's absence reasons (a nomenclature each school edits) and its attendance settings. */
import type { AbsenceReasonTable, Executor } from '../../db/types.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import { type Actor, assertCan, belongsToSchool } from '../../lib/policy.ts';
import { setSchoolSetting } from '../../lib/school-settings.ts';
import { canEditAbsenceReasons, canManageAttendance } from './attendance.policy.ts';
import * as repo from './attendance.repo.ts';
import { ATTENDANCE_SETTINGS, type AttendanceSettings, getAttendanceSettings } from './attendance.service.ts';

// ---------------------------------------------------------------------------------------------- reasons

/** The usual French nomenclature; each school edits its own copy. */
export const DEFAULT_REASONS: ReadonlyArray<{ code: string; label: string; valid: boolean }> = [
  { code: 'maladie', label: 'Maladie', valid: true },
  { code: 'rendez_vous_medical', label: 'Rendez-vous médical', valid: true },
  { code: 'raison_familiale', label: 'Raison familiale', valid: true },
  { code: 'deces', label: "Décès d'un proche", valid: true },
  { code: 'transport', label: 'Problème de transport', valid: true },
  { code: 'convocation_administrative', label: 'Convocation administrative ou judiciaire', valid: true },
  { code: 'fete_religieuse', label: 'Fête religieuse', valid: true },
  { code: 'examen', label: 'Examen, concours', valid: true },
  { code: 'voyage_familial', label: 'Voyage familial hors vacances', valid: false },
  { code: 'panne_reveil', label: 'Panne de réveil', valid: false },
  { code: 'sans_motif', label: 'Sans motif', valid: false },
];

/** The school's reasons, created from the defaults the first time they are needed. */
export async function ensureReasons(db: Executor, schoolId: string): Promise<AbsenceReasonTable[]> {
  const rows = await repo.findReasons(db, schoolId);
  if (rows.length > 0) return rows;
  const now = nowIso();
  await db
    .insertInto('absence_reasons')
    .values(
      DEFAULT_REASONS.map((r, i) => ({
        id: newId(),
        school_id: schoolId,
        code: r.code,
        label: r.label,
        is_valid: r.valid ? 1 : 0,
        position: (i + 1) * 10,
        archived: 0,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['school_id', 'code']).doNothing())
    .execute();
  return repo.findReasons(db, schoolId);
}

export const presentReason = (r: AbsenceReasonTable) => ({
  id: r.id,
  code: r.code,
  label: r.label,
  isValid: r.is_valid === 1,
  archived: r.archived === 1,
});

export async function getUsableReason(db: Executor, schoolId: string, reasonId: string) {
  await ensureReasons(db, schoolId);
  const r = await repo.getReason(db, reasonId);
  if (!r || r.school_id !== schoolId || r.archived === 1) {
    throw new AppError('VALIDATION_FAILED', 'Unknown absence reason', {
      fields: [{ path: 'reasonId', code: 'unknown' }],
    });
  }
  return r;
}

export async function listReasons(db: Executor, actor: Actor, schoolId: string) {
  if (!belongsToSchool(actor, schoolId)) throw new AppError('NOT_FOUND', 'School not found');
  return { items: (await ensureReasons(db, schoolId)).map(presentReason) };
}

export async function createReason(
  db: Executor,
  actor: Actor,
  schoolId: string,
  input: { code: string; label: string; isValid: boolean },
) {
  assertCan(canEditAbsenceReasons(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  const existing = await ensureReasons(db, schoolId);
  if (existing.some((r) => r.code === input.code)) throw new AppError('CONFLICT', 'This code is already used');
  const row: AbsenceReasonTable = {
    id: newId(),
    school_id: schoolId,
    code: input.code,
    label: input.label,
    is_valid: input.isValid ? 1 : 0,
    position: Math.max(0, ...existing.map((r) => r.position)) + 10,
    archived: 0,
    created_at: nowIso(),
  };
  await db.insertInto('absence_reasons').values(row).execute();
  return presentReason(row);
}

export async function updateReason(
  db: Executor,
  actor: Actor,
  id: string,
  patch: { label?: string | undefined; isValid?: boolean | undefined; archived?: boolean | undefined },
) {
  const r = await repo.getReason(db, id);
  if (!r || !belongsToSchool(actor, r.school_id)) throw new AppError('NOT_FOUND', 'Reason not found');
  assertCan(canEditAbsenceReasons(actor, r.school_id));
  const set: Partial<AbsenceReasonTable> = {};
  if (patch.label !== undefined) set.label = patch.label;
  if (patch.isValid !== undefined) set.is_valid = patch.isValid ? 1 : 0;
  if (patch.archived !== undefined) set.archived = patch.archived ? 1 : 0;
  if (Object.keys(set).length > 0) await db.updateTable('absence_reasons').set(set).where('id', '=', id).execute();
  return presentReason({ ...r, ...set });
}

// ---------------------------------------------------------------------------------------------- settings

export async function readSettings(db: Executor, actor: Actor, schoolId: string) {
  assertCan(canManageAttendance(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  return getAttendanceSettings(db, schoolId);
}

export async function writeSettings(db: Executor, actor: Actor, schoolId: string, value: AttendanceSettings) {
  assertCan(canEditAbsenceReasons(actor, schoolId), { hide: !belongsToSchool(actor, schoolId), what: 'School' });
  return setSchoolSetting(db, schoolId, ATTENDANCE_SETTINGS, value, actor.personId);
}
