import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { isToRead, type NewsSummary, useNewsList } from './api.ts';
import { audienceText } from './audience.ts';

/** The tags of a news: pinned, to confirm, confirmed, read, planned, expired. */
export function NewsTags({ n }: { n: NewsSummary }) {
  const { t } = useTranslation();
  return (
    <span className="news-tags">
      {n.pinned && <span className="tag">{t('news.pinned')}</span>}
      {n.status === 'scheduled' && (
        <span className="tag">{t('news.scheduled', { date: formatDateTime(n.publishAt) })}</span>
      )}
      {n.status === 'expired' && <span className="tag">{t('news.expired')}</span>}
      {n.addressed && n.status === 'published' && n.ackRequired && !n.confirmedAt && (
        <span className="tag tag-warning">{t('news.toConfirm')}</span>
      )}
      {n.addressed && n.confirmedAt && <span className="tag tag-success">{t('news.confirmed')}</span>}
      {n.addressed && n.status === 'published' && !n.openedAt && (
        <span className="tag tag-warning">{t('news.new')}</span>
      )}
    </span>
  );
}

function NewsItem({ n }: { n: NewsSummary }) {
  const { t } = useTranslation();
  return (
    <li className={`card news-item${isToRead(n) ? ' news-unread' : ''}`}>
      <h2 className="news-item-title">
        <Link href={`/actualites/${n.id}`}>
          <bdi>{n.title}</bdi>
        </Link>
      </h2>
      <NewsTags n={n} />
      <p className="hint">
        {t('news.publishedOn', { date: formatDate(n.publishAt) })}
        {n.author && (
          <>
            {' · '}
            <bdi>
              {n.author.firstName} {n.author.lastName}
            </bdi>
          </>
        )}
        {!n.addressed && <> · {audienceText(t, n.audience)}</>}
      </p>
      {n.preview && <p dir="auto">{n.preview}</p>}
      {n.abilities.receipts && n.audience.publics.includes('guardians') && (
        <p>
          <Link href={`/actualites/${n.id}/accuses`}>
            {t('news.receipts.link')}
            <span className="visually-hidden"> — {n.title}</span>
          </Link>
        </p>
      )}
    </li>
  );
}

/** Every news the reader may see: pinned on top, then those still to read, newest first. */
export function NewsListView({ canPublish }: { canPublish: boolean }) {
  const { t } = useTranslation();
  const list = useNewsList();
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  const { items, unread } = list.data;
  return (
    <>
      <div className="toolbar">
        <p role="status">
          {unread > 0 ? t('news.toReadCount', { count: unread, formatted: formatNumber(unread) }) : t('news.allRead')}
        </p>
        {canPublish && (
          <Link href="/actualites/publier" className="button button-primary">
            {t('news.publish.title')}
          </Link>
        )}
      </div>
      {items.length === 0 ? (
        <p>{t('news.none')}</p>
      ) : (
        <ul className="plain-list news-list">
          {items.map((n) => (
            <NewsItem key={n.id} n={n} />
          ))}
        </ul>
      )}
    </>
  );
}
