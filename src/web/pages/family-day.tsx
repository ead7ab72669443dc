import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { ChildSwitcher } from '../features/home/child-switcher.tsx';
import '../features/home/family-home.css';
import { addDays, formatDay, weekdayOf } from '../features/timetable/dates.ts';
import { useFamilyDay } from '../features/timetable/queries.ts';
import { useDateParam } from '../features/timetable/use-date-param.ts';
import { DayList } from '../features/timetable/week-view.tsx';
import { currentLocale } from '../i18n/index.ts';

/** "La journée de la famille": every child's lessons of one day, side by side. */
export default function FamilyDayPage() {
  const { t } = useTranslation();
  const [date, setDate] = useDateParam();
  const day = useFamilyDay(date);
  // On a phone the children's days are stacked: one child at a time is a tap away (kept when the day changes).
  const [only, setOnly] = useState<string | null>(null);
  const step = (dir: 1 | -1) => {
    const next = addDays(date, dir);
    setDate(weekdayOf(next) === 7 ? addDays(next, dir) : next);
  };
  return (
    <div className="page">
      <PageTitle>{t('timetable.family.title')}</PageTitle>
      <div className="day-nav">
        <Button className="button" onPress={() => step(-1)}>
          <span aria-hidden="true">‹ </span>
          {t('timetable.previousDay')}
        </Button>
        <Button className="button" onPress={() => step(1)}>
          {t('timetable.nextDay')}
          <span aria-hidden="true"> ›</span>
        </Button>
      </div>
      <p className="day-title" aria-live="polite">
        <strong>{formatDay(date, currentLocale())}</strong>
      </p>
      {day.isPending ? (
        <Loading />
      ) : day.error ? (
        <ErrorAlert error={day.error} />
      ) : day.data.children.length === 0 ? (
        <p>{t('timetable.family.none')}</p>
      ) : (
        <>
          <ChildSwitcher
            items={day.data.children.map((c) => ({ id: c.pupil.id, name: `${c.pupil.firstName} ${c.pupil.lastName}` }))}
            current={only}
            onChange={setOnly}
          />
          <div className="family-day">
            {day.data.children
              .filter((c) => only === null || c.pupil.id === only)
              .map((c) => (
                <section key={c.pupil.id} className="card" aria-labelledby={`child-${c.pupil.id}`}>
                  <h2 id={`child-${c.pupil.id}`}>
                    <bdi>
                      {c.pupil.firstName} {c.pupil.lastName}
                    </bdi>
                    {c.class && <span className="tag">{c.class.label}</span>}
                  </h2>
                  <DayList
                    sessions={c.sessions}
                    dayOff={c.dayOff}
                    options={{ showClass: false, linkToSession: true }}
                  />
                  <p>
                    <Link href={`/enfants/${c.pupil.id}?date=${date}`}>
                      {t('timetable.family.childWeek')}
                      <span className="visually-hidden">
                        {' '}
                        {c.pupil.firstName} {c.pupil.lastName}
                      </span>
                    </Link>
                  </p>
                </section>
              ))}
          </div>
        </>
      )}
    </div>
  );
}
