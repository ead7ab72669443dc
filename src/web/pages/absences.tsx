import type { TFunction } from 'i18next';
import { useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, Redirect } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import '../features/attendance/attendance.css';
import { describeSpan, formatDay, formatFullDate, reasonName } from '../features/attendance/format.ts';
import { JustificationDialog, type JustificationTarget } from '../features/attendance/justification-dialog.tsx';
import { usePupilRecord } from '../features/attendance/queries.ts';
import type { PupilRecord, RecordEvent } from '../features/attendance/types.ts';
import { ErrorAlert } from '../features/errors.tsx';
import { addDays, weekdayOf } from '../features/timetable/dates.ts';
import { currentLocale, formatDateTime, formatNumber } from '../i18n/index.ts';

const STATUS_TAG: Record<RecordEvent['justificationStatus'], string> = {
  none: 'tag tag-warning',
  refused: 'tag tag-warning',
  pending: 'tag',
  accepted: 'tag tag-success',
};

type Justifications = NonNullable<PupilRecord['justifications']>;

function StatusTag({ kind, status }: { kind: RecordEvent['kind']; status: RecordEvent['justificationStatus'] }) {
  const { t } = useTranslation();
  // "justifiée" for an absence, "justifié" for a lateness or an early departure.
  const gender = kind === 'absence' ? 'statusF' : 'statusM';
  return <span className={STATUS_TAG[status]}>{t(`attendance.family.${gender}.${status}`)}</span>;
}

const isJustifiable = (e: RecordEvent) =>
  e.kind !== 'early_departure' && (e.justificationStatus === 'none' || e.justificationStatus === 'refused');

/** One line per event of a day: its hours (or half-day) and, unless the day is absences only, what happened. */
function eventLine(t: TFunction, e: RecordEvent, absencesOnly: boolean): string {
  const time =
    e.startsAt && e.endsAt
      ? // Isolated left-to-right, so that the range reads the same in Arabic.
        `\u2066${e.startsAt}–${e.endsAt}\u2069`
      : e.halfFrom === e.halfTo || e.dateFrom !== e.dateTo
        ? t(`attendance.form.half.${e.halfFrom}`)
        : t('attendance.family.wholeDay');
  if (e.kind === 'lateness' && e.minutesLate !== null) {
    return `${e.startsAt ?? time} · ${t('attendance.family.lateBy', { minutes: formatNumber(e.minutesLate) })}`;
  }
  if (e.kind === 'early_departure') {
    return e.leftAt
      ? t('attendance.family.leftAtTime', { time: e.leftAt })
      : t('attendance.family.kind.early_departure');
  }
  return absencesOnly ? time : `${time} · ${t(`attendance.family.kind.${e.kind}`)}`;
}

const sortKey = (e: RecordEvent) => `${e.startsAt ?? (e.halfFrom === 'am' ? '00:00' : '12:00')}|${e.leftAt ?? ''}`;

interface DayGroup {
  key: string;
  date: string;
  dateTo: string;
  events: RecordEvent[];
}

/** The events of one day together (an absence over several days stays on its own), most recent day first. */
function groupByDay(events: readonly RecordEvent[]): DayGroup[] {
  const groups = new Map<string, DayGroup>();
  for (const e of events) {
    const key = e.dateFrom === e.dateTo ? e.dateFrom : `${e.dateFrom}/${e.dateTo}/${e.id}`;
    const g = groups.get(key) ?? { key, date: e.dateFrom, dateTo: e.dateTo, events: [] };
    g.events.push(e);
    groups.set(key, g);
  }
  for (const g of groups.values()) g.events.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  return [...groups.values()].sort((a, b) => b.date.localeCompare(a.date) || b.key.localeCompare(a.key));
}

/**
 * The half-days an absence covers, as the server counts them ('YYYY-MM-DD:am'): a roll call's absence its
 * session's half-day; an absence entered by vie scolaire every half-day of its span, Monday to Friday, without
 * Wednesday afternoon (the school's holidays are the server's to know: its counts are the ones in the summary).
 */
function halfDaysOf(e: RecordEvent): string[] {
  if (e.kind !== 'absence') return [];
  if (e.source === 'roll_call') return [`${e.dateFrom}:${e.halfFrom}`];
  const out: string[] = [];
  for (let d = e.dateFrom; d <= e.dateTo; d = addDays(d, 1)) {
    for (const half of ['am', 'pm'] as const) {
      if (d === e.dateFrom && e.halfFrom === 'pm' && half === 'am') continue;
      if (d === e.dateTo && e.halfTo === 'am' && half === 'pm') continue;
      const wd = weekdayOf(d);
      if (wd > 5 || (wd === 3 && half === 'pm')) continue;
      out.push(`${d}:${half}`);
    }
  }
  return out;
}

