import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { IcalSection } from '../features/timetable/ical-section.tsx';
import { useWeek, type WeekOwner } from '../features/timetable/queries.ts';
import { useDateParam } from '../features/timetable/use-date-param.ts';
import { WeekView } from '../features/timetable/week-view.tsx';

/** "Mon emploi du temps": a pupil's own week, or a teacher's. */
export default function TimetablePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [date, setDate] = useDateParam();
  const isPupil = hasAbility(me, 'self.view');
  const isTeacher = hasAbility(me, 'classes.view');
  const owner: WeekOwner | null = isPupil
    ? { kind: 'pupils', id: me.person.id }
    : isTeacher
      ? { kind: 'teachers', id: me.person.id }
      : null;
  const week = useWeek(owner, date);
  return (
    <div className="page">
      <PageTitle>{t('timetable.myTitle')}</PageTitle>
      {isPupil && (
        <p>
          <Link href="/travail-a-faire">{t('cahier.toDoLink')}</Link>
        </p>
      )}
      {week.isPending ? (
        <Loading />
      ) : week.error ? (
        <ErrorAlert error={week.error} />
      ) : (
        <WeekView
          week={week.data}
          date={date}
          onDate={setDate}
          options={{ showClass: !isPupil, linkToSession: isTeacher || isPupil }}
        />
      )}
      <IcalSection />
    </div>
  );
}
