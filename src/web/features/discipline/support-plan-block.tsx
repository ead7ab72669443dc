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
 * A pupil's support plans: the accommodations for every reader allowed; the details only for the plan's managers
 * (the server leaves them out for the others). The pupil's file draws SupportPlanList from its own block.
 */
export function SupportPlanBlock({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const q = usePupilPlans(schoolId, pupilId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return <SupportPlanList pupilId={pupilId} plans={q.data.items} />;
}

/**
 * A child's plans for their family (child page): kind, dates and accommodations, as the server gives them to
 * guardians (never the confidential details). Nothing at all when the child has no plan.
 */
export function ChildPlans({ schoolId, pupilId }: { schoolId: string; pupilId: string }) {
  const { t } = useTranslation();
  const q = usePupilPlans(schoolId, pupilId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  if (q.data.items.length === 0) return null;
  return (
    <section className="section" aria-labelledby={`plans-${pupilId}`}>
      <h2 id={`plans-${pupilId}`}>{t('support.block.title')}</h2>
      <p className="hint">{t('support.family.intro')}</p>
      <ul className="discipline-list">
        {q.data.items.map((p) => (
          <li key={p.id}>
            <PlanSummary plan={p} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A pupil's plans as the server gave them (the support route or the pupil's file). */
export function SupportPlanList({ pupilId, plans }: { pupilId: string; plans: readonly Plan[] }) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby={`plans-${pupilId}`}>
      <h2 id={`plans-${pupilId}`}>{t('support.block.title')}</h2>
      {plans.length === 0 ? (
        <p className="hint">{t('support.none')}</p>
      ) : (
        <ul className="discipline-list">
          {plans.map((p) => (
            <li key={p.id}>
              <PlanSummary plan={p} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
