import type { z } from 'zod';
import type { Executor } from '../db/types.ts';
import { nowIso } from './ids.ts';

/**
 * Per-school settings, one JSON value per (school, name). A module declares its setting once, with a Zod
 * schema and a default, and reads it with `getSchoolSetting`: a missing or no longer valid value gives the
 * default, so that a setting can evolve without a data migration.
 */
export interface SchoolSettingDef<T> {
  name: string;
  schema: z.ZodType<T>;
  defaults: T;
}

export async function getSchoolSetting<T>(db: Executor, schoolId: string, def: SchoolSettingDef<T>): Promise<T> {
  const row = await db
    .selectFrom('school_settings')
    .select('value')
    .where('school_id', '=', schoolId)
    .where('name', '=', def.name)
    .executeTakeFirst();
  if (!row) return def.defaults;
  try {
    const parsed = def.schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : def.defaults;
  } catch {
    return def.defaults;
  }
}

/** Writes a setting (validated by its schema first); returns the stored value. */
export async function setSchoolSetting<T>(
  db: Executor,
  schoolId: string,
  def: SchoolSettingDef<T>,
  value: T,
  updatedBy: string | null,
): Promise<T> {
  const stored = def.schema.parse(value);
  const row = { value: JSON.stringify(stored), updated_by: updatedBy, updated_at: nowIso() };
  await db
    .insertInto('school_settings')
    .values({ school_id: schoolId, name: def.name, ...row })
    .onConflict((oc) => oc.columns(['school_id', 'name']).doUpdateSet(row))
    .execute();
  return stored;
}
