import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useReceptionDay } from '../features/appointments/api.ts';
import { ReceptionDesk } from '../features/appointments/reception-desk.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { todayIso } from '../features/timetable/dates.ts';

/** L'accueil: today's appointments per site, arrivals, the visitor log, pupils collected early. */
export default function ReceptionPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const ids = useId();
  const schoolId = currentSchool(me)?.id ?? '';
  const [siteId, setSiteId] = useState<string | undefined>(undefined);
  const [date, setDate] = useState(todayIso());
  const day = useReceptionDay(schoolId, siteId, date);
  return (
    <div className="page">
      <PageTitle>{t('appointments.desk.title')}</PageTitle>
      <div className="toolbar">
        {day.data && day.data.sites.length > 1 && (
          <div className="field">
            <label htmlFor={`${ids}-site`}>{t('appointments.availability.site')}</label>
            <select
              id={`${ids}-site`}
              className="native-select"
              value={day.data.siteId}
              onChange={(e) => setSiteId(e.currentTarget.value)}
            >
              {day.data.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${ids}-date`}>{t('appointments.desk.date')}</label>
          <input
            id={`${ids}-date`}
            type="date"
            className="input"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value || todayIso())}
          />
        </div>
      </div>
      <ErrorAlert error={day.error} />
      {day.isPending ? (
        <Loading />
      ) : (
        day.data && <ReceptionDesk schoolId={schoolId} day={day.data} isToday={date === todayIso()} />
      )}
    </div>
  );
}
