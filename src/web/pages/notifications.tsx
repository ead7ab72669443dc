import { useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from '../api/queries.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { renderNotification } from '../features/notifications/render.ts';
import { formatDateTime } from '../i18n/index.ts';

export default function NotificationsPage() {
  const { t } = useTranslation();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useNotifications(unreadOnly);
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  // Nothing to mark: the button stays, disabled, so the page does not jump.
  const unread = useUnreadCount();
  const nothingUnread = unread.data?.count === 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="page">
      <PageTitle>{t('notifications.title')}</PageTitle>
      <div className="toolbar">
        <Checkbox className="checkbox" isSelected={unreadOnly} onChange={setUnreadOnly}>
          <span className="checkbox-box" aria-hidden="true" />
          {t('notifications.unreadOnly')}
        </Checkbox>
        <Button className="button" isDisabled={markAll.isPending || nothingUnread} onPress={() => markAll.mutate()}>
          {t('notifications.readAll')}
        </Button>
      </div>
      <ErrorAlert error={list.error ?? markRead.error ?? markAll.error} />
      {list.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{unreadOnly ? t('notifications.noneUnread') : t('notifications.none')}</p>
      ) : (
        <ul className="notification-list">
          {items.map((n) => {
            const { title, body } = renderNotification(t, n);
            return (
              <li key={n.id} className={n.readAt ? 'notification' : 'notification unread'}>
                <h2 className="notification-title">
                  {!n.readAt && <span className="visually-hidden">{t('notifications.unread')} </span>}
                  {n.link ? (
                    <Link href={n.link} dir="auto">
                      {title}
                    </Link>
                  ) : (
                    <bdi>{title}</bdi>
                  )}
                </h2>
                <p className="muted">
                  <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                </p>
                {body && <p dir="auto">{body}</p>}
                {!n.readAt && (
                  <Button className="link-button" onPress={() => markRead.mutate(n.id)}>
                    {t('notifications.markRead')}
                    <span className="visually-hidden">
                      {' '}
                      : <bdi>{title}</bdi>
                    </span>
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {list.hasNextPage && (
        <Button className="button" isDisabled={list.isFetchingNextPage} onPress={() => void list.fetchNextPage()}>
          {t('notifications.more')}
        </Button>
      )}
    </div>
  );
}
