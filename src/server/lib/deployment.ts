import { randomUUID } from 'node:crypto';
import type { Executor } from '../db/types.ts';
import { nowIso } from './ids.ts';

const cache = new WeakMap<object, string>();

/**
 * The deployment's stable id, created once (by its migration; here too if the row is ever missing) and never
 * derived from a host name or a request: what iCalendar UIDs are built from.
 */
export async function deploymentId(db: Executor): Promise<string> {
  const known = cache.get(db);
  if (known) return known;
  const read = () =>
    db.selectFrom('deployment_settings').select('value').where('name', '=', 'deployment_id').executeTakeFirst();
  let row = await read();
  if (!row) {
    await db
      .insertInto('deployment_settings')
      .values({ name: 'deployment_id', value: randomUUID(), created_at: nowIso() })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    row = await read();
  }
  const id = row!.value;
  cache.set(db, id);
  return id;
}
