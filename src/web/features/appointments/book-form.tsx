import './appointments.css';
import { useEffect, useId, useMemo, useState } from 'react';
import { Button, Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { Loading } from '../../components/loading.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { formatDay } from '../timetable/dates.ts';
import { type Appointment, useBook, useSlots, useStaffForChild } from './api.ts';
import { useRoleNames } from './appointment-card.tsx';

export interface ChildChoice {
  id: string;
  name: string;
}

/**
 * "Prendre rendez-vous" in a few taps: the child (when there are several), whom to meet (only staff of the child's
 * school who receive, and the child's own teachers), the day and the time among slots that exist, the reason,
 * then confirm. Reception uses it for a family that phoned (`guardianId`).
 */
export function BookForm({
  pupils: children,
  guardianId,
  onBooked,
}: {
  pupils: ChildChoice[];
  guardianId?: string;
  onBooked: (a: Appointment) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const roleNames = useRoleNames();
  const [pupilId, setPupilId] = useState<string | null>(children.length === 1 ? (children[0]?.id ?? null) : null);
  const [staffId, setStaffId] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [time, setTime] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const staff = useStaffForChild(pupilId);
  const slots = useSlots(pupilId, staffId);
  const book = useBook();

  useEffect(() => {
    if (children.length === 1) setPupilId(children[0]?.id ?? null);
  }, [children]);

  const days = useMemo(() => [...new Set((slots.data?.slots ?? []).map((s) => s.date))], [slots.data]);
  const times = (slots.data?.slots ?? []).filter((s) => s.date === date);
  const chosen = times.find((s) => s.startsAt === time);
  const taken = book.error instanceof ApiError && book.error.code === 'SLOT_TAKEN';

  return (
    <form
      className="form book-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!pupilId || !staffId || !date || !time) return;
        book.mutate(
          { pupilId, staffId, date, startsAt: time, reason, ...(guardianId ? { guardianId } : {}) },
          {
            onSuccess: onBooked,
            onError: (err) => {
              if (err instanceof ApiError && err.code === 'SLOT_TAKEN') setTime(null);
            },
          },
        );
      }}
    >
      {children.length > 1 && (
        <fieldset className="choice-group">
          <legend>{t('appointments.book.child')}</legend>
          {children.map((c) => (
            <label key={c.id} className="choice">
              <input
                type="radio"
                name={`${ids}-child`}
                value={c.id}
                checked={pupilId === c.id}
                onChange={() => {
                  setPupilId(c.id);
                  setStaffId(null);
                  setDate(null);
                  setTime(null);
                }}
              />{' '}
              {c.name}
            </label>
          ))}
        </fieldset>
      )}
      {pupilId && (
        <fieldset className="choice-group">
          <legend>{t('appointments.book.staff')}</legend>
          {staff.isPending ? (
            <Loading />
          ) : staff.error ? (
            <ErrorAlert error={staff.error} />
          ) : staff.data.staff.length === 0 ? (
            <p>{t('appointments.book.noStaff')}</p>
          ) : (
            staff.data.staff.map((s) => (
              <label key={s.id} className="choice">
                <input
                  type="radio"
                  name={`${ids}-staff`}
                  value={s.id}
                  checked={staffId === s.id}
                  onChange={() => {
                    setStaffId(s.id);
                    setDate(null);
                    setTime(null);
                  }}
                />{' '}
                {s.firstName} {s.lastName}{' '}
                <span className="muted">
                  ({roleNames(s.roles)}
                  {s.subjects.length > 0 && ` · ${s.subjects.join(', ')}`})
                </span>
              </label>
            ))
          )}
        </fieldset>
      )}
      {staffId && (
        <div className="field">
          {slots.isPending ? (
            <Loading />
          ) : slots.error ? (
            <ErrorAlert error={slots.error} />
          ) : days.length === 0 ? (
            <p>{t('appointments.book.noSlot')}</p>
          ) : (
            <>
              <label htmlFor={`${ids}-day`}>{t('appointments.book.day')}</label>
              <select
                id={`${ids}-day`}
                className="native-select"
                value={date ?? ''}
                onChange={(e) => {
                  setDate(e.currentTarget.value || null);
                  setTime(null);
                }}
              >
                <option value="">{t('appointments.book.pickDay')}</option>
                {days.map((d) => (
                  <option key={d} value={d}>
                    {formatDay(d, currentLocale())}
                  </option>
                ))}
              </select>
            </>
          )}
        </div>
      )}
      {date && times.length > 0 && (
        <fieldset className="choice-group slot-group">
          <legend>{t('appointments.book.time')}</legend>
          {times.map((s) => (
            <label key={s.startsAt} className="choice slot-choice">
              <input
                type="radio"
                name={`${ids}-time`}
                value={s.startsAt}
                checked={time === s.startsAt}
                onChange={() => setTime(s.startsAt)}
              />{' '}
              <bdi dir="ltr">{s.startsAt}</bdi>
            </label>
          ))}
        </fieldset>
      )}
      {chosen && (
        <>
          <p className="muted">
            {chosen.site.name}
            {chosen.room && ` · ${t('timetable.room', { room: chosen.room })}`}
            {chosen.freedByCourse && ` · ${t('appointments.book.freed')}`}
          </p>
          <TextField className="field" value={reason} onChange={setReason} isRequired maxLength={500}>
            <Label>{t('appointments.book.reason')}</Label>
            <TextArea rows={3} dir="auto" />
          </TextField>
          <Button type="submit" className="button button-primary" isDisabled={book.isPending || !reason.trim()}>
            {t('appointments.book.confirm', { date: formatDay(chosen.date, currentLocale()), time: chosen.startsAt })}
          </Button>
        </>
      )}
      {taken ? (
        <p className="alert alert-error" role="alert">
          {t('errors.SLOT_TAKEN')}
        </p>
      ) : (
        <ErrorAlert error={book.error} />
      )}
    </form>
  );
}
