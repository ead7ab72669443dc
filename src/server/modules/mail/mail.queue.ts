import type { Executor, MailQueueTable, NotificationTable } from '../../db/types.ts';
import { newId } from '../../lib/ids.ts';
import { categoryOf, DEFAULT_MODES, isMailMode, type MailMode } from './mail.categories.ts';
import * as repo from './mail.repo.ts';

const CHUNK = 500;

/**
 * Puts notifications in the mail queue, with the caller's executor (notify() passes its transaction: a notification
 * and its mail are written together or not at all). Only people with an address that does not bounce and an
 * account in use; 'never' writes nothing; 'immediate' is due now (quiet hours are applied when it is sent);
 * 'digest' waits for the daily digest. The audience is the notification's: nobody is added here.
 */
export async function enqueueNotificationMails(db: Executor, rows: readonly NotificationTable[]): Promise<number> {
  let queued = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const ids = [...new Set(chunk.map((r) => r.person_id))];
    const mailable = new Set((await repo.findMailablePeople(db, ids)).map((p) => p.id));
    if (mailable.size === 0) continue;
    const prefs = new Map<string, MailMode>();
    for (const p of await repo.findPreferencesOf(db, [...mailable])) {
      if (isMailMode(p.mode)) prefs.set(`${p.person_id}:${p.category}`, p.mode);
    }
    const out: MailQueueTable[] = [];
    for (const n of chunk) {
      if (!mailable.has(n.person_id)) continue;
      const category = categoryOf(n);
      const mode = prefs.get(`${n.person_id}:${category}`) ?? DEFAULT_MODES[category];
      if (mode === 'never') continue;
      out.push({
        id: newId(),
        person_id: n.person_id,
        kind: 'notification',
        notification_id: n.id,
        category,
        status: mode === 'immediate' ? 'pending' : 'waiting_digest',
        due_at: n.created_at,
        attempts: 0,
        lease_until: null,
        lease_owner: null,
        digest_id: null,
        last_error: null,
        created_at: n.created_at,
        sent_at: null,
      });
    }
    await repo.insertQueueRows(db, out);
    queued += out.length;
  }
  return queued;
}
