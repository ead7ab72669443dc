import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentLocale, formatNumber } from '../../i18n/index.ts';
import { downloadCsv } from './csv.ts';

/** A count, or "moins de 5" when the server hid it. */
export function Count({ value }: { value: number | null }) {
  const { t } = useTranslation();
  if (value === null) return <span className="usage-hidden">{t('usage.hidden')}</span>;
  return <>{formatNumber(value)}</>;
}

export const formatRate = (r: number | null) =>
  r === null ? '—' : new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 }).format(r);

/**
 * A chart with its table alternative (RGAA 1.1 / 4.1): the chart is described by its caption, the same figures are
 * in a table under a disclosure, and the table downloads as CSV.
 */
export function ChartFigure({
  id,
  title,
  summary,
  chart,
  table,
  csv,
}: {
  id: string;
  title: string;
  summary: string;
  chart: ReactNode;
  table: ReactNode;
  csv: { fileName: string; header: string[]; rows: Array<Array<string | number | null>> };
}) {
  const { t } = useTranslation();
  return (
    <section className="usage-figure" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      <figure>
        <div className="usage-chart">{chart}</div>
        <figcaption>{summary}</figcaption>
      </figure>
      <details className="usage-table">
        <summary>{t('usage.showTable')}</summary>
        {table}
      </details>
      <Button className="button secondary" onPress={() => downloadCsv(csv.fileName, csv.header, csv.rows)}>
        {t('usage.csv')}
      </Button>
    </section>
  );
}
