import { lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { addDays, todayIso } from '../features/timetable/dates.ts';
import { type Range, type SchoolUsage, useInactive, useSchoolUsage } from '../features/usage/api.ts';
import { ChartFigure, Count, formatRate } from '../features/usage/figures.tsx';
import { NewsReach, PeriodPicker, QuestionnaireParticipation } from '../features/usage/reach.tsx';
import '../features/usage/usage.css';
import { formatDate, formatNumber } from '../i18n/index.ts';

// The chart library is loaded with this page only.
const Charts = {
  VisitsPerDay: lazy(() => import('../features/usage/charts.tsx').then((m) => ({ default: m.VisitsPerDayChart }))),
  Bars: lazy(() => import('../features/usage/charts.tsx').then((m) => ({ default: m.CategoryBars }))),
};

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
const HOURS = Array.from({ length: 17 }, (_, i) => i + 6);

function Heatmap({ data }: { data: SchoolUsage['heatmap'] }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...data.map((c) => c.visits ?? 0));
  const cell = (wd: number, h: number) => data.find((c) => c.weekday === wd && c.hour === h)?.visits ?? 0;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must take the focus to scroll by keyboard
    <section className="usage-heatmap-wrap" aria-label={t('usage.heatmap.caption')} tabIndex={0}>
      <table className="usage-heatmap">
        <caption className="visually-hidden">{t('usage.heatmap.caption')}</caption>
        <thead>
          <tr>
            <td />
            {HOURS.map((h) => (
              <th key={h} scope="col">
                {t('usage.heatmap.hour', { hour: h })}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {WEEKDAYS.map((wd) => (
            <tr key={wd}>
              <th scope="row">{t(`usage.weekdays.${wd}`)}</th>
              {HOURS.map((h) => {
                const v = cell(wd, h);
                const level = v === null ? 0 : Math.ceil((v / max) * 5);
                return (
                  <td key={h} className={`heat-${level}`}>
                    <Count value={v} />
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function InactiveList({ schoolId, classId }: { schoolId: string; classId: string }) {
  const { t } = useTranslation();
  const q = useInactive(schoolId, classId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data;
  return (
    <div className="usage-inactive">
      <h4>{t('usage.inactive.pupils', { count: d.pupils.length })}</h4>
      {d.pupils.length === 0 ? (
        <p>{t('usage.inactive.none')}</p>
      ) : (
        <ul>
          {d.pupils.map((p) => (
            <li key={p.id}>
              <Link href={`/annuaire/${p.id}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      )}
      <h4>{t('usage.inactive.guardians', { count: d.guardians.length })}</h4>
      {d.guardians.length === 0 ? (
        <p>{t('usage.inactive.none')}</p>
      ) : (
        <ul>
          {d.guardians.map((g) => (
            <li key={g.id}>
              <Link href={`/annuaire/${g.id}`}>{g.name}</Link> — {t('usage.inactive.parentOf', { name: g.childName })}
              {g.phone && (
                <>
                  {' '}
                  — <a href={`tel:${g.phone.replace(/\s/g, '')}`}>{g.phone}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Activation({ data, schoolId }: { data: SchoolUsage; schoolId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const meter = (rate: number | null, label: string) =>
    rate === null ? (
      '—'
    ) : (
      <span className="usage-meter">
        <meter min={0} max={1} value={rate} aria-label={label} /> {formatRate(rate)}
      </span>
    );
  return (
    <section className="usage-figure" aria-labelledby="activation-title">
      <h2 id="activation-title">{t('usage.activation.title')}</h2>
      <p>{t('usage.activation.intro')}</p>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('usage.activation.class')}</th>
            <th scope="col">{t('usage.activation.pupils')}</th>
            <th scope="col">{t('usage.activation.guardians')}</th>
            {data.canListInactive && <th scope="col">{t('usage.activation.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {data.activation.classes.map((c) => (
            <tr key={c.classId}>
              <th scope="row">{c.label}</th>
              <td data-label={t('usage.activation.pupils')}>
                {meter(c.pupils.rate, t('usage.activation.pupilsOf', { label: c.label }))}{' '}
                <span className="muted">
                  (<Count value={c.pupils.active} /> / <Count value={c.pupils.total} />)
                </span>
              </td>
              <td data-label={t('usage.activation.guardians')}>
                {meter(c.guardians.rate, t('usage.activation.guardiansOf', { label: c.label }))}{' '}
                <span className="muted">
                  (<Count value={c.guardians.active} /> / <Count value={c.guardians.total} />)
                </span>
              </td>
              {data.canListInactive && (
                <td>
                  <Button
                    className="button secondary"
                    aria-expanded={open === c.classId}
                    onPress={() => setOpen(open === c.classId ? null : c.classId)}
                  >
                    {t('usage.inactive.show', { label: c.label })}
                  </Button>
                  {open === c.classId && <InactiveList schoolId={schoolId} classId={c.classId} />}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="usage-staff">
        {data.activation.staff.map((s) => (
          <li key={s.kind}>
            {t(`usage.profiles.${s.kind}`)} : {formatRate(s.rate)} (<Count value={s.active} /> /{' '}
            <Count value={s.total} />)
          </li>
        ))}
      </ul>
    </section>
  );
}

function SimpleTable({ head, rows }: { head: string[]; rows: Array<Array<React.ReactNode>> }) {
  return (
    <table className="table">
      <thead>
        <tr>
          {head.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional and fixed
          <tr key={i}>
            {r.map((c, j) =>
              j === 0 ? (
                <th key={head[j]} scope="row">
                  {c}
                </th>
              ) : (
                <td key={head[j]} data-label={head[j]}>
                  {c}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Dashboard({ data, schoolId }: { data: SchoolUsage; schoolId: string }) {
  const { t } = useTranslation();
  const total = data.days.reduce((s, d) => s + (d.visits ?? 0), 0);
  const busiest = [...data.days].sort((a, b) => (b.visits ?? 0) - (a.visits ?? 0))[0];
  const outside = data.places.find((p) => p.place === 'outside');
  const num = (v: number | null) => (v === null ? t('usage.hidden') : formatNumber(v));
  return (
    <>
      <ul className="usage-kpis">
        <li>
          <span className="kpi-value">{formatNumber(total)}</span> {t('usage.kpi.visits')}
        </li>
        <li>
          <span className="kpi-value">{formatRate(data.indicators.justificationsOnline.rate)}</span>{' '}
          {t('usage.kpi.justifications')}
        </li>
        <li>
          <span className="kpi-value">{formatRate(data.indicators.homeworkTicked.rate)}</span> {t('usage.kpi.homework')}
        </li>
        <li>
          <span className="kpi-value">{formatRate(data.indicators.reportCardsRead.rate)}</span>{' '}
          {t('usage.kpi.reportCards')}
        </li>
      </ul>

      <ChartFigure
        id="per-day"
        title={t('usage.perDay.title')}
        summary={t('usage.perDay.summary', {
          total: formatNumber(total),
          day: busiest ? formatDate(busiest.day) : '—',
          max: busiest ? num(busiest.visits) : '—',
        })}
        chart={
          <Suspense fallback={<Loading />}>
            <Charts.VisitsPerDay days={data.days} label={t('usage.perDay.series')} />
          </Suspense>
        }
        table={
          <SimpleTable
            head={[t('usage.perDay.day'), t('usage.perDay.series'), t('usage.perDay.minutes'), t('usage.perDay.off')]}
            rows={data.days.map((d) => [
              formatDate(d.day),
              <Count key="v" value={d.visits} />,
              d.activeMinutes === null ? t('usage.hidden') : formatNumber(d.activeMinutes),
              d.offLabel ?? '',
            ])}
          />
        }
        csv={{
          fileName: `visites-par-jour-${data.from}-${data.to}.csv`,
          header: ['jour', 'visites', 'minutes actives', 'congé'],
          rows: data.days.map((d) => [d.day, d.visits, d.activeMinutes, d.offLabel]),
        }}
      />

      <section className="usage-figure" aria-labelledby="heatmap-title">
        <h2 id="heatmap-title">{t('usage.heatmap.title')}</h2>
        <p>{t('usage.heatmap.intro')}</p>
        <Heatmap data={data.heatmap} />
      </section>

      <ChartFigure
        id="places"
        title={t('usage.places.title')}
        summary={t('usage.places.summary', { share: formatRate(outside?.share ?? null) })}
        chart={
          <Suspense fallback={<Loading />}>
            <Charts.Bars
              data={data.places.map((p) => ({
                label: p.place === 'outside' ? t('usage.places.outside') : p.label,
                value: p.visits,
              }))}
              label={t('usage.perDay.series')}
            />
          </Suspense>
        }
        table={
          <SimpleTable
            head={[t('usage.places.place'), t('usage.perDay.series'), t('usage.share')]}
            rows={data.places.map((p) => [
              p.place === 'outside' ? t('usage.places.outside') : p.label,
              <Count key="v" value={p.visits} />,
              formatRate(p.share),
            ])}
          />
        }
        csv={{
          fileName: `localisation-${data.from}-${data.to}.csv`,
          header: ['lieu', 'visites', 'part'],
          rows: data.places.map((p) => [p.place === 'outside' ? 'Hors établissement' : p.label, p.visits, p.share]),
        }}
      />

      <ChartFigure
        id="profiles"
        title={t('usage.profilesTitle')}
        summary={t('usage.profilesSummary')}
        chart={
          <Suspense fallback={<Loading />}>
            <Charts.Bars
              data={data.profiles.map((p) => ({ label: t(`usage.profiles.${p.profile}`), value: p.visits }))}
              label={t('usage.perDay.series')}
            />
          </Suspense>
        }
        table={
          <SimpleTable
            head={[t('usage.profile'), t('usage.perDay.series'), t('usage.hours')]}
            rows={data.profiles.map((p) => [
              t(`usage.profiles.${p.profile}`),
              <Count key="v" value={p.visits} />,
              p.activeHours === null ? t('usage.hidden') : formatNumber(p.activeHours),
            ])}
          />
        }
        csv={{
          fileName: `profils-${data.from}-${data.to}.csv`,
          header: ['profil', 'visites', 'heures actives'],
          rows: data.profiles.map((p) => [p.profile, p.visits, p.activeHours]),
        }}
      />

      <ChartFigure
        id="families"
        title={t('usage.families.title')}
        summary={t('usage.families.summary')}
        chart={
          <Suspense fallback={<Loading />}>
            <Charts.Bars
              data={data.families.map((f) => ({ label: t(`usage.families.${f.family}`), value: f.uses }))}
              label={t('usage.families.uses')}
            />
          </Suspense>
        }
        table={
          <SimpleTable
            head={[t('usage.families.family'), t('usage.families.uses'), t('usage.share')]}
            rows={data.families.map((f) => [
              t(`usage.families.${f.family}`),
              <Count key="v" value={f.uses} />,
              formatRate(f.share),
            ])}
          />
        }
        csv={{
          fileName: `services-${data.from}-${data.to}.csv`,
          header: ['famille de services', 'utilisations', 'part'],
          rows: data.families.map((f) => [f.family, f.uses, f.share]),
        }}
      />

      <NewsReach data={data.lastNews} />
      <QuestionnaireParticipation data={data.questionnaires} />
      <Activation data={data} schoolId={schoolId} />
    </>
  );
}

/** Direction: how the school uses Préau — visits, hours, places, profiles, services, accounts activated. */
export default function PilotagePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const schoolId = school?.id ?? '';
  const [range, setRange] = useState<Range>({});
  const q = useSchoolUsage(schoolId, range);
  const today = todayIso();
  return (
    <div className="usage-page">
      <PageTitle>{t('usage.title')}</PageTitle>
      <p>{t('usage.intro', { min: 5 })}</p>
      {hasAbility(me, 'questionnaires.manage') && (
        <p>
          <Link href="/questionnaires">{t('questionnaires.fromPilotage')}</Link>
        </p>
      )}
      <fieldset className="usage-range">
        <legend className="visually-hidden">{t('usage.range.label')}</legend>
        <Button className="button secondary" aria-pressed={!range.from} onPress={() => setRange({})}>
          {t('usage.range.year')}
        </Button>
        <Button
          className="button secondary"
          aria-pressed={range.from === addDays(today, -29)}
          onPress={() => setRange({ from: addDays(today, -29), to: today })}
        >
          {t('usage.range.month')}
        </Button>
      </fieldset>
      <PeriodPicker range={range} onChange={setRange} />
      {q.isPending && <Loading />}
      {q.error && <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />}
      {q.data && (
        <>
          <p className="muted">
            {t('usage.range.shown', { from: formatDate(q.data.from), to: formatDate(q.data.to) })}
          </p>
          <p>
            <a
              className="button"
              download
              href={`/api/schools/${encodeURIComponent(schoolId)}/usage/report.pdf?from=${q.data.from}&to=${q.data.to}`}
            >
              {t('usage.report.pdf')}
            </a>{' '}
            <span className="hint">{t('usage.report.hint')}</span>
          </p>
          <Dashboard data={q.data} schoolId={schoolId} />
        </>
      )}
    </div>
  );
}
