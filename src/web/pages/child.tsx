import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { useMe, usePupil } from '../api/queries.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ChildPlans } from '../features/discipline/support-plan-block.tsx';
import { ErrorAlert } from '../features/errors.tsx';

const ChildWeek = lazy(() => import('../features/timetable/child-week.tsx'));

export default function ChildPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const pupil = usePupil(id);
  const me = useMe();
  // Support plans are shown to the child's guardians (the server decides which links open them).
  const isChild = me.data?.children.some((c) => c.id === id) ?? false;
  if (pupil.isPending) return <Loading />;
  if (pupil.error) {
    return (
      <div className="page">
        <PageTitle>{t('child.unavailable')}</PageTitle>
        <ErrorAlert error={pupil.error} />
        <Link href="/">{t('child.back')}</Link>
      </div>
    );
  }
  const p = pupil.data;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/">{t('child.back')}</Link>
      </p>
      <PageTitle>{`${p.firstName} ${p.lastName}`}</PageTitle>
      <div className="card">
        <dl className="facts">
          <div>
            <dt>{t('pupil.school')}</dt>
            <dd>{p.school.name}</dd>
          </div>
          <div>
            <dt>{t('pupil.class')}</dt>
            <dd>{p.class ? `${p.class.label} (${p.class.level})` : t('pupil.noClass')}</dd>
          </div>
          <div>
            <dt>{t('pupil.site')}</dt>
            <dd>{p.site?.name ?? t('common.none')}</dd>
          </div>
        </dl>
      </div>
      {p.guardians.length > 0 && (
        <section aria-labelledby="guardians-title" className="section">
          <h2 id="guardians-title">{t('person.guardians')}</h2>
          <ul>
            {p.guardians.map((g) => (
              <li key={g.id}>
                <bdi>
                  {g.firstName} {g.lastName}
                </bdi>{' '}
                — {t(`responsibility.${g.responsibility}`)}
              </li>
            ))}
          </ul>
        </section>
      )}
      <ul className="plain-list child-links">
        <li>
          <Link href={`/absences/${p.id}`}>{t('attendance.family.title')}</Link>
        </li>
        <li>
          <Link href={`/notes/${p.id}`}>{t('grades.nav')}</Link>
        </li>
        <li>
          <Link href="/bulletins">{t('reportCards.nav')}</Link>
        </li>
      </ul>
      {isChild && <ChildPlans schoolId={p.school.id} pupilId={p.id} />}
      <Suspense fallback={<Loading />}>
        <ChildWeek pupilId={p.id} />
      </Suspense>
    </div>
  );
}
