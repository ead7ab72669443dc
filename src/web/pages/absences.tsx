import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, Redirect } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { describeSpan, formatFullDate } from '../features/attendance/format.ts';
import { JustificationDialog, type JustificationTarget } from '../features/attendance/justification-dialog.tsx';
import { usePupilRecord } from '../features/attendance/queries.ts';
import type { PupilRecord, RecordEvent } from '../features/attendance/types.ts';
import { ErrorAlert } from '../features/errors.tsx';
import { currentLocale, formatNumber } from '../i18n/index.ts';

const STATUS_TAG: Record<RecordEvent['justificationStatus'], string> = {
  none: 'tag tag-warning',
  refused: 'tag tag-warning',
  pending: 'tag',
  accepted: 'tag tag-success',
};

function StatusTag({ event }: { event: RecordEvent }) {
  const { t } = useTranslation();
  // "justifiée" for an absence, "justifié" for a lateness or an early departure.
  const gender = event.kind === 'absence' ? 'statusF' : 'statusM';
  return (
    <span className={STATUS_TAG[event.justificationStatus]}>
      {t(`attendance.family.${gender}.${event.justificationStatus}`)}
    </span>
  );
}

function EventItem({
  event,
  canJustify,
  onJustify,
}: {
  event: RecordEvent;
  canJustify: boolean;
  onJustify: (e: RecordEvent) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const when = describeSpan(t, event, locale);
  const kind = t(`attendance.family.kind.${event.kind}`);
  const justifiable =
    canJustify &&
    event.kind !== 'early_departure' &&
    (event.justificationStatus === 'none' || event.justificationStatus === 'refused');
  return (
    <li className="card absence-item">
      <h3 className="absence-title">
        {kind}
        <StatusTag event={event} />
      </h3>
      <dl className="facts">
        <div>
          <dt>{t('attendance.family.when')}</dt>
          <dd>{when}</dd>
        </div>
        {event.kind === 'lateness' && event.minutesLate !== null && (
          <div>
            <dt>{t('attendance.family.late')}</dt>
            <dd>{t('attendance.family.minutes', { minutes: formatNumber(event.minutesLate) })}</dd>
          </div>
        )}
        {event.kind === 'early_departure' && event.leftAt && (
          <div>
            <dt>{t('attendance.family.leftAt')}</dt>
            <dd>{event.leftAt}</dd>
          </div>
        )}
        {event.reason && (
          <div>
            <dt>{t('attendance.form.reason')}</dt>
            <dd>{event.reason.label}</dd>
          </div>
        )}
      </dl>
      {justifiable && (
        <div className="actions">
          <Button className="button" onPress={() => onJustify(event)}>
            {t('attendance.family.justify')}
            <span className="visually-hidden"> — {t('attendance.family.justifyWhat', { kind, when })}</span>
          </Button>
        </div>
      )}
    </li>
  );
}

function Counts({ record }: { record: PupilRecord }) {
  const { t } = useTranslation();
  const c = record.counts;
  const rows: Array<[string, number]> = [
    [t('attendance.family.countAbsences'), c.absences],
    [t('attendance.family.countLateness'), c.lateness],
    [t('attendance.family.countEarly'), c.earlyDepartures],
    [t('attendance.family.countUnjustified'), c.unjustifiedHalfDays],
  ];
  return (
    <section aria-labelledby="counts-title" className="section">
      <h2 id="counts-title">{t('attendance.family.countsTitle')}</h2>
      <div className="card narrow">
        <dl className="facts">
          {rows.map(([label, n]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{formatNumber(n)}</dd>
            </div>
          ))}
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
                  <dd>{j.reason.label}</dd>
                </div>
              )}
              {j.decisionComment && (
                <div>
                  <dt>{t('attendance.family.decisionComment')}</dt>
                  <dd>{j.decisionComment}</dd>
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
  const events = [...(r.events ?? [])].reverse();
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
      <p role="status" className="alert alert-success status-line">
        {message}
      </p>
      {canJustify && (
        <div className="actions">
          <Button
            className="button button-primary"
            onPress={() => {
              setMessage('');
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
        {events.length === 0 ? (
          <p>{t('attendance.family.none')}</p>
        ) : (
          <ul className="cards">
            {events.map((e) => (
              <EventItem
                key={e.id}
                event={e}
                canJustify={canJustify}
                onJustify={(event) => {
                  setMessage('');
                  setTarget({ kind: 'event', event });
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
            if (done) setMessage(done);
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
