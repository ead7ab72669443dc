import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate, formatNumber } from '../../i18n/index.ts';
import type { FamilyHome } from '../home/types.ts';
import { useNewsToRead } from './api.ts';

/** The family home's news (every child's school and site), those still to read first. */
export function FamilyNews({ home }: { home: FamilyHome }) {
  const { t } = useTranslation();
  if (home.news.length === 0) return null;
  return (
    <section aria-labelledby="family-news-title" className="section">
      <h2 id="family-news-title">{t('news.homeTitle')}</h2>
      <p>
        {home.newsToRead > 0
          ? t('news.toReadCount', { count: home.newsToRead, formatted: formatNumber(home.newsToRead) })
          : t('news.allRead')}
      </p>
      <ul className="plain-list news-list">
        {home.news.map((n) => (
          <li key={n.id} className={`card news-item${n.toRead ? ' news-unread' : ''}`}>
            <h3 className="news-item-title">
              <Link href={`/actualites/${n.id}`}>
                <bdi>{n.title}</bdi>
              </Link>
            </h3>
            <p className="news-tags">
              {n.pinned && <span className="tag">{t('news.pinned')}</span>}
              {n.toRead && (
                <span className="tag tag-warning">{n.ackRequired ? t('news.toConfirm') : t('news.new')}</span>
              )}
            </p>
            <p className="hint">{t('news.publishedOn', { date: formatDate(n.publishAt) })}</p>
          </li>
        ))}
      </ul>
      <p>
        <Link href="/actualites">{t('news.all')}</Link>
      </p>
    </section>
  );
}

/** Staff's home: how many news are still to read, and the way to them. */
export function NewsToReadCard({ canPublish }: { canPublish: boolean }) {
  const { t } = useTranslation();
  const count = useNewsToRead().data?.count;
  return (
    <section className="card" aria-labelledby="news-card-title">
      <h2 id="news-card-title">{t('news.title')}</h2>
      <p>
        {count === undefined
          ? t('news.loading')
          : count === 0
            ? t('news.allRead')
            : t('news.toReadCount', { count, formatted: formatNumber(count) })}
      </p>
      <ul className="today-links">
        <li>
          <Link href="/actualites">{t('news.open')}</Link>
        </li>
        {canPublish && (
          <li>
            <Link href="/actualites/publier">{t('news.publish.title')}</Link>
          </li>
        )}
      </ul>
    </section>
  );
}
