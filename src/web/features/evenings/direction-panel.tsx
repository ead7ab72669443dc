import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ErrorAlert } from '../errors.tsx';
import { type EveningDetail, useRunScheduler, useSetRequestsOpen } from './queries.ts';

/** Direction follows an evening: its state and request window, the counts, closing the choices, the scheduler. */
export function DirectionPanel({ evening: e }: { evening: EveningDetail }) {
  const { t } = useTranslation();
  const run = useRunScheduler(e.id);
  const setOpen = useSetRequestsOpen(e.id);
  const d = e.direction!;
  return (
    <section aria-labelledby="direction-title" className="section">
      <h2 id="direction-title">{t('evenings.tracking')}</h2>
      <dl className="evening-state">
        <dt>{t('evenings.state')}</dt>
        <dd>{t(`evenings.status.${e.status}`)}</dd>
        <dt>{t('evenings.window')}</dt>
        <dd>
          {e.requestsFrom || e.requestsUntil
            ? t('evenings.windowRange', { from: e.requestsFrom ?? '…', until: e.requestsUntil ?? '…' })
            : t('evenings.windowNone')}
        </dd>
        <dt>{t('evenings.slotLength')}</dt>
        <dd>{t('evenings.form.minutes', { n: e.slotMinutes })}</dd>
      </dl>
      <p>{t('evenings.counts', { families: d.families, requests: d.requests })}</p>
      {d.stats && (
        <p role="status">
          {t('evenings.result', {
            met: d.stats.met,
            requested: d.stats.requested,
            priorityMet: d.stats.priorityMet,
            priorityRequested: d.stats.priorityRequested,
          })}
        </p>
      )}
      <div className="evening-actions no-print">
        {e.status === 'open' && (
          <button type="button" className="button" onClick={() => setOpen.mutate(false)} disabled={setOpen.isPending}>
            {t('evenings.close')}
          </button>
        )}
        {e.status === 'closed' && (
          <button type="button" className="button" onClick={() => setOpen.mutate(true)} disabled={setOpen.isPending}>
            {t('evenings.reopen')}
          </button>
        )}
        <button type="button" className="button" onClick={() => run.mutate()} disabled={run.isPending}>
          {e.status === 'scheduled' ? t('evenings.runAgain') : t('evenings.run')}
        </button>
        <Link href={`/reunions/${e.id}/listes`}>{t('evenings.lists.title')}</Link>
      </div>
      {run.error && <ErrorAlert error={run.error} />}
      {setOpen.error && <ErrorAlert error={setOpen.error} />}
      <table className="table evening-teachers">
        <caption>{t('evenings.teachersTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evenings.lists.teacher')}</th>
            <th scope="col">{t('evenings.lists.place')}</th>
            <th scope="col">{t('evenings.requestsCount')}</th>
          </tr>
        </thead>
        <tbody>
          {d.teachers.map((x) => (
            <tr key={x.teacher.id}>
              <th scope="row">
                <bdi>
                  {x.teacher.firstName} {x.teacher.lastName}
                </bdi>
              </th>
              <td data-label={t('evenings.lists.place')}>
                {x.site.name}
                {x.room ? `, ${x.room}` : ''}
              </td>
              <td data-label={t('evenings.requestsCount')}>{x.requests}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
