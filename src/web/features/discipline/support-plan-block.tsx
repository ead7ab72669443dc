import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { formatDate } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { usePupilPlans } from './queries.ts';
import type { Plan } from './types.ts';
import './discipline.css';

export function PlanSummary({ plan, withPupil = false }: { plan: Plan; withPupil?: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <h3>
        {withPupil && (
          <>
            <bdi>
              {plan.pupil.lastName} {plan.pupil.firstName}
            </bdi>
            {plan.pupil.className ? ` (${plan.pupil.className})` : ''} —{' '}
          </>
        )}
        {t(`support.kinds.${plan.kind}`)}
      </h3>
      <p className="discipline-meta">
        {plan.endsOn
          ? t('support.period', { from: formatDate(plan.startsOn), to: formatDate(plan.endsOn) })
          : t('support.since', { from: formatDate(plan.startsOn) })}
      </p>
      <p>
        <strong>{t('support.accommodationsTitle')}</strong>{' '}
        {[...plan.accommodations.map((a) => t(`support.accommodations.${a}`)), plan.otherAccommodation]
          .filter(Boolean)
          .join(', ')}
      </p>
      {plan.details !== null && plan.details !== '' && (
        <p>
          <strong>{t('support.details')}</strong> {plan.details}
        </p>
      )}
    </>
  );
}

/**
 * A pupil's support plans for the pupil's file: the accommodations for every reader allowed; the details only for
 * the plan's managers (the server leaves them out for the others).
 */
export function SupportPlanBlock({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const { t } = useTranslation();
  const q = usePupilPlans(schoolId, pupilId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return (
    <section aria-labelledby={`plans-${pupilId}`}>
      <h2 id={`plans-${pupilId}`}>{t('support.block.title')}</h2>
      {q.data.items.length === 0 ? (
        <p className="hint">{t('support.none')}</p>
      ) : (
        <ul className="discipline-list">
          {q.data.items.map((p) => (
            <li key={p.id}>
              <PlanSummary plan={p} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
