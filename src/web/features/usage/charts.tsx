import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { currentLocale, formatNumber } from '../../i18n/index.ts';

const INK = '#1d4f91';
const SHADE = '#e4e4e4';

const shortDay = (iso: string) =>
  new Intl.DateTimeFormat(currentLocale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(`${iso}T00:00:00Z`),
  );

/** Visits per day; the school calendar's days off are shaded. Drawn for sighted readers: the table says the same. */
export function VisitsPerDayChart({
  days,
  label,
}: {
  days: Array<{ day: string; visits: number | null; offLabel: string | null }>;
  label: string;
}) {
  // Consecutive days off become one shaded area.
  const areas: Array<{ from: string; to: string; label: string }> = [];
  for (const d of days) {
    const last = areas.at(-1);
    if (d.offLabel && last && last.label === d.offLabel) last.to = d.day;
    else if (d.offLabel) areas.push({ from: d.day, to: d.day, label: d.offLabel });
  }
  const data = days.map((d) => ({ day: d.day, visits: d.visits ?? 0 }));
  return (
    <ResponsiveContainer width="100%" height={240}>
      <BarChart data={data} accessibilityLayer title={label} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {areas.map((a) => (
          <ReferenceArea key={a.from} x1={a.from} x2={a.to} fill={SHADE} fillOpacity={1} ifOverflow="extendDomain" />
        ))}
        <XAxis dataKey="day" tickFormatter={shortDay} minTickGap={24} fontSize={12} />
        <YAxis allowDecimals={false} width={44} fontSize={12} tickFormatter={(v: number) => formatNumber(v)} />
        <Tooltip labelFormatter={(d) => shortDay(String(d))} formatter={(v) => formatNumber(Number(v))} />
        <Bar dataKey="visits" name={label} fill={INK} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Horizontal bars for a few categories (places, profiles, service families). */
export function CategoryBars({ data, label }: { data: Array<{ label: string; value: number | null }>; label: string }) {
  const rows = data.map((d) => ({ label: d.label, value: d.value ?? 0 }));
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, rows.length * 36 + 24)}>
      <BarChart data={rows} layout="vertical" accessibilityLayer title={label} margin={{ left: 8, right: 16 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} fontSize={12} tickFormatter={(v: number) => formatNumber(v)} />
        <YAxis type="category" dataKey="label" width={130} fontSize={12} />
        <Tooltip formatter={(v) => formatNumber(Number(v))} />
        <Bar dataKey="value" name={label} fill={INK} isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
