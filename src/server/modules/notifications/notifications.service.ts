import type { Executor, NotificationTable } from '../../db/types.ts';
import { AppError } from '../../lib/errors.ts';
import { newId, nowIso } from '../../lib/ids.ts';
import type { Actor } from '../../lib/policy.ts';
import { enqueueNotificationMails } from '../mail/mail.queue.ts';
import * as repo from './notifications.repo.ts';
import type { Notification, NotificationListQuery } from './notifications.schema.ts';

/** Known kinds; a domain adds its own here so that the web app can pick an icon per kind. */
export const NOTIFICATION_KINDS = [
  'timetable.change',
  'absence.unexplained',
  'report_card.published',
  'account.activation',
  'homework.published',
  'attendance.reminder',
  'absence.decision',
  'message.reported',
  'news.published',
  'message.received',
  'discipline.punishment',
  'discipline.procedure',
  'discipline.sanction',
  'appointment',
  'reception.early_departure',
  'booking.pending',
  'booking.decision',
  'evening.open',
  'evening.schedule',
  'evening.changed',
  'evening.cancelled',
  'evening.teacher',
  'handin.returned',
  'handin.submitted',
  'questionnaire.reminder',
  'questionnaire.published',
  'account.security',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * A message as a key of the web app's `notify` catalogue (`timetable.cancel`) and its parameters: names, subjects,
 * user text as they are; dates as ISO strings (`date`, `*Date`: YYYY-MM-DD; `at`: an instant), which the reader's
 * app formats in the reader's language.
 */
export interface NotifyMessage {
  key: string;
  params: Record<string, string | number>;
}

export interface NotifyInput {
  personIds: readonly string[];
  schoolId: string | null;
  kind: NotificationKind;
  /** In French, the school's language: shown where the message's key is unknown (and by rows older than keys). */
  title: string;
  body: string;
  /** What readers see, in their language. */
  message?: NotifyMessage;
  /** A path in the web app ('/absences/...'), never a full URL. */
  link?: string | null;
}

// Rows per INSERT: 9 columns each stays far below SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

/**
 * Notifies people: one row per person, all inserted in one transaction (or in the caller's transaction
 * when `db` is one, so that a notification is written with the change it announces, or not at all), with the
 * mails the people asked for queued in that same transaction.
 */
export async function notify(db: Executor, input: NotifyInput): Promise<number> {
  const link = input.link ?? null;
  if (link !== null && !/^\/(?![/\\])[^\s]*$/.test(link)) {
    throw new AppError('VALIDATION_FAILED', 'A notification link is a path in the web app', { link });
  }
  if (!input.title.trim()) throw new AppError('VALIDATION_FAILED', 'A notification needs a title');
  const createdAt = nowIso();
  const rows: NotificationTable[] = [...new Set(input.personIds)].map((personId) => ({
    id: newId(),
    person_id: personId,
    school_id: input.schoolId,
    kind: input.kind,
    title: input.title.slice(0, 200),
    body: input.body.slice(0, 2000),
    link,
    message_key: input.message?.key ?? null,
    message_params: input.message ? JSON.stringify(input.message.params) : null,
    created_at: createdAt,
    read_at: null,
  }));
  if (rows.length === 0) return 0;
  const write = async (trx: Executor) => {
    for (let i = 0; i < rows.length; i += CHUNK) await repo.insertNotifications(trx, rows.slice(i, i + CHUNK));
    // Their mails, in the same transaction (docs/mail.md).
    await enqueueNotificationMails(trx, rows);
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
  return rows.length;
}

/**
 * A running summary rather than one notification per event: each person keeps at most one unread notification of
 * this kind for this link, updated in place (text, parameters, and time, so it comes back to the top) while it is
 * unread; once read, the next event starts a new one. Its mail, if any, is rendered from the row when it leaves,
 * so a digest carries the latest figures. Write it in the transaction of the change it announces.
 */
export async function notifySummary(db: Executor, input: NotifyInput & { link: string }): Promise<void> {
  const fresh: string[] = [];
  for (const personId of new Set(input.personIds)) {
    const current = await repo.findUnreadSummary(db, personId, input.kind, input.link);
    if (!current) {
      fresh.push(personId);
      continue;
    }
    await repo.updateSummary(db, current.id, {
      title: input.title.slice(0, 200),
      body: input.body.slice(0, 2000),
      message_key: input.message?.key ?? null,
      message_params: input.message ? JSON.stringify(input.message.params) : null,
      created_at: nowIso(),
    });
  }
  if (fresh.length > 0) await notify(db, { ...input, personIds: fresh });
}

function parseParams(json: string | null): Record<string, string | number> | null {
  if (json === null) return null;
  try {
    const v: unknown = JSON.parse(json);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    return Object.fromEntries(
      Object.entries(v).filter((e): e is [string, string | number] => ['string', 'number'].includes(typeof e[1])),
    );
  } catch {
    return null;
  }
}

/** Links written before the web app had these pages, pointed at the pages that show the same thing. */
function currentLink(link: string | null): string | null {
  if (link === null) return null;
  if (link.startsWith('/homework')) return '/travail-a-faire';
  if (link.startsWith('/timetable')) return link.replace('/timetable', '/emploi-du-temps');
  const rollCall = /^\/attendance\/sessions\/(.+)$/.exec(link);
  if (rollCall) return `/appel/${rollCall[1]}`;
  return link;
}

export function presentNotification(n: NotificationTable): Notification {
  const params = parseParams(n.message_params);
  return {
    id: n.id,
    kind: n.kind,
    schoolId: n.school_id,
    title: n.title,
    body: n.body,
    message: n.message_key && params ? { key: n.message_key, params } : null,
    link: currentLink(n.link),
    createdAt: n.created_at,
    readAt: n.read_at,
  };
}

const encodeCursor = (n: { created_at: string; id: string }) =>
  Buffer.from(JSON.stringify([n.created_at, n.id])).toString('base64url');

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return { createdAt: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'Invalid cursor', { fields: [{ path: 'cursor', code: 'invalid' }] });
}

/** The actor's own notifications, newest first. */
export async function listOwn(db: Executor, actor: Actor, query: NotificationListQuery) {
  const rows = await repo.findNotificationsOfPerson(db, {
    personId: actor.personId,
    unreadOnly: query.unreadOnly === 'true' || query.unreadOnly === '1',
    ...(query.cursor ? { before: decodeCursor(query.cursor) } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentNotification),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

export async function countOwnUnread(db: Executor, actor: Actor) {
  return { count: await repo.countUnread(db, actor.personId) };
}

/** Marks one of the actor's notifications read; someone else's is NOT_FOUND. Idempotent. */
export async function markOwnRead(db: Executor, actor: Actor, id: string) {
  const found = await repo.findOwnNotification(db, actor.personId, id);
  if (!found) throw new AppError('NOT_FOUND', 'Notification not found');
  if (found.read_at === null) {
    const readAt = nowIso();
    await repo.markRead(db, actor.personId, id, readAt);
    return presentNotification({ ...found, read_at: readAt });
  }
  return presentNotification(found);
}

export async function markAllOwnRead(db: Executor, actor: Actor) {
  return { updated: await repo.markAllRead(db, actor.personId, nowIso()) };
}