/** "7 absences, 1 retard": what a justification of these events covers. */
function whatOf(t: TFunction, events: readonly RecordEvent[]): string {
  const parts: string[] = [];
  for (const kind of ['absence', 'lateness', 'early_departure'] as const) {
    const count = events.filter((e) => e.kind === kind).length;
    if (count > 0) parts.push(t(`attendance.family.kindCount.${kind}`, { count }));
  }
  return parts.join(', ');
}

function JustificationInfo({ j }: { j: Justifications[number] }) {
  const { t } = useTranslation();
  return (
    <div className="absence-justification">
      <p className="absence-justification-title">
        {t('attendance.family.sentOn', { date: formatDateTime(j.submittedAt) })}
      </p>
      <dl className="facts">
        {j.reason && (
          <div>
            <dt>{t('attendance.form.reason')}</dt>
            <dd>{reasonName(t, j.reason)}</dd>
          </div>
        )}
        {j.comment && (
          <div>
            <dt>{t('attendance.inbox.comment')}</dt>
            <dd className="pre-wrap" dir="auto">
              {j.comment}
            </dd>
          </div>
        )}
        {j.documentName && (
          <div>
            <dt>{t('attendance.family.fileName')}</dt>
            <dd>{j.documentName}</dd>
          </div>
        )}
        {j.decisionComment && (
          <div>
            <dt>{t('attendance.family.decisionComment')}</dt>
            <dd className="pre-wrap" dir="auto">
              {j.decisionComment}
            </dd>
          </div>
        )}
      </dl>
    </div>
  );
}

function DayItem({
  group,
  justifications,
  unjustified,
  canJustify,
  confirmation,
  onJustify,
}: {
  group: DayGroup;
  justifications: Justifications;
  unjustified: ReadonlySet<string>;
  canJustify: boolean;
  confirmation: string;
  onJustify: (events: RecordEvent[], what: string, when: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const confirmationRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (!confirmation) return;
    // After the dialog has closed (and given the focus back): the confirmation, next to the day it is about.
    const timer = window.setTimeout(() => {
      confirmationRef.current?.focus();
      confirmationRef.current?.scrollIntoView({ block: 'center' });
    }, 50);
    return () => window.clearTimeout(timer);
  }, [confirmation]);
  const when =
    group.date === group.dateTo
      ? formatDay(group.date, locale)
      : t('attendance.family.spanDays', {
          from: formatDay(group.date, locale),
          fromHalf: t(`attendance.form.half.${group.events[0]?.halfFrom ?? 'am'}`),
          to: formatDay(group.dateTo, locale),
          toHalf: t(`attendance.form.half.${group.events[0]?.halfTo ?? 'pm'}`),
        });
  const halfDays = [...new Set(group.events.flatMap(halfDaysOf))];
  const unjustifiedCount = halfDays.filter((k) => unjustified.has(k)).length;
  const first = group.events[0];
  const uniform =
    first !== undefined &&
    group.events.every(
      (e) =>
        e.justificationStatus === first.justificationStatus && (e.kind === 'absence') === (first.kind === 'absence'),
    );
  const absencesOnly = group.events.every((e) => e.kind === 'absence');
  const reasons = [...new Set(group.events.map((e) => (e.reason ? reasonName(t, e.reason) : '')))];
  const sameReason = reasons.length === 1 && reasons[0] ? reasons[0] : '';
  const ids = new Set(group.events.map((e) => e.id));
  const mine = justifications.filter((j) => j.kind === 'justification' && j.eventIds.some((id) => ids.has(id)));
  const toJustify = canJustify ? group.events.filter(isJustifiable) : [];
  const what = whatOf(t, toJustify);
  return (
    <li className="card absence-item">
      <h3 className="absence-title">
        <span className="absence-day">{when}</span>
        {uniform && first && <StatusTag kind={first.kind} status={first.justificationStatus} />}
      </h3>
      {halfDays.length > 0 && (
        <p className="absence-halfdays">
          {t('attendance.family.dayHalfDays', { count: halfDays.length })}
          {unjustifiedCount > 0 && ` ${t('attendance.family.dayUnjustified', { count: unjustifiedCount })}`}
        </p>
      )}
      <ul className="absence-sessions">
        {group.events.map((e) => (
          <li key={e.id}>
            <span>{eventLine(t, e, absencesOnly)}</span>
            {!sameReason && e.reason && <span className="muted"> · {reasonName(t, e.reason)}</span>}
            {!uniform && <StatusTag kind={e.kind} status={e.justificationStatus} />}
          </li>
        ))}
      </ul>
      {sameReason && mine.length === 0 && (
        <dl className="facts">
          <div>
            <dt>{t('attendance.form.reason')}</dt>
            <dd>{sameReason}</dd>
          </div>
        </dl>
      )}
      {mine.map((j) => (
        <JustificationInfo key={j.id} j={j} />
      ))}
      {confirmation && (
        <p ref={confirmationRef} role="status" tabIndex={-1} className="alert alert-success">
          {confirmation}
        </p>
      )}
      {toJustify.length > 0 && (
        <div className="actions">
          <Button className="button" onPress={() => onJustify(toJustify, what, when)}>
            {t('attendance.family.justify')}
            <span className="visually-hidden"> — {t('attendance.family.justifyWhat', { kind: what, when })}</span>
          </Button>
        </div>
      )}
    </li>
  );
}

