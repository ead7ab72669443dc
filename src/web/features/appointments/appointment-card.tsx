import './appointments.css';
import { useState } from 'react';
import { Button, Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentLocale, formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { formatDay } from '../timetable/dates.ts';
import { type Appointment, icsHref, useCancel, useMarkArrived } from './api.ts';

const name = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** "CPE", "Professeur"...: what the staff member is, from their roles. */
export function useRoleNames() {
  const { t } = useTranslation();
  return (roles: string[]) =>
    roles.map((r) => (r === 'teacher' ? t('appointments.roles.teacher') : t(`functions.${r}`))).join(', ');
}

/**
 * One appointment: when, with whom, for which child, where, why (or "Rendez-vous" when the reason is private to
 * the staff member), and what the reader may do: download it, cancel it with a reason, mark the family arrived.
 */
export function AppointmentCard({ a, view }: { a: Appointment; view: 'family' | 'staff' | 'desk' }) {
  const { t } = useTranslation();
  const roleNames = useRoleNames();
  const cancel = useCancel();
  const arrived = useMarkArrived();
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');
  const titleId = `appointment-${a.id}`;
  const when = `${formatDay(a.date, currentLocale())}, ${a.startsAt}–${a.endsAt}`;
  return (
    <li className="card appointment-card" aria-labelledby={titleId}>
      <h3 id={titleId}>
        <bdi dir="ltr">{a.startsAt}</bdi> ·{' '}
        {view === 'staff' ? name(a.guardian) : `${name(a.staff)} (${roleNames(a.staff.roles)})`}
      </h3>
      <p>{when}</p>
      <p>
        {t('appointments.card.child', { name: name(a.pupil) })}
        {view === 'desk' && ` · ${t('appointments.card.with', { name: name(a.staff) })}`}
        {view === 'desk' && ` · ${t('appointments.card.guardian', { name: name(a.guardian) })}`}
        {view === 'family' && ` · ${t('appointments.card.guardian', { name: name(a.guardian) })}`}
      </p>
      <p className="muted">
        {a.site.name}
        {a.room && ` · ${t('timetable.room', { room: a.room })}`}
      </p>
      <p>
        <span className="muted">{t('appointments.card.reason')}</span>{' '}
        {a.reason === null ? (
          <span>{t('appointments.card.privateReason')}</span>
        ) : (
          <span className="pre-wrap" dir="auto">
            {a.reason}
          </span>
        )}
        {a.reason !== null && a.reasonPrivate && <span className="tag"> {t('appointments.card.privateTag')}</span>}
      </p>
      {a.status === 'cancelled' ? (
        <p className="tag tag-warning">
          {t('appointments.card.cancelled')}
          {a.cancelReason && ` — ${a.cancelReason}`}
        </p>
      ) : a.arrivedAt ? (
        <p className="tag tag-success">{t('appointments.card.arrived', { at: formatDateTime(a.arrivedAt) })}</p>
      ) : null}
      {a.bookedByReception && <p className="muted">{t('appointments.card.byReception')}</p>}
      <ErrorAlert error={cancel.error ?? arrived.error} />
      <div className="actions">
        {a.abilities.markArrived && (
          <Button className="button button-primary" isDisabled={arrived.isPending} onPress={() => arrived.mutate(a.id)}>
            {t('appointments.desk.markArrived')}
            <span className="visually-hidden"> — {name(a.guardian)}</span>
          </Button>
        )}
        {a.status === 'booked' && view !== 'desk' && (
          <a className="button" href={icsHref(a.id)} download="rendez-vous.ics">
            {t('appointments.card.ics')}
            <span className="visually-hidden"> — {when}</span>
          </a>
        )}
        {a.abilities.cancel && !cancelling && (
          <Button className="button" onPress={() => setCancelling(true)}>
            {t('appointments.card.cancel')}
            <span className="visually-hidden"> — {when}</span>
          </Button>
        )}
      </div>
      {cancelling && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate({ id: a.id, reason }, { onSuccess: () => setCancelling(false) });
          }}
        >
          <TextField className="field" value={reason} onChange={setReason} isRequired maxLength={500}>
            <Label>{t('appointments.card.cancelReason')}</Label>
            <TextArea rows={2} dir="auto" />
          </TextField>
          <div className="toolbar">
            <Button className="button" onPress={() => setCancelling(false)}>
              {t('appointments.card.keep')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={cancel.isPending || !reason.trim()}>
              {t('appointments.card.confirmCancel')}
            </Button>
          </div>
        </form>
      )}
    </li>
  );
}

export function AppointmentList({
  items,
  view,
  empty,
}: {
  items: Appointment[];
  view: 'family' | 'staff' | 'desk';
  empty: string;
}) {
  if (items.length === 0) return <p>{empty}</p>;
  return (
    <ul className="cards appointment-list">
      {items.map((a) => (
        <AppointmentCard key={a.id} a={a} view={view} />
      ))}
    </ul>
  );
}
