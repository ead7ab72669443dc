import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useAvailability } from '../features/appointments/api.ts';
import { AvailabilityForm } from '../features/appointments/availability-form.tsx';
import { ErrorAlert } from '../features/errors.tsx';

export default function AvailabilityPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const q = useAvailability(schoolId);
  return (
    <div className="page">
      <PageTitle>{t('appointments.availability.title')}</PageTitle>
      <p>{t('appointments.availability.intro')}</p>
      <ErrorAlert error={q.error} />
      {q.isPending ? <Loading /> : q.data && <AvailabilityForm schoolId={schoolId} initial={q.data} />}
    </div>
  );
}
