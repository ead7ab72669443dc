import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { formatDate } from '../../i18n/index.ts';
import type { Range, SchoolUsage } from './api.ts';
import { Count, formatRate } from './figures.tsx';

/**
 * « Familles atteintes par la dernière actualité »: the last news to families, how many families opened it and
 * confirmed it out of how many (counted as its receipts count them), as a table; the receipts page one click away.
 */
export function NewsReach({ data }: { data: SchoolUsage['lastNews'] }) {
  const { t } = useTranslation();
  const label = (key: string) => t(`usage.newsReach.${key}`);
  return (
    <section className="usage-figure" aria-labelledby="news-reach-title">
      <h2 id="news-reach-title">{label('title')}</h2>
      {data === null ? (
        <p>{label('none')}</p>
      ) : (
        <>
          <p>
            <Link href={`/actualites/${data.id}`}>
              <bdi>{data.title}</bdi>
            </Link>{' '}
            — {t('usage.newsReach.published', { date: formatDate(data.publishAt) })}
          </p>
          <table className="table">
            <caption className="visually-hidden">{label('caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{label('families')}</th>
                <th scope="col">{label('count')}</th>
                <th scope="col">{t('usage.share')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{label('audience')}</th>
                <td data-label={label('count')}>
                  <Count value={data.families} />
                </td>
                <td data-label={t('usage.share')}>—</td>
              </tr>
              <tr>
                <th scope="row">{label('opened')}</th>
                <td data-label={label('count')}>
                  <Count value={data.opened} />
                </td>
                <td data-label={t('usage.share')}>{formatRate(data.openedRate)}</td>
              </tr>
              <tr>
                <th scope="row">{label('confirmed')}</th>
                {data.ackRequired ? (
                  <>
                    <td data-label={label('count')}>
                      <Count value={data.confirmed} />
                    </td>
                    <td data-label={t('usage.share')}>{formatRate(data.confirmedRate)}</td>
                  </>
                ) : (
                  <td colSpan={2} data-label={label('count')}>
                    {label('notAsked')}
                  </td>
                )}
              </tr>
            </tbody>
          </table>
          <p className="hint">{label('how')}</p>
          {data.canSeeReceipts && (
            <p>
              <Link href={`/actualites/${data.id}/accuses`}>{label('receipts')}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** The questionnaires run in the period: answers out of the audience. */
export function QuestionnaireParticipation({ data }: { data: SchoolUsage['questionnaires'] }) {
  const { t } = useTranslation();
  const label = (key: string) => t(`usage.participation.${key}`);
  return (
    <section className="usage-figure" aria-labelledby="participation-title">
      <h2 id="participation-title">{label('title')}</h2>
      {data.length === 0 ? (
        <p>{label('none')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{label('questionnaire')}</th>
              <th scope="col">{label('dates')}</th>
              <th scope="col">{label('respondents')}</th>
              <th scope="col">{label('audience')}</th>
              <th scope="col">{label('rate')}</th>
            </tr>
          </thead>
          <tbody>
            {data.map((q) => (
              <tr key={q.id}>
                <th scope="row">
                  <bdi>{q.title}</bdi>
                  {q.anonymous ? ` (${label('anonymous')})` : ''}
                </th>
                <td data-label={label('dates')}>
                  {t('usage.participation.from', { from: formatDate(q.opensOn), to: formatDate(q.closesOn) })}
                </td>
                <td data-label={label('respondents')}>
                  <Count value={q.respondents} />
                </td>
                <td data-label={label('audience')}>
                  <Count value={q.audience} />
                </td>
                <td data-label={label('rate')}>{formatRate(q.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** « Autre période »: any first and last day, for the dashboard and its PDF for the conseil d'administration. */
export function PeriodPicker({ range, onChange }: { range: Range; onChange: (r: Range) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [from, setFrom] = useState(range.from ?? '');
  const [to, setTo] = useState(range.to ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (from && to && from <= to) onChange({ from, to });
  };
  return (
    <form className="usage-period" onSubmit={submit} aria-label={t('usage.range.other')}>
      <div className="field">
        <label htmlFor={`${ids}-from`}>{t('usage.range.from')}</label>
        <input
          id={`${ids}-from`}
          type="date"
          required
          value={from}
          max={to || undefined}
          onChange={(e) => setFrom(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-to`}>{t('usage.range.to')}</label>
        <input
          id={`${ids}-to`}
          type="date"
          required
          value={to}
          min={from || undefined}
          onChange={(e) => setTo(e.target.value)}
        />
      </div>
      <Button type="submit" className="button secondary" isDisabled={!from || !to || from > to}>
        {t('usage.range.apply')}
      </Button>
    </form>
  );
}
