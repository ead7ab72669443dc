import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert } from '../errors.tsx';
import { useWeek } from './queries.ts';
import { useDateParam } from './use-date-param.ts';
import { WeekView } from './week-view.tsx';

/** A child's week on the child's page (guardians). */
export default function ChildWeek({ pupilId }: { pupilId: string }) {
  const { t } = useTranslation();
  const [date, setDate] = useDateParam();
  const week = useWeek({ kind: 'pupils', id: pupilId }, date);
  return (
    <section className="section" aria-labelledby="child-week-title">
      <h2 id="child-week-title">{t('timetable.navLabel')}</h2>
      {week.isPending ? (
        <Loading />
      ) : week.error ? (
        <ErrorAlert error={week.error} />
      ) : (
        <WeekView
          week={week.data}
          date={date}
          onDate={setDate}
          options={{ showClass: false, linkToSession: true }}
          headingLevel={3}
        />
      )}
    </section>
  );
}
