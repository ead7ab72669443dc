import type { TFunction } from 'i18next';
import { useState } from 'react';
import { Button, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../api/client.ts';
import { currentSchool, hasAbility, useMe } from '../api/queries.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { formatClock, formatDayMonth, parisDateOf } from '../features/attendance/format.ts';
import { AccommodationMarker } from '../features/discipline/accommodation-marker.tsx';
import { useAccommodations } from '../features/discipline/queries.ts';
import { ErrorAlert } from '../features/errors.tsx';
import { formatDay, todayIso } from '../features/timetable/dates.ts';
import { useRollCall, useSaveRollCall } from '../features/timetable/queries.ts';
import type { RollCall } from '../features/timetable/types.ts';
import { currentLocale } from '../i18n/index.ts';

type Mark = { status: 'present' | 'absent' | 'late'; minutes: string };

function initialMarks(rc: RollCall): Record<string, Mark> {
  return Object.fromEntries(
    rc.pupils.map((p) => [p.id, { status: p.status, minutes: p.minutesLate ? String(p.minutesLate) : '5' }]),
  );
}

function RollCallForm({ rc, courseId, date }: { rc: RollCall; courseId: string; date: string }) {
  const { t } = useTranslation();
  const [marks, setMarks] = useState(() => initialMarks(rc));
  const [message, setMessage] = useState('');
  const save = useSaveRollCall(courseId, date);
  const me = useMe().data;
  const accommodations = useAccommodations(me ? currentSchool(me)?.id : undefined, { courseId }).data;
  // The marker leads to the plans in the pupil's file, for those who open files (the server still checks the pupil).
  const mayOpenFile = me ? hasAbility(me, 'pupils.file') : false;
  const editable = rc.abilities.record;
  const set = (id: string, m: Partial<Mark>) =>
    setMarks((all) => ({ ...all, [id]: { ...(all[id] ?? { status: 'present', minutes: '5' }), ...m } }));
  const list = Object.entries(marks);
  const absent = list.filter(([, m]) => m.status === 'absent').map(([id]) => id);
  const late = list
    .filter(([, m]) => m.status === 'late')
    .map(([pupilId, m]) => ({ pupilId, minutes: Math.min(240, Math.max(1, Number.parseInt(m.minutes, 10) || 1)) }));
  const errorText =
    save.error instanceof ApiError && (save.error.code === 'ROLL_CALL_LOCKED' || save.error.code === 'CONFLICT')
      ? t(`attendance.errors.${save.error.code}`)
      : null;
  return (
    <form
      className="form roll-call"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(
          { version: rc.rollCall?.version ?? null, absent, late },
          {
            onSuccess: (data) => {
              setMarks(initialMarks(data));
              setMessage(t('attendance.saved', { absent: absent.length, late: late.length }));
            },
          },
        );
      }}
    >
      <p className="hint">{t('attendance.presentByDefault')}</p>
      <p>
        {t('attendance.summary', {
          absent: absent.length,
          late: late.length,
          present: list.length - absent.length - late.length,
        })}
      </p>
      <ul className="roll-call-list">
        {rc.pupils.map((p) => {
          const name = `${p.lastName} ${p.firstName}`;
          const m = marks[p.id] ?? { status: 'present', minutes: '5' };
          return (
            <li key={p.id} className={`roll-call-row is-${m.status}`}>
              <p className="roll-call-name">
                <strong>{name}</strong>
                <AccommodationMarker
                  accommodations={accommodations?.get(p.id)}
                  name={name}
                  pupilId={mayOpenFile ? p.id : undefined}
                />{' '}
                <span className="roll-call-status">{t(`attendance.${m.status}`)}</span>
                {p.knownAbsence && <span className="tag tag-warning">{t('attendance.known')}</span>}
                {p.exemption && <span className="tag">{t('attendance.exempt')}</span>}
              </p>
              <div className="roll-call-actions">
                <ToggleButton
                  className="button toggle"
                  aria-label={t('attendance.absentFor', { name })}
                  isSelected={m.status === 'absent'}
                  isDisabled={!editable}
                  onChange={(on) => set(p.id, { status: on ? 'absent' : 'present' })}
                >
                  {t('attendance.absent')}
                </ToggleButton>
                <ToggleButton
                  className="button toggle"
                  aria-label={t('attendance.lateFor', { name })}
                  isSelected={m.status === 'late'}
                  isDisabled={!editable}
                  onChange={(on) => set(p.id, { status: on ? 'late' : 'present' })}
                >
                  {t('attendance.late')}
                </ToggleButton>
                {m.status === 'late' && (
                  <div className="field minutes-field">
                    <label htmlFor={`late-${p.id}`}>
                      {t('attendance.minutes')}
                      <span className="visually-hidden"> — {name}</span>
                    </label>
                    <input
                      id={`late-${p.id}`}
                      type="number"
                      inputMode="numeric"
                      min={1}
                      max={240}
                      value={m.minutes}
                      disabled={!editable}
                      onChange={(e) => set(p.id, { minutes: e.currentTarget.value })}
                    />
                  </div>
                )}
              </div>
            </li>
          );
        })}
      </ul>
      {errorText ? (
        <p className="alert alert-error" role="alert">
          {errorText}
        </p>
      ) : (
        save.error && <ErrorAlert error={save.error} />
      )}
      {editable ? (
        <Button type="submit" className="button button-primary save-bar" isDisabled={save.isPending}>
          {t('attendance.save')}
        </Button>
      ) : (
        <p className="alert alert-info">{t('attendance.locked')}</p>
      )}
      <p role="status" className="status-line">
        {message}
      </p>
    </form>
  );
}

/** The roll call of a session: everyone present by default, one tap for absent, one for late, one save. */
export default function RollCallPage({ courseId, date }: { courseId: string; date: string }) {
  const { t } = useTranslation();
  const q = useRollCall(courseId, date);
  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <PageTitle>{t('attendance.missingTitle')}</PageTitle>
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const rc = q.data;
  const s = rc.session;
  const audience = [s.class?.label, ...s.groups.map((g) => g.label)].filter(Boolean).join(', ');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={`/seances/${encodeURIComponent(courseId)}/${date}`}>{s.subject.label}</Link>
      </p>
      <PageTitle>{t('attendance.title', { subject: `${s.subject.label} ${audience}`.trim() })}</PageTitle>
      <p data-volatile="">
        {t('attendance.when', { date: formatDay(s.date, currentLocale()), from: s.startsAt, to: s.endsAt })}
      </p>
      <p className="hint">{rc.rollCall ? takenAt(t, new Date(rc.rollCall.updatedAt)) : t('attendance.notTaken')}</p>
      {s.cancelled ? (
        <p className="alert alert-info">{t('attendance.cancelled')}</p>
      ) : (
        <RollCallForm key={`${courseId}:${date}`} rc={rc} courseId={courseId} date={date} />
      )}
    </div>
  );
}

/** "Appel fait à 8 h 12" today, "Appel fait le 4 décembre à 8 h 12" another day: Paris time, whatever the device. */
function takenAt(t: TFunction, at: Date): string {
  const locale = currentLocale();
  const time = formatClock(at, locale);
  const day = parisDateOf(at);
  return day === todayIso()
    ? t('attendance.taken', { time })
    : t('attendance.takenOn', { date: formatDayMonth(day, locale), time });
}
