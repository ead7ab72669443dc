import { useTranslation } from 'react-i18next';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { useDepartmentUsage } from '../features/usage/api.ts';
import { downloadCsv } from '../features/usage/csv.ts';
import { Count, formatRate } from '../features/usage/figures.tsx';
import '../features/usage/usage.css';
import { Button } from 'react-aria-components';
import { formatDate, formatNumber } from '../i18n/index.ts';

/** The département's administrators: every school side by side, those that lag first. */
export default function PilotageDepartementPage() {
  const { t } = useTranslation();
  const q = useDepartmentUsage({});
  return (
    <div className="usage-page">
      <PageTitle>{t('usage.department.title')}</PageTitle>
      <p>{t('usage.department.intro')}</p>
      {q.isPending && <Loading />}
      {q.error && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <p className="muted">
            {t('usage.range.shown', { from: formatDate(q.data.from), to: formatDate(q.data.to) })}{' '}
            {t('usage.department.median', {
              activation: formatRate(q.data.median.activation),
              visits: q.data.median.visitsPerPupil === null ? '—' : formatNumber(q.data.median.visitsPerPupil),
            })}
          </p>
          <Button
            className="button secondary"
            onPress={() =>
              downloadCsv(
                `etablissements-${q.data.from}-${q.data.to}.csv`,
                [
                  'établissement',
                  'commune',
                  'élèves activés',
                  'responsables activés',
                  'visites',
                  'visites par élève',
                  'en retrait',
                ],
                q.data.schools.map((s) => [
                  s.name,
                  s.town,
                  s.pupils.rate,
                  s.guardians.rate,
                  s.visits,
                  s.visitsPerPupil,
                  s.lagging ? 'oui' : 'non',
                ]),
              )
            }
          >
            {t('usage.csv')}
          </Button>
          <table className="table usage-schools">
            <caption className="visually-hidden">{t('usage.department.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('usage.department.school')}</th>
                <th scope="col">{t('usage.activation.pupils')}</th>
                <th scope="col">{t('usage.activation.guardians')}</th>
                <th scope="col">{t('usage.perDay.series')}</th>
                <th scope="col">{t('usage.department.perPupil')}</th>
                <th scope="col">{t('usage.department.status')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.schools.map((s) => (
                <tr key={s.id} className={s.lagging ? 'usage-lagging' : undefined}>
                  <th scope="row">
                    {s.name} <span className="muted">({s.town})</span>
                  </th>
                  <td data-label={t('usage.activation.pupils')}>{formatRate(s.pupils.rate)}</td>
                  <td data-label={t('usage.activation.guardians')}>{formatRate(s.guardians.rate)}</td>
                  <td data-label={t('usage.perDay.series')}>
                    <Count value={s.visits} />
                  </td>
                  <td data-label={t('usage.department.perPupil')}>
                    {s.visitsPerPupil === null ? '—' : formatNumber(s.visitsPerPupil)}
                  </td>
                  <td data-label={t('usage.department.status')}>
                    {s.lagging ? <strong>{t('usage.department.lagging')}</strong> : t('usage.department.ok')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
