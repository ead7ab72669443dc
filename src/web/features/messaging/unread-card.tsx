import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatNumber } from '../../i18n/index.ts';
import { useUnreadMessages } from './api.ts';

/** A home-page card: the number of unread messages and a link to the message box. */
export function UnreadMessagesCard() {
  const { t } = useTranslation();
  const unread = useUnreadMessages();
  const count = unread.data?.count ?? 0;
  return (
    <section className="card" aria-labelledby="unread-messages-title">
      <h2 id="unread-messages-title">{t('messaging.title')}</h2>
      <p>
        {unread.isPending
          ? t('messaging.loading')
          : count === 0
            ? t('messaging.noUnread')
            : t('messaging.unreadCount', { count, formatted: formatNumber(count) })}
      </p>
      <Link href="/messagerie" className="card-link">
        {t('messaging.open')}
      </Link>
    </section>
  );
}
