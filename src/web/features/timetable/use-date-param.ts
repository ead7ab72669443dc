import { useLocation, useSearch } from 'wouter';
import { addDays, isIsoDate, todayIso, weekdayOf } from './dates.ts';

/** The day a timetable page shows, kept in `?date=` so that a link or a reload lands on it. Sundays move to Monday. */
export function useDateParam(): [string, (d: string) => void] {
  const search = useSearch();
  const [location, navigate] = useLocation();
  const raw = new URLSearchParams(search).get('date');
  const date = isIsoDate(raw) ? raw : todayIso();
  const day = weekdayOf(date) === 7 ? addDays(date, 1) : date;
  const setDate = (d: string) => {
    const params = new URLSearchParams(search);
    params.set('date', d);
    navigate(`${location}?${params.toString()}`, { replace: true });
  };
  return [day, setDate];
}
