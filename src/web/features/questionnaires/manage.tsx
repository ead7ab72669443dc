import { lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatDateTime, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import {
  type Questionnaire,
  type Results,
  useDelete,
  useRemind,
  useResults,
  useSchoolQuestionnaires,
  useSetStatus,
} from './api.ts';

// The chart library is loaded with the results only.
const Bars = lazy(() => import('../usage/charts.tsx').then((m) => ({ default: m.CategoryBars })));

function StatusTag({ q }: { q: Questionnaire }) {
  const { t } = useTranslation();
  const label =
    q.status === 'draft'
      ? t('questionnaires.status.draft')
      : q.status === 'closed'
        ? t('questionnaires.status.closed')
        : q.open
          ? t('questionnaires.status.open')
          : t('questionnaires.status.published');
  return <span className="tag">{label}</span>;
}

/**
 * What the direction can do with one questionnaire, from its abilities: edit or delete a draft (deleting asks first),
 * publish it; put back a published one's closing date, remind those who have not answered (once a day: the last
 * reminder and the next possible one are shown), close it; read the results.
 */
function Actions({ q }: { q: Questionnaire }) {
  const { t } = useTranslation();
  const setStatus = useSetStatus();
  const del = useDelete();
  const remind = useRemind();
  const [confirming, setConfirming] = useState(false);
  const error = setStatus.error ?? del.error ?? remind.error;
  return (
    <>
      {q.remindedAt && q.nextReminderAt && (
        <p className="hint">
          {t('questionnaires.manage.lastReminder', {
            at: formatDateTime(q.remindedAt),
            next: formatDateTime(q.nextReminderAt),
          })}
        </p>
      )}
      {remind.data && (
        <p className="alert alert-success" role="status">
          {t('questionnaires.manage.reminded', {
            count: remind.data.reminded,
            formatted: formatNumber(remind.data.reminded),
          })}
        </p>
      )}
      {error && <ErrorAlert error={error} />}
      {confirming ? (
        <div className="actions">
          <p role="alert">{t('questionnaires.manage.confirmDelete', { title: q.title })}</p>
          <Button
            className="button button-danger"
            isDisabled={del.isPending}
            onPress={() => del.mutate(q.id, { onSuccess: () => setConfirming(false) })}
          >
            {t('questionnaires.manage.confirmDeleteYes')}
          </Button>
          <Button className="button" onPress={() => setConfirming(false)}>
            {t('questionnaires.manage.cancel')}
          </Button>
        </div>
      ) : (
        <div className="actions">
          {q.abilities.edit === 'all' && (
            <Link href={`/questionnaires/${q.id}/modifier`} className="button">
              {t('questionnaires.manage.edit')}
            </Link>
          )}
          {q.status === 'draft' && (
            <Button className="button" onPress={() => setStatus.mutate({ id: q.id, to: 'publish' })}>
              {t('questionnaires.manage.publish')}
            </Button>
          )}
          {q.abilities.delete && (
            <Button className="button" onPress={() => setConfirming(true)}>
              {t('questionnaires.manage.delete')}
            </Button>
          )}
          {q.abilities.remind && (
            <Button className="button" isDisabled={remind.isPending} onPress={() => remind.mutate(q.id)}>
              {t('questionnaires.manage.remind')}
            </Button>
          )}
          {q.abilities.edit === 'closesOn' && (
            <Link href={`/questionnaires/${q.id}/modifier`} className="button">
              {t('questionnaires.manage.extend')}
            </Link>
          )}
          {q.status === 'published' && (
            <Button className="button" onPress={() => setStatus.mutate({ id: q.id, to: 'close' })}>
              {t('questionnaires.manage.close')}
            </Button>
          )}
          {q.status !== 'draft' && (
            <Link href={`/questionnaires/${q.id}/resultats`} className="button">
              {t('questionnaires.manage.results')}
            </Link>
          )}
        </div>
      )}
    </>
  );
}

/** The school's questionnaires for the direction: status, dates, answers, and what can be done next. */
export function ManageList({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const list = useSchoolQuestionnaires(schoolId);
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  return (
    <section aria-labelledby="questionnaires-manage-title" className="section">
      <h2 id="questionnaires-manage-title">{t('questionnaires.manage.title')}</h2>
      <p>
        <Link href="/questionnaires/nouveau" className="button">
          {t('questionnaires.manage.create')}
        </Link>
      </p>
      {list.data.items.length === 0 ? (
        <p>{t('questionnaires.manage.none')}</p>
      ) : (
        <ul className="questionnaire-cards">
          {list.data.items.map((q) => (
            <li key={q.id} className="card">
              <h3>
                <bdi>{q.title}</bdi> <StatusTag q={q} />
              </h3>
              <p className="hint">
                {t('questionnaires.manage.dates', { from: formatDate(q.opensOn), to: formatDate(q.closesOn) })} ·{' '}
                {q.anonymous ? t('questionnaires.anonymous') : t('questionnaires.named')} ·{' '}
                {t('questionnaires.manage.respondents', {
                  count: q.respondents ?? 0,
                  formatted: formatNumber(q.respondents ?? 0),
                })}
              </p>
              <Actions q={q} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ResultTable({ r, min }: { r: Results['questions'][number]; min: number }) {
  const { t } = useTranslation();
  const hidden = t('questionnaires.results.hidden', { min });
  return (
    <table className="table">
      <caption className="visually-hidden">{r.label}</caption>
      <thead>
        <tr>
          <th scope="col">{t('questionnaires.results.answer')}</th>
          <th scope="col">{t('questionnaires.results.count')}</th>
        </tr>
      </thead>
      <tbody>
        {r.options.map((o) => (
          <tr key={o.id}>
            <th scope="row">{o.label}</th>
            <td>{o.count === null ? hidden : formatNumber(o.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Results for the direction: a chart and its table per question; hidden counts say so; the CSV. */
export function ResultsView({ id }: { id: string }) {
  const { t } = useTranslation();
  const results = useResults(id);
  if (results.isPending) return <Loading />;
  if (results.error) return <ErrorAlert error={results.error} onRetry={() => results.refetch()} />;
  const d = results.data;
  return (
    <>
      <p>
        {t('questionnaires.manage.respondents', { count: d.respondents, formatted: formatNumber(d.respondents) })} ·{' '}
        {d.questionnaire.anonymous ? t('questionnaires.anonymous') : t('questionnaires.named')}
      </p>
      <p className="hint">{t('questionnaires.results.rule', { min: d.minimumCount })}</p>
      <div className="actions">
        <a href={`/api/questionnaires/${id}/results.csv`} download className="button">
          {t('questionnaires.results.csv')}
        </a>
        <a href={`/api/questionnaires/${id}/results.pdf`} download className="button">
          {t('questionnaires.results.pdf')}
        </a>
      </div>
      {d.questions.map((r) => (
        <section key={r.questionId} className="card section" aria-labelledby={`r-${r.questionId}`}>
          <h2 id={`r-${r.questionId}`}>{r.label}</h2>
          <p className="hint">
            {r.answered === null
              ? t('questionnaires.results.tooFew', { min: d.minimumCount })
              : t('questionnaires.results.answered', { count: r.answered, formatted: formatNumber(r.answered) })}
          </p>
          {r.kind === 'scale' && r.average !== null && (
            <p>{t('questionnaires.results.average', { value: formatNumber(r.average) })}</p>
          )}
          {r.kind !== 'text' && r.answered !== null && r.options.some((o) => o.count !== null) && (
            <Suspense fallback={<Loading />}>
              <Bars data={r.options.map((o) => ({ label: o.label, value: o.count ?? 0 }))} label={r.label} />
            </Suspense>
          )}
          {r.kind !== 'text' && <ResultTable r={r} min={d.minimumCount} />}
          {r.kind === 'text' && r.texts.length > 0 && (
            <ul>
              {r.texts.map((text, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: texts may repeat and have no id
                <li key={i}>
                  <bdi>{text}</bdi>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
