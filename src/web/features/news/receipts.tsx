import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { usePageTitle } from '../../components/page-title.tsx';
import { formatDateTime, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { type ReceiptFamily, type Receipts, useReceipts, useRemind } from './api.ts';

type Guardian = ReceiptFamily['guardians'][number];
type Totals = Receipts['totals'];

function TotalsText({ totals, ack }: { totals: Totals; ack: boolean }) {
  const { t } = useTranslation();
  const f = (n: number) => formatNumber(n);
  return (
    <p>
      {t('news.receipts.totals', { count: totals.families, formatted: f(totals.families) })}{' '}
      {ack && <>{t('news.receipts.totalConfirmed', { count: totals.confirmed, formatted: f(totals.confirmed) })} </>}
      {t('news.receipts.totalOpened', { count: totals.opened, formatted: f(totals.opened) })}{' '}
      {t('news.receipts.totalNone', { count: totals.none, formatted: f(totals.none) })}
    </p>
  );
}

function GuardianStatus({ g }: { g: Guardian }) {
  const { t } = useTranslation();
  const when = g.status === 'confirmed' ? g.confirmedAt : g.status === 'opened' ? g.openedAt : null;
  return (
    <>
      <bdi>
        {g.firstName} {g.lastName}
      </bdi>{' '}
      <span className={`tag${g.status === 'confirmed' ? ' tag-success' : g.status === 'none' ? ' tag-warning' : ''}`}>
        {t(`news.receipts.status.${g.status}`)}
      </span>
      {when && <span className="hint"> {formatDateTime(when)}</span>}
      {g.issues.length > 0 && (
        <span className="hint"> · {g.issues.map((i) => t(`news.receipts.issues.${i}`)).join(', ')}</span>
      )}
    </>
  );
}

/** A table that scrolls sideways on a phone, reachable with the keyboard. */
function Scroll({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard
    <section className="news-table-wrap" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

function Unreached({ id, families }: { id: string; families: ReceiptFamily[] }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="unreached-title" className="section news-unreached">
      <h2 id="unreached-title">{t('news.receipts.unreached', { count: families.length })}</h2>
      <p className="hint">{t('news.receipts.unreachedHint')}</p>
      <ul className="today-links no-print">
        <li>
          <Button className="link-button" onPress={() => window.print()}>
            {t('news.receipts.print')}
          </Button>
        </li>
        <li>
          <a href={`/api/news/${id}/unreached.csv`} download>
            {t('news.receipts.csv')}
          </a>
        </li>
      </ul>
      {families.length === 0 ? (
        <p>{t('news.receipts.noneUnreached')}</p>
      ) : (
        <Scroll label={t('news.receipts.callList')}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('news.receipts.class')}</th>
                <th scope="col">{t('news.receipts.pupil')}</th>
                <th scope="col">{t('news.receipts.guardians')}</th>
                <th scope="col">{t('news.receipts.phone')}</th>
              </tr>
            </thead>
            <tbody>
              {families.map((f) => (
                <tr key={f.pupil.id}>
                  <td>{f.class.label}</td>
                  <th scope="row">
                    <bdi>
                      {f.pupil.lastName} {f.pupil.firstName}
                    </bdi>
                  </th>
                  <td>
                    {f.guardians.length === 0 ? (
                      t('news.receipts.noGuardian')
                    ) : (
                      <ul className="plain-list">
                        {f.guardians.map((g) => (
                          <li key={g.id}>
                            <GuardianStatus g={g} />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <ul className="plain-list">
                      {f.guardians.map((g) => (
                        <li key={g.id} dir="ltr">
                          {g.phone ? <a href={`tel:${g.phone.replace(/\s/g, '')}`}>{g.phone}</a> : '—'}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </section>
  );
}

/** « Relancer »: a new notification to those who have not opened (or confirmed) the news; once a day. */
export function Remind({ news, families = true }: { news: Receipts['news']; families?: boolean }) {
  const { t } = useTranslation();
  const remind = useRemind();
  if (news.status !== 'published') return null;
  const waiting = news.nextReminderAt !== null && news.nextReminderAt > new Date().toISOString();
  return (
    <section aria-labelledby="remind-title" className="section no-print">
      <h2 id="remind-title">{t('news.remind.title')}</h2>
      <p className="hint">
        {t(news.ackRequired ? (families ? 'news.remind.hintAck' : 'news.remind.hintAckPeople') : 'news.remind.hint')}
      </p>
      {news.remindedAt && (
        <p className="hint">
          {t('news.remind.last', { date: formatDateTime(news.remindedAt) })}
          {waiting && news.nextReminderAt && (
            <> {t('news.remind.next', { date: formatDateTime(news.nextReminderAt) })}</>
          )}
        </p>
      )}
      {remind.data && (
        <p className="alert alert-success" role="status">
          {t('news.remind.done', { count: remind.data.reminded, formatted: formatNumber(remind.data.reminded) })}
        </p>
      )}
      {remind.error && <ErrorAlert error={remind.error} />}
      {!waiting && !remind.data && (
        <Button
          className="button"
          isDisabled={remind.isPending}
          onPress={() => {
            if (window.confirm(t('news.remind.confirm'))) remind.mutate(news.id);
          }}
        >
          {t('news.remind.submit')}
        </Button>
      )}
    </section>
  );
}

/** The author's (and direction's) view: per class, who confirmed, who only opened, who did nothing. */
export function ReceiptsView({ id }: { id: string }) {
  const { t } = useTranslation();
  const ids = useId();
  const receipts = useReceipts(id);
  const [classId, setClassId] = useState<string | null>(null);
  const r = receipts.data;
  usePageTitle(r ? t('news.receipts.titleOf', { title: r.news.title }) : t('news.receipts.title'));
  if (receipts.isPending) return <Loading />;
  if (receipts.error || !r) return <ErrorAlert error={receipts.error} />;
  const cls = r.classes.find((c) => c.id === classId) ?? r.classes[0];
  return (
    <div className="news-receipts">
      <p className="no-print">
        <Link href={`/actualites/${id}`}>{t('news.backToNews')}</Link>
      </p>
      <h1>{t('news.receipts.titleOf', { title: r.news.title })}</h1>
      <TotalsText totals={r.totals} ack={r.news.ackRequired} />
      <Remind news={r.news} />
      <Unreached id={id} families={r.unreached} />
      <section aria-labelledby="by-class-title" className="section">
        <h2 id="by-class-title">{t('news.receipts.byClass')}</h2>
        {r.classes.length === 0 || !cls ? (
          <p>{t('news.receipts.noFamilies')}</p>
        ) : (
          <>
            <div className="field no-print">
              <label htmlFor={`${ids}-class`}>{t('news.receipts.class')}</label>
              <select id={`${ids}-class`} value={cls.id} onChange={(e) => setClassId(e.currentTarget.value)}>
                {r.classes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </div>
            <h3>{cls.label}</h3>
            <TotalsText totals={cls.totals} ack={r.news.ackRequired} />
            <Scroll label={t('news.receipts.classTable', { name: cls.label })}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('news.receipts.pupil')}</th>
                    <th scope="col">{t('news.receipts.guardians')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cls.families.map((f) => (
                    <tr key={f.pupil.id}>
                      <th scope="row">
                        <bdi>
                          {f.pupil.lastName} {f.pupil.firstName}
                        </bdi>
                      </th>
                      <td>
                        {f.guardians.length === 0 ? (
                          t('news.receipts.noGuardian')
                        ) : (
                          <ul className="plain-list">
                            {f.guardians.map((g) => (
                              <li key={g.id}>
                                <GuardianStatus g={g} />
                              </li>
                            ))}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          </>
        )}
      </section>
    </div>
  );
}
