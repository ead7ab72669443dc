// Wall-clock arithmetic in Europe/Paris for quiet hours and the digest hour: instants are UTC, school life is Paris.

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The Paris date (YYYY-MM-DD) and time (HH:MM) of an instant. */
export function parisWall(at: Date): { date: string; time: string } {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** The instant at which Paris shows `date` `time` (the later one in the autumn hour that happens twice). */
export function parisInstant(date: string, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  let guess = asUtc;
  for (let i = 0; i < 3; i++) {
    const w = parisWall(new Date(guess));
    const [wy, wm, wd] = w.date.split('-').map(Number) as [number, number, number];
    const [wh, wmin] = w.time.split(':').map(Number) as [number, number];
    const shown = Date.UTC(wy, wm - 1, wd, wh, wmin);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

const addDays = (date: string, n: number) => {
  const t = new Date(`${date}T12:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
};

/**
 * When quiet hours hold `at` back: the instant they end, or null when `at` is outside them. Quiet hours run from
 * `start` (included) to `end` (excluded), over midnight when start > end; equal bounds mean none.
 */
export function quietUntil(at: Date, quiet: { start: string; end: string } | null): Date | null {
  if (!quiet || quiet.start === quiet.end) return null;
  const { date, time } = parisWall(at);
  const overMidnight = quiet.start > quiet.end;
  const inside = overMidnight ? time >= quiet.start || time < quiet.end : time >= quiet.start && time < quiet.end;
  if (!inside) return null;
  const endDate = overMidnight && time >= quiet.start ? addDays(date, 1) : date;
  return parisInstant(endDate, quiet.end);
}
