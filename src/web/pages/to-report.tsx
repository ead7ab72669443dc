import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useToReport } from '../features/attendance/queries.ts';
import { ErrorAlert } from '../features/errors.tsx';
import { todayIso } from '../features/timetable/dates.ts';
import { formatNumber } from '../i18n/index.ts';

/**
 * "À signaler": pupils with at least the threshold of unjustified half-days in a month (vie scolaire, direction,
 * the assistante sociale). Each name opens the pupil's record.
 */
export default function ToReportPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [month, setMonth] = useState(todayIso().slice(0, 7));
  const q = useToReport(schoolId, month);
  // The pupil's file when the caller follows pupils (vie scolaire, direction, the social worker); else the record.
  const fileOpen = hasAbility(me, 'pupils.file');
  const canOpen = fileOpen || hasAbility(me, 'directory.search');
  const hrefOf = (id: string) => `${fileOpen ? '/eleves' : '/annuaire'}/${encodeURIComponent(id)}`;
  return (
    <div className="page">
      <PageTitle>{t('staffDay.toReport.title')}</PageTitle>
      <div className="field narrow">
        <label htmlFor="to-report-month">{t('staffDay.toReport.month')}</label>
        <input
          id="to-report-month"
          type="month"
          required
          value={month}
          onChange={(e) => {
            const v = e.currentTarget.value;
            if (/^\d{4}-\d{2}$/.test(v)) setMonth(v);
          }}
        />
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <p className="hint">
            {t('staffDay.toReport.rule', { count: q.data.threshold, formatted: formatNumber(q.data.threshold) })}
          </p>
          <h2 aria-live="polite">{t('staffDay.toReport.count', { count: q.data.items.length })}</h2>
          {q.data.items.length > 0 && (
            <ul className="cards">
              {q.data.items.map((i) => {
                const name = `${i.pupil.firstName} ${i.pupil.lastName}`;
                return (
                  <li key={i.pupil.id} className="card">
                    <h3>
                      {canOpen ? (
                        <Link href={hrefOf(i.pupil.id)} className="card-link">
                          <bdi>{name}</bdi>
                        </Link>
                      ) : (
                        <bdi>{name}</bdi>
                      )}
                      {i.class && <span className="muted"> · {i.class}</span>}
                    </h3>
                    <p>
                      {t('staffDay.toReport.halfDays', {
                        count: i.halfDays.length,
                        formatted: formatNumber(i.halfDays.length),
                      })}
                    </p>
                  </li>
                );
              })}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
