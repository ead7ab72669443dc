import { parisInstant, parisWallClock } from '../attendance/attendance.halfdays.ts';
import type { GradeSettings } from './grades.schema.ts';

const addDays = (date: string, n: number): string => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/**
 * Moves an instant out of the school's quiet hours (Paris time): a grade due at 22:30 with quiet hours 20:00 → 07:00
 * appears at 07:00 the next morning. Quiet hours may wrap past midnight (from > to) or not (from < to).
 */
export function outsideQuietHours(at: Date, quiet: GradeSettings['quietHours']): Date {
  if (!quiet || quiet.from === quiet.to) return at;
  const { date, time } = parisWallClock(at);
  if (quiet.from < quiet.to) {
    return time >= quiet.from && time < quiet.to ? parisInstant(date, quiet.to) : at;
  }
  if (time >= quiet.from) return parisInstant(addDays(date, 1), quiet.to);
  if (time < quiet.to) return parisInstant(date, quiet.to);
  return at;
}

/** When an assessment's grades appear to pupils, then to guardians (after the school's delay), as ISO instants. */
export function publicationTimes(requested: Date, settings: Pick<GradeSettings, 'quietHours' | 'guardianDelayHours'>) {
  const pupils = outsideQuietHours(requested, settings.quietHours);
  const guardians = outsideQuietHours(
    new Date(pupils.getTime() + settings.guardianDelayHours * 3_600_000),
    settings.quietHours,
  );
  return { pupils: pupils.toISOString(), guardians: guardians.toISOString() };
}
