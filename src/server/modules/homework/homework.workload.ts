/**
 * Homework load, pure: given what is already due around a date, the day's and the ISO week's (Monday to
 * Sunday) minutes, and whether adding `minutes` more goes over the school's thresholds. The repo picks the
 * candidates (published, for the class or its pupils' groups); these functions only add up.
 */
import { addDays, mondayOf } from '../timetable/timetable.calendar.ts';

export interface LoadItem {
  id: string;
  dueDate: string;
  estimatedMinutes: number;
}

export interface Thresholds {
  minutesPerDay: number;
  minutesPerWeek: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minutesPerDay: 60, minutesPerWeek: 240 };

/** The ISO week (Monday to Sunday) of a date. */
export const isoWeekOf = (date: string) => {
  const from = mondayOf(date);
  return { from, to: addDays(from, 6) };
};

export function sumWorkload<T extends LoadItem>(items: readonly T[], dueDate: string, minutes: number, t: Thresholds) {
  const week = isoWeekOf(dueDate);
  const seen = new Set<string>();
  const weekItems: T[] = [];
  for (const i of items) {
    if (seen.has(i.id) || i.dueDate < week.from || i.dueDate > week.to) continue;
    seen.add(i.id);
    weekItems.push(i);
  }
  const dayItems = weekItems.filter((i) => i.dueDate === dueDate);
  const sum = (list: readonly T[]) => list.reduce((n, i) => n + i.estimatedMinutes, 0);
  const dayMinutes = sum(dayItems);
  const weekMinutes = sum(weekItems);
  const totals = { day: dayMinutes + minutes, week: weekMinutes + minutes };
  const exceeds = { day: totals.day > t.minutesPerDay, week: totals.week > t.minutesPerWeek };
  return {
    dueDate,
    minutes,
    thresholds: t,
    day: { date: dueDate, minutes: dayMinutes, items: dayItems },
    week: { from: week.from, to: week.to, minutes: weekMinutes, items: weekItems },
    totals,
    exceeds,
    warning: exceeds.day || exceeds.week,
  };
}
