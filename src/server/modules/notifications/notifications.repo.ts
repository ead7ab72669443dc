import type { Executor, NotificationTable } from '../../db/types.ts';

export async function insertNotifications(db: Executor, rows: NotificationTable[]) {
  if (rows.length === 0) return;
  await db.insertInto('notifications').values(rows).execute();
}

/** A person's notifications, newest first, strictly older than `before` (created_at, id) when given. */
export function findNotificationsOfPerson(
  db: Executor,
  opts: { personId: string; unreadOnly: boolean; before?: { createdAt: string; id: string }; limit: number },
) {
  let q = db.selectFrom('notifications').selectAll().where('person_id', '=', opts.personId);
  if (opts.unreadOnly) q = q.where('read_at', 'is', null);
  const before = opts.before;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', before.createdAt),
        eb.and([eb('created_at', '=', before.createdAt), eb('id', '<', before.id)]),
      ]),
    );
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

export async function countUnread(db: Executor, personId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export function findOwnNotification(db: Executor, personId: string, id: string) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

export async function markRead(db: Executor, personId: string, id: string, readAt: string) {
  await db
    .updateTable('notifications')
    .set({ read_at: readAt })
    .where('id', '=', id)
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .execute();
}

export async function markAllRead(db: Executor, personId: string, readAt: string): Promise<number> {
  const r = await db
    .updateTable('notifications')
    .set({ read_at: readAt })
    .where('person_id', '=', personId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A person's unread notification of one kind about one page (the summary that `notifySummary` keeps up to date). */
export function findUnreadSummary(db: Executor, personId: string, kind: string, link: string) {
  return db
    .selectFrom('notifications')
    .selectAll()
    .where('person_id', '=', personId)
    .where('kind', '=', kind)
    .where('link', '=', link)
    .where('read_at', 'is', null)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export async function updateSummary(
  db: Executor,
  id: string,
  patch: Pick<NotificationTable, 'title' | 'body' | 'message_key' | 'message_params' | 'created_at'>,
) {
  await db.updateTable('notifications').set(patch).where('id', '=', id).where('read_at', 'is', null).execute();
}
