import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import '../features/attendance/attendance.css';
import { formatClock, formatDayWithYear, isWeekday, lastSchoolDay } from '../features/attendance/format.ts';
import { useMissing, useRemind } from '../features/attendance/queries.ts';
import type { MissingList } from '../features/attendance/types.ts';
import { ErrorAlert, errorMessage } from '../features/errors.tsx';
import { addDays, isIsoDate, todayIso } from '../features/timetable/dates.ts';
import { currentLocale, formatNumber } from '../i18n/index.ts';

/** The previous or next school day (Monday to Friday). */
function stepDay(iso: string, direction: 1 | -1): string {
  let d = addDays(iso, direction);
  while (!isWeekday(d)) d = addDays(d, direction);
  return d;
}

type MissingItem = MissingList['items'][number];

/** The missing roll calls by starting hour, then by site: the order vie scolaire walks the corridors in. */
function groupBySlot(items: MissingItem[]) {
  const groups = new Map<string, { key: string; startsAt: string; site: string | null; items: MissingItem[] }>();
  for (const i of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const key = `${i.startsAt.replace(':', '')}-${i.site?.id ?? 'none'}`;
    const g = groups.get(key) ?? { key, startsAt: i.startsAt, site: i.site?.name ?? null, items: [] };
    g.items.push(i);
    groups.set(key, g);
  }
  return [...groups.values()].sort(
    (a, b) => a.startsAt.localeCompare(b.startsAt) || (a.site ?? '').localeCompare(b.site ?? '', 'fr'),
  );
}

/** The day shown, kept in `?date=`: by default today when it is a school day, else the last school day before. */
function useShownDay(): [string, (d: string) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const raw = new URLSearchParams(search).get('date');
  const date = isIsoDate(raw) ? raw : lastSchoolDay(todayIso());
  const setDate = (d: string) => {
    const params = new URLSearchParams(search);
    params.set('date', d);
    navigate(`${location}?${params.toString()}`, { replace: true });
  };
  return [date, setDate];
}

/** Vie scolaire: the sessions of a day that have started without a roll call, refreshed every 30 s. */
export default function MissingRollCallsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [date, setDate] = useShownDay();
  const [siteId, setSiteId] = useState('');
  const q = useMissing(schoolId, date);
  const locale = currentLocale();
  const today = todayIso();
  const sites = q.data
    ? [...new Map(q.data.items.flatMap((i) => (i.site ? [[i.site.id, i.site.name] as const] : []))).entries()]
    : [];
  const items = (q.data?.items ?? []).filter((i) => !siteId || i.site?.id === siteId);
  const remind = useRemind(schoolId);
  const [reminded, setReminded] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState('');
  const statusRef = useRef<HTMLParagraphElement>(null);
  const relaunch = (keys: string[]) => {
    setMessage('');
    remind.mutate(keys, {
      onSuccess: (r) => {
        setReminded((prev) => new Set([...prev, ...keys]));
        setMessage(t('staffDay.missing.remindedCount', { count: r.notified, formatted: formatNumber(r.notified) }));
        statusRef.current?.focus();
      },
      onError: (e) => setMessage(errorMessage(t, e)),
    });
  };
  return (
    <div className="page">
      <PageTitle>{t('attendance.missingTitle')}</PageTitle>
      <div className="missing-day">
        <div className="field">
          <label htmlFor="missing-date">{t('attendance.missingDate')}</label>
          <input
            id="missing-date"
            type="date"
            required
            value={date}
            onChange={(e) => {
              const v = e.currentTarget.value;
              if (isIsoDate(v)) setDate(v);
            }}
          />
        </div>
        <div className="actions">
          <Button className="button" onPress={() => setDate(stepDay(date, -1))}>
            {t('attendance.previousDay')}
          </Button>
          <Button className="button" onPress={() => setDate(stepDay(date, 1))}>
            {t('attendance.nextDay')}
          </Button>
        </div>
      </div>
      <p className="missing-date-words">{formatDayWithYear(date, locale)}</p>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : (
        <>
          <p className="hint">
            {date > today
              ? t('attendance.missingFuture')
              : t(date === today ? 'attendance.missingUpdatedLive' : 'attendance.missingUpdated', {
                  time: formatClock(new Date(q.dataUpdatedAt), locale),
                })}
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
          <p ref={statusRef} role="status" tabIndex={-1} className="alert alert-success status-line">
            {message}
          </p>
          {items.length === 0 ? (
            date <= today && <p>{t('attendance.missingNone')}</p>
          ) : (
            <>
              {date === today && (
                <div className="actions">
                  <Button
                    className="button"
                    isDisabled={remind.isPending}
                    onPress={() => relaunch(items.map((i) => i.sessionKey))}
                  >
                    {t('staffDay.missing.remindAll', { count: items.length })}
                  </Button>
                </div>
              )}
              {groupBySlot(items).map((g) => (
                // A plain block, not a labelled region: "Site" must stay the label of the site filter alone.
                <div key={g.key} className="section missing-group">
                  <h3>
                    <bdi dir="ltr">{g.startsAt}</bdi>
                    {' · '}
                    {g.site ?? t('staffDay.missing.noSite')}
                    <span className="muted"> ({formatNumber(g.items.length)})</span>
                  </h3>
                  <ul className="cards missing-list">
                    {g.items.map((i) => {
                      const teachers = i.teachers.map((p) => `${p.firstName} ${p.lastName}`).join(', ');
                      const done = reminded.has(i.sessionKey);
                      return (
                        <li key={i.sessionKey} className="card">
                          <h4>
                            <Link
                              href={`/appel/${encodeURIComponent(i.courseId)}/${i.sessionKey.split(':')[1] ?? i.date}`}
                            >
                              <bdi dir="ltr">
                                {i.startsAt}–{i.endsAt}
                              </bdi>{' '}
                              · {i.subject}
                            </Link>
                          </h4>
                          <p>{[i.class, ...i.groups].filter(Boolean).join(', ')}</p>
                          <p>
                            {teachers}
                            {i.room && ` · ${t('timetable.room', { room: i.room })}`}
                          </p>
                          {done ? (
                            <p className="tag tag-success">{t('staffDay.missing.reminded')}</p>
                          ) : (
                            <Button
                              className="button"
                              isDisabled={remind.isPending}
                              onPress={() => relaunch([i.sessionKey])}
                            >
                              {t('staffDay.missing.remind')}
                              <span className="visually-hidden">
                                {' '}
                                — {i.subject} {i.startsAt}, {teachers}
                              </span>
                            </Button>
                          )}
                        </li>
                      );
                    })}
                  </ul>
                </div>
              ))}
            </>
          )}
        </>
      )}
    </div>
  );
}
