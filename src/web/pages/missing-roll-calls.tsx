import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { formatDay } from '../features/timetable/dates.ts';
import { useMissingRollCalls } from '../features/timetable/queries.ts';
import { useDateParam } from '../features/timetable/use-date-param.ts';
import { currentLocale } from '../i18n/index.ts';

/** Vie scolaire: the sessions of a day that have started without a roll call, refreshed every 30 s. */
export default function MissingRollCallsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [date] = useDateParam();
  const [siteId, setSiteId] = useState('');
  const q = useMissingRollCalls(schoolId, date);
  const locale = currentLocale();
  const sites = q.data
    ? [...new Map(q.data.items.flatMap((i) => (i.site ? [[i.site.id, i.site.name] as const] : []))).entries()]
    : [];
  const items = (q.data?.items ?? []).filter((i) => !siteId || i.site?.id === siteId);
  return (
    <div className="page">
      <PageTitle>{t('attendance.missingTitle')}</PageTitle>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <p className="hint">
            {t('attendance.missingAsOf', { date: formatDay(q.data.date, locale), time: q.data.asOf })}
          </p>
          <div className="field narrow">
            <label htmlFor="missing-site">{t('attendance.missingSite')}</label>
            <select
              id="missing-site"
              className="native-select"
              value={siteId}
              onChange={(e) => setSiteId(e.currentTarget.value)}
            >
              <option value="">{t('attendance.allSites')}</option>
              {sites.map(([id, name]) => (
                <option key={id} value={id}>
                  {name}
                </option>
              ))}
            </select>
          </div>
          <h2 aria-live="polite">{t('attendance.missingCount', { count: items.length })}</h2>
          {items.length === 0 ? (
            <p>{t('attendance.missingNone')}</p>
          ) : (
            <ul className="cards missing-list">
              {items.map((i) => (
                <li key={i.sessionKey} className="card">
                  <h3>
                    <Link href={`/appel/${encodeURIComponent(i.courseId)}/${i.sessionKey.split(':')[1] ?? i.date}`}>
                      {i.startsAt}–{i.endsAt} · {i.subject}
                    </Link>
                  </h3>
                  <p>{[i.class, ...i.groups].filter(Boolean).join(', ')}</p>
                  <p>
                    {i.teachers.map((p) => `${p.firstName} ${p.lastName}`).join(', ')}
                    {i.room && ` · ${t('timetable.room', { room: i.room })}`}
                    {i.site && ` · ${i.site.name}`}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