function Counts({ record }: { record: PupilRecord }) {
  const { t } = useTranslation();
  const c = record.counts;
  return (
    <section aria-labelledby="counts-title" className="section">
      <h2 id="counts-title">{t('attendance.family.countsTitle')}</h2>
      <div className="card narrow">
        <dl className="facts absence-counts">
          <div>
            <dt>{t('attendance.family.countHalfDays')}</dt>
            <dd>{formatNumber(c.absenceHalfDays)}</dd>
          </div>
          <div>
            <dt className="absence-counts-sub">{t('attendance.family.countUnjustified')}</dt>
            <dd>{formatNumber(c.unjustifiedHalfDays)}</dd>
          </div>
          <div>
            <dt>{t('attendance.family.countLateness')}</dt>
            <dd>{formatNumber(c.lateness)}</dd>
          </div>
          <div>
            <dt>{t('attendance.family.countEarly')}</dt>
            <dd>{formatNumber(c.earlyDepartures)}</dd>
          </div>
        </dl>
      </div>
    </section>
  );
}

function Announcements({ record }: { record: PupilRecord }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const items = (record.justifications ?? []).filter((j) => j.kind === 'announcement');
  if (items.length === 0) return null;
  return (
    <section aria-labelledby="announcements-title" className="section">
      <h2 id="announcements-title">{t('attendance.family.announcementsTitle')}</h2>
      <ul className="cards">
        {items.map((j) => (
          <li key={j.id} className="card">
            <h3 className="absence-title">
              {j.from && j.fromHalf && j.to && j.toHalf
                ? describeSpan(t, { dateFrom: j.from, halfFrom: j.fromHalf, dateTo: j.to, halfTo: j.toHalf }, locale)
                : t('attendance.family.kind.absence')}
              <span className={j.status === 'refused' ? 'tag tag-warning' : 'tag'}>
                {t(`attendance.family.announcementStatus.${j.status}`)}
              </span>
            </h3>
            <dl className="facts">
              {j.reason && (
                <div>
                  <dt>{t('attendance.form.reason')}</dt>
                  <dd>{reasonName(t, j.reason)}</dd>
                </div>
              )}
              {j.decisionComment && (
                <div>
                  <dt>{t('attendance.family.decisionComment')}</dt>
                  <dd dir="auto">{j.decisionComment}</dd>
                </div>
              )}
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Links to each child's page, for guardians of several children. */
function ChildSwitch({ me, pupilId }: { me: Me; pupilId: string }) {
  const { t } = useTranslation();
  if (me.children.length < 2) return null;
  return (
    <nav aria-label={t('attendance.family.children')} className="child-switch">
      <ul className="actions">
        {me.children.map((c) => (
          <li key={c.id}>
            <Link href={`/absences/${c.id}`} className="button" aria-current={c.id === pupilId ? 'page' : undefined}>
              {c.firstName} {c.lastName}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function PupilAbsences({ me, pupilId }: { me: Me; pupilId: string }) {
  const { t } = useTranslation();
  const record = usePupilRecord(pupilId);
  const [target, setTarget] = useState<JustificationTarget | null>(null);
  const [message, setMessage] = useState('');
  // The day whose justification was just sent, and what to tell next to it.
  const [sent, setSent] = useState<{ key: string; message: string } | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const child = me.children.find((c) => c.id === pupilId);
  const schoolId = child?.schoolId ?? currentSchool(me)?.id ?? '';
  const back = child ? (
    <Link href={`/enfants/${child.id}`}>{t('attendance.family.backToChild', { name: child.firstName })}</Link>
  ) : (
    <Link href="/">{t('attendance.family.back')}</Link>
  );
  if (record.isPending) return <Loading />;
  if (record.error) {
    return (
      <div className="page">
        <PageTitle>{t('attendance.family.title')}</PageTitle>
        <ErrorAlert error={record.error} />
        <p>{back}</p>
      </div>
    );
  }
  const r = record.data;
  const canJustify = r.abilities?.justify ?? false;
  const groups = groupByDay(r.events ?? []);
  const unjustified = new Set((r.unjustifiedByMonth ?? []).flatMap((m) => m.halfDays));
  return (
    <div className="page">
      <p className="breadcrumb">{back}</p>
      <PageTitle>{t('attendance.family.titleOf', { name: `${r.pupil.firstName} ${r.pupil.lastName}` })}</PageTitle>
      <ChildSwitch me={me} pupilId={pupilId} />
      <p className="hint">
        {t('attendance.family.period', {
          from: formatFullDate(r.from, currentLocale()),
          to: formatFullDate(r.to, currentLocale()),
        })}
      </p>
      <p ref={messageRef} role="status" tabIndex={-1} className="alert alert-success status-line">
        {message}
      </p>
      {canJustify && (
        <div className="actions">
          <Button
            className="button button-primary"
            onPress={() => {
              setMessage('');
              setSent(null);
              setTarget({ kind: 'announcement' });
            }}
          >
            {t('attendance.family.announce')}
          </Button>
        </div>
      )}
      <Counts record={r} />
      <section aria-labelledby="events-title" className="section">
        <h2 id="events-title">{t('attendance.family.eventsTitle')}</h2>
        {!canJustify && <p className="hint">{t('attendance.family.readOnly')}</p>}
        {groups.length === 0 ? (
          <p>{t('attendance.family.none')}</p>
        ) : (
          <ul className="cards absence-days">
            {groups.map((g) => (
              <DayItem
                key={g.key}
                group={g}
                justifications={r.justifications ?? []}
                unjustified={unjustified}
                canJustify={canJustify}
                confirmation={sent?.key === g.key ? sent.message : ''}
                onJustify={(events, what, when) => {
                  setMessage('');
                  setSent(null);
                  setTarget({ kind: 'events', events, what, when, key: g.key });
                }}
              />
            ))}
          </ul>
        )}
      </section>
      <Announcements record={r} />
      {target && (
        <JustificationDialog
          pupilId={pupilId}
          schoolId={schoolId}
          target={target}
          onClose={(done) => {
            setTarget(null);
            if (!done) return;
            if (target.kind === 'events') setSent({ key: target.key, message: done });
            else {
              setMessage(done);
              window.setTimeout(() => messageRef.current?.focus(), 50);
            }
          }}
        />
      )}
    </div>
  );
}

/**
 * "Absences et retards": a guardian's child or a pupil's own record, with "Justifier" and "Prévenir d'une
 * absence" when the server's abilities allow. Without an id: a pupil goes to their own page, a guardian chooses.
 */
export default function AbsencesPage({ me, pupilId }: { me: Me; pupilId?: string }) {
  const { t } = useTranslation();
  if (pupilId) return <PupilAbsences key={pupilId} me={me} pupilId={pupilId} />;
  if (me.children.length === 0) return <Redirect to={`/absences/${me.person.id}`} replace />;
  if (me.children.length === 1 && me.enrolments.length === 0) {
    return <Redirect to={`/absences/${me.children[0]?.id}`} replace />;
  }
  return (
    <div className="page">
      <PageTitle>{t('attendance.family.title')}</PageTitle>
      <ul className="cards quick-links">
        {me.enrolments.length > 0 && (
          <li className="card">
            <Link href={`/absences/${me.person.id}`} className="card-link">
              {t('attendance.family.mine')}
            </Link>
          </li>
        )}
        {me.children.map((c) => (
          <li key={c.id} className="card">
            <Link href={`/absences/${c.id}`} className="card-link">
              {c.firstName} {c.lastName}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
