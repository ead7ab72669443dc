import i18next, { type TFunction } from 'i18next';
import type { NotificationItem as Notification } from '../../api/types.ts';
import { currentLocale, formatDateTime } from '../../i18n/index.ts';
import { formatDay, isIsoDate } from '../timetable/dates.ts';

/**
 * A notification in the reader's language: its message key in the `notify` catalogue with its parameters (dates
 * formatted here: `date`, `*Date` as days, `at` as an instant), and the school's reason or the vie scolaire's
 * comment after it. A notification without a key (written before keys), or with a key this app does not know,
 * shows the French text it was stored with.
 */
export function renderNotification(t: TFunction, n: Notification): { title: string; body: string } {
  const m = n.message;
  if (!m || !i18next.exists(`notify.${m.key}.title`)) return { title: n.title, body: n.body };
  const locale = currentLocale();
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(m.params) as Array<[string, string | number]>) {
    if (typeof v === 'string' && (k === 'date' || k.endsWith('Date')) && isIsoDate(v)) params[k] = formatDay(v, locale);
    else if (typeof v === 'string' && k === 'at') params[k] = formatDateTime(v);
    else params[k] = v;
  }
  const title = t(`notify.${m.key}.title`, { ...params, context: params.child ? 'child' : undefined });
  const parts = [t(`notify.${m.key}.body`, { ...params, context: params.at ? 'later' : undefined })];
  if (params.reason) parts.push(t('notify.reason', { reason: params.reason }));
  if (params.comment) parts.push(t('notify.comment', { comment: params.comment }));
  return { title, body: parts.join(' ') };
}
