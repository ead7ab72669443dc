import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { exportCsvUrl } from '../features/attendance/queries.ts';
import { DirectorySearch } from '../features/directory/directory-search.tsx';
import { isIsoDate, todayIso } from '../features/timetable/dates.ts';

/** Vie scolaire's tools in one place: the lists to work through, a pupil to record for, the CSV export. */
export default function VieScolairePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const today = todayIso();
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const valid = isIsoDate(from) && isIsoDate(to) && from <= to;
  return (
    <div className="page">
      <PageTitle>{t('staffDay.tools.title')}</PageTitle>
      <ul className="cards quick-links">
        <li className="card entry-card">
          <Link href="/appels-manquants" className="card-link entry-link">
            {t('attendance.missingTitle')}
          </Link>
        </li>
        <li className="card entry-card">
          <Link href="/justificatifs" className="card-link entry-link">
            {t('attendance.navInbox')}
          </Link>
        </li>
        <li className="card entry-card">
          <Link href="/a-signaler" className="card-link entry-link">
            {t('staffDay.toReport.title')}
          </Link>
        </li>
      </ul>
      <section className="section" aria-labelledby="entry-title">
        <h2 id="entry-title">{t('staffDay.tools.entryTitle')}</h2>
        <p className="hint">{t('staffDay.tools.entryHint')}</p>
        <DirectorySearch me={me} />
      </section>
      <section className="section" aria-labelledby="export-title">
        <h2 id="export-title">{t('staffDay.tools.exportTitle')}</h2>
        <div className="card form">
          <div className="field">
            <label htmlFor="export-from">{t('staffDay.tools.exportFrom')}</label>
            <input
              id="export-from"
              type="date"
              required
              value={from}
              onChange={(e) => setFrom(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="export-to">{t('staffDay.tools.exportTo')}</label>
            <input
              id="export-to"
              type="date"
              required
              min={from}
              value={to}
              onChange={(e) => setTo(e.currentTarget.value)}
            />
          </div>
          <p className="hint">{t('staffDay.tools.exportHint')}</p>
          {valid ? (
            <p>
              <a className="button button-primary" href={exportCsvUrl(schoolId, from, to)} download>
                {t('staffDay.tools.exportButton')}
              </a>
            </p>
          ) : (
            <p className="alert alert-error" role="alert">
              {t('staffDay.tools.exportInvalid')}
            </p>
          )}
        </div>
      </section>
    </div>
  );
}
