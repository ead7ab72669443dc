import { type ReactNode, useSyncExternalStore } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { addDays, formatDay, mondayOf, schoolDays, todayIso, weekdayOf } from './dates.ts';
import { SessionItem } from './session-item.tsx';
import type { Session, Week } from './types.ts';

const WIDE = '(min-width: 60rem)';

/** True on screens wide enough for the week as a table; phones get one day at a time. */
export function useWideScreen(): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(WIDE);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(WIDE).matches,
  );
}

export interface SessionOptions {
  showClass?: boolean;
  linkToSession?: boolean;
  actions?: (s: Session) => ReactNode;
}

const byTime = (a: Session, b: Session) => a.startsAt.localeCompare(b.startsAt) || a.endsAt.localeCompare(b.endsAt);

function dayOffLabel(week: Week, date: string): string | null {
  return week.daysOff.find((d) => d.startsOn <= date && date <= d.endsOn)?.label ?? null;
}

/** The sessions of one day as a list (phones, and the family day). */
export function DayList({
  sessions,
  dayOff,
  options,
}: {
  sessions: Session[];
  dayOff?: string | null;
  options?: SessionOptions;
}) {
  const { t } = useTranslation();
  if (dayOff) return <p className="day-off">{t('timetable.dayOff', { label: dayOff })}</p>;
  if (sessions.length === 0) return <p className="hint">{t('timetable.noSession')}</p>;
  return (
    <ul className="session-list-day">
      {[...sessions].sort(byTime).map((s) => (
        <li key={s.key}>
          <SessionItem
            session={s}
            showClass={options?.showClass}
            linkToSession={options?.linkToSession}
            actions={options?.actions?.(s)}
          />
        </li>
      ))}
    </ul>
  );
}

function WeekTable({ week, options }: { week: Week; options?: SessionOptions }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const hasSaturday = week.sessions.some((s) => weekdayOf(s.date) === 6);
  const days = schoolDays(week.from, hasSaturday);
  const slots = [...new Set(week.sessions.map((s) => `${s.startsAt}–${s.endsAt}`))].sort();
  return (
    <div className="week-table-wrap">
      <table className="week-table">
        <caption>
          {t('timetable.weekCaption', {
            from: formatDay(days[0] ?? week.from, locale),
            to: formatDay(days.at(-1) ?? week.to, locale),
          })}
          {week.weekLabel && ` — ${t('timetable.weekLabel', { label: week.weekLabel })}`}
        </caption>
        <thead>
          <tr>
            <td />
            {days.map((d) => (
              <th key={d} scope="col">
                {formatDay(d, locale, 'short')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {slots.length === 0 && (
            <tr>
              <th scope="row">{t('timetable.noSlot')}</th>
              {days.map((d) => (
                <td key={d}>{dayOffLabel(week, d) ?? ''}</td>
              ))}
            </tr>
          )}
          {slots.map((slot) => (
            <tr key={slot}>
              <th scope="row">
                <span dir="ltr">{slot}</span>
              </th>
              {days.map((d) => {
                const here = week.sessions.filter((s) => s.date === d && `${s.startsAt}–${s.endsAt}` === slot);
                return (
                  <td key={d}>
                    {here.length > 0 && (
                      <ul className="session-list-cell">
                        {here.map((s) => (
                          <li key={s.key}>
                            <SessionItem
                              session={s}
                              showClass={options?.showClass}
                              linkToSession={options?.linkToSession}
                              actions={options?.actions?.(s)}
                            />
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A week: a table with day and time headers on wide screens; one day with previous/next day on phones.
 * `date` is the chosen day; the parent fetches the week that holds it.
 */
export function WeekView({
  week,
  date,
  onDate,
  options,
  headingLevel = 2,
}: {
  week: Week;
  date: string;
  onDate: (date: string) => void;
  options?: SessionOptions;
  headingLevel?: 2 | 3;
}) {
  const { t } = useTranslation();
  const wide = useWideScreen();
  const locale = currentLocale();
  const H = headingLevel === 2 ? 'h2' : 'h3';
  if (wide) {
    const monday = mondayOf(date);
    return (
      <section className="week-view" aria-labelledby="tt-week-title">
        <H id="tt-week-title" className="visually-hidden">
          {t('timetable.weekOf', { date: formatDay(monday, locale) })}
        </H>
        <div className="toolbar day-nav">
          <Button className="button" onPress={() => onDate(addDays(monday, -7))}>
            {t('timetable.previousWeek')}
          </Button>
          <Button className="button" onPress={() => onDate(todayIso())}>
            {t('timetable.thisWeek')}
          </Button>
          <Button className="button" onPress={() => onDate(addDays(monday, 7))}>
            {t('timetable.nextWeek')}
          </Button>
        </div>
        <WeekTable week={week} options={options} />
      </section>
    );
  }
  // Sundays have no lessons: step over them.
  const step = (d: string, dir: 1 | -1) => {
    const next = addDays(d, dir);
    return weekdayOf(next) === 7 ? addDays(next, dir) : next;
  };
  const day = weekdayOf(date) === 7 ? addDays(date, 1) : date;
  const sessions = week.sessions.filter((s) => s.date === day);
  return (
    <section className="week-view" aria-labelledby="tt-day-title">
      <div className="day-nav">
        <Button className="button" onPress={() => onDate(step(day, -1))}>
          <span aria-hidden="true">‹ </span>
          {t('timetable.previousDay')}
        </Button>
        <Button className="button" onPress={() => onDate(step(day, 1))}>
          {t('timetable.nextDay')}
          <span aria-hidden="true"> ›</span>
        </Button>
      </div>
      <H id="tt-day-title" className="tt-day-title" aria-live="polite" data-volatile="">
        {formatDay(day, locale)}
      </H>
      <DayList sessions={sessions} dayOff={dayOffLabel(week, day)} options={options} />
    </section>
  );
}
