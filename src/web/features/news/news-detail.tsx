import { useEffect, useRef } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { useDeleteNews, useMarkRead, useNews } from './api.ts';
import { audienceText } from './audience.ts';
import { NewsTags } from './news-list.tsx';
import { Remind } from './receipts.tsx';

const sizeText = (bytes: number) =>
  bytes < 1024 * 1024
    ? `${formatNumber(Math.ceil(bytes / 1024))} Ko`
    : `${formatNumber(Math.round(bytes / 104857.6) / 10)} Mo`;

/** One news: its text, attachments, « J’ai pris connaissance » when asked; opening it counts as read. */
export function NewsDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const news = useNews(id);
  // Two mutations: the confirm button must not wait for (nor be disabled by) the automatic "opened" mark.
  const mark = useMarkRead();
  const confirm = useMarkRead();
  const remove = useDeleteNews();
  const marked = useRef(false);
  const n = news.data;
  usePageTitle(n?.title ?? t('news.title'));

  useEffect(() => {
    if (n?.addressed && n.status === 'published' && !n.openedAt && !marked.current) {
      marked.current = true;
      mark.mutate({ id: n.id, confirm: false });
    }
  }, [n, mark]);

  if (news.isPending) return <Loading />;
  if (news.error || !n) return <ErrorAlert error={news.error} />;
  return (
    <article className="news-detail">
      <p>
        <Link href="/actualites">{t('news.back')}</Link>
      </p>
      <h1 dir="auto">{n.title}</h1>
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
        {n.expiresOn && <> · {t('news.until', { date: formatDate(n.expiresOn) })}</>}
        {n.editedAt && <> · {t('news.editedAt', { date: formatDateTime(n.editedAt) })}</>}
      </p>
      <p className="hint">
        {t('news.audience')} : {audienceText(t, n.audience)}
      </p>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server against a small allow-list (messaging.sanitize.ts) */}
      <div className="message-body" dir="auto" dangerouslySetInnerHTML={{ __html: n.bodyHtml }} />
      {n.attachments.length > 0 && (
        <section aria-labelledby="news-files">
          <h2 id="news-files">{t('news.attachments')}</h2>
          <ul>
            {n.attachments.map((a) => (
              <li key={a.id}>
                <a href={`/api/news/${n.id}/attachments/${a.id}`} download>
                  <bdi>{a.fileName}</bdi>
                </a>{' '}
                <span className="hint">({sizeText(a.size)})</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {n.addressed && n.ackRequired && n.status === 'published' && (
        <div className={`alert ${n.confirmedAt ? 'alert-success' : 'alert-info'}`} role="status">
          {n.confirmedAt ? (
            <p>{t('news.confirmedAt', { date: formatDateTime(n.confirmedAt) })}</p>
          ) : (
            <>
              <p>{t('news.pleaseConfirm')}</p>
              <Button
                className="button button-primary"
                isDisabled={confirm.isPending}
                onPress={() => confirm.mutate({ id: n.id, confirm: true })}
              >
                {t('news.confirm')}
              </Button>
            </>
          )}
        </div>
      )}
      {(confirm.error ?? mark.error) && <ErrorAlert error={confirm.error ?? mark.error} />}
      {(n.abilities.receipts || n.abilities.delete || n.abilities.edit) && (
        <ul className="today-links">
          {n.abilities.edit && (
            <li>
              <Link href={`/actualites/${n.id}/modifier`}>{t('news.edit.link')}</Link>
            </li>
          )}
          {n.abilities.receipts && n.audience.publics.includes('guardians') && (
            <li>
              <Link href={`/actualites/${n.id}/accuses`}>{t('news.receipts.link')}</Link>
            </li>
          )}
          {n.abilities.delete && (
            <li>
              <Button
                className="link-button"
                onPress={() => {
                  if (window.confirm(t('news.deleteConfirm'))) {
                    remove.mutate(n.id, { onSuccess: () => navigate('/actualites') });
                  }
                }}
              >
                {t('news.delete')}
              </Button>
            </li>
          )}
        </ul>
      )}
      {remove.error && <ErrorAlert error={remove.error} />}
      {/* Families' news are reminded from their receipts page; staff's and pupils' from here. */}
      {n.abilities.receipts && !n.audience.publics.includes('guardians') && (
        <Remind
          families={false}
          news={{
            id: n.id,
            title: n.title,
            ackRequired: n.ackRequired,
            publishAt: n.publishAt,
            status: n.status,
            remindedAt: n.remindedAt,
            nextReminderAt: n.remindedAt ? new Date(Date.parse(n.remindedAt) + 24 * 3600 * 1000).toISOString() : null,
          }}
        />
      )}
    </article>
  );
}
