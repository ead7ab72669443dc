import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { usePupilRecord } from '../features/attendance/queries.ts';
import { DispenseForm, PhonedAbsenceForm } from '../features/attendance/staff-entry.tsx';
import { ErrorAlert } from '../features/errors.tsx';

/** Vie scolaire, for one pupil: an absence phoned in by the family, a dispense. */
export default function AttendanceEntryPage({ me, pupilId }: { me: Me; pupilId: string }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const record = usePupilRecord(pupilId);
  const id = encodeURIComponent(pupilId);
  if (record.isPending) return <Loading />;
  if (record.error) {
    return (
      <div className="page">
        <p className="breadcrumb">
          <Link href="/vie-scolaire">{t('staffDay.tools.title')}</Link>
        </p>
        <PageTitle>{t('staffDay.entry.title')}</PageTitle>
        <ErrorAlert error={record.error} />
      </div>
    );
  }
  const name = `${record.data.pupil.firstName} ${record.data.pupil.lastName}`;
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={`/annuaire/${id}`}>{t('staffDay.entry.backToRecord', { name })}</Link>
      </p>
      <PageTitle>{t('staffDay.entry.titleOf', { name })}</PageTitle>
      <p>
        <Link href={`/absences/${id}`}>{t('staffDay.person.absences')}</Link>
      </p>
      <PhonedAbsenceForm schoolId={schoolId} pupilId={pupilId} name={name} />
      <DispenseForm pupilId={pupilId} name={name} />
    </div>
  );
}
