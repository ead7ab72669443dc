import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorMessage } from '../errors.tsx';
import { type Resource, useBook, useMySessions } from './queries.ts';

interface Conflict {
  kind: 'course' | 'booking';
  date: string;
  startsAt: string;
  endsAt: string;
  subject?: string;
  class?: string | null;
  teachers?: string[];
  bookedBy?: string;
  purpose?: string;
}

/** Names what a refused booking clashes with: the course (subject, class, teachers) or the booking (who, what). */
function ConflictList({ conflicts }: { conflicts: Conflict[] }) {
  const { t } = useTranslation();
  return (
    <ul>
      {conflicts.map((c) => (
        <li key={`${c.kind}-${c.date}-${c.startsAt}-${c.subject ?? c.bookedBy}`}>
          {c.kind === 'course'
            ? t('booking.conflictCourse', {
                date: c.date,
                start: c.startsAt,
                end: c.endsAt,
                subject: c.subject,
                class: c.class ?? '',
                teachers: (c.teachers ?? []).join(', '),
              })
            : t('booking.conflictBooking', {
                date: c.date,
                start: c.startsAt,
                end: c.endsAt,
                who: c.bookedBy,
                purpose: c.purpose || '—',
              })}
        </li>
      ))}
    </ul>
  );
}

export function BookingForm({ schoolId, resources }: { schoolId: string; resources: Resource[] }) {
  const { t } = useTranslation();
  const sessions = useMySessions(schoolId);
  const book = useBook(schoolId);
  const [resourceId, setResourceId] = useState('');
  const [sessionKey, setSessionKey] = useState('');
  const [date, setDate] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [repeatUntil, setRepeatUntil] = useState('');
  const [purpose, setPurpose] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    book.mutate(
      {
        resourceId,
        purpose,
        ...(sessionKey ? { sessionKey } : { date, startsAt, endsAt }),
        ...(repeatUntil ? { repeatUntil } : {}),
      },
      {
        onSuccess: (r) =>
          setDone(
            r.items[0]?.status === 'pending'
              ? t('booking.pending', { count: r.items.length })
              : t('booking.done', { count: r.items.length }),
          ),
      },
    );
  };
  const err = book.error;
  const conflicts =
    err instanceof ApiError && err.code === 'RESOURCE_TAKEN'
      ? ((err.details as { conflicts?: Conflict[] })?.conflicts ?? [])
      : [];
  return (
    <form className="booking-form" onSubmit={submit}>
      <h2>{t('booking.book')}</h2>
      <label>
        {t('booking.resource')}
        <select required value={resourceId} onChange={(e) => setResourceId(e.target.value)}>
          <option value="">{t('booking.choose')}</option>
          {resources.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label} — {r.site.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('booking.forSession')}
        <select value={sessionKey} onChange={(e) => setSessionKey(e.target.value)}>
          <option value="">{t('booking.timeRange')}</option>
          {(sessions.data?.items ?? []).map((s) => (
            <option key={s.key} value={s.key}>
              {s.date} {s.startsAt}–{s.endsAt} · {s.label}
            </option>
          ))}
        </select>
      </label>
      {!sessionKey && (
        <>
          <label>
            {t('booking.date')}
            <input type="date" required value={date} onChange={(e) => setDate(e.target.value)} />
          </label>
          <label>
            {t('booking.from')}
            <input type="time" required value={startsAt} onChange={(e) => setStartsAt(e.target.value)} />
          </label>
          <label>
            {t('booking.to')}
            <input type="time" required value={endsAt} onChange={(e) => setEndsAt(e.target.value)} />
          </label>
        </>
      )}
      <label>
        {t('booking.repeatUntil')}
        <input type="date" value={repeatUntil} onChange={(e) => setRepeatUntil(e.target.value)} />
      </label>
      <label>
        {t('booking.purpose')}
        <input type="text" maxLength={200} value={purpose} onChange={(e) => setPurpose(e.target.value)} />
      </label>
      <button type="submit" disabled={book.isPending}>
        {t('booking.submit')}
      </button>
      {done && <p role="status">{done}</p>}
      {err && (
        <div role="alert" className="error">
          <p>{conflicts.length > 0 ? t('booking.taken') : errorMessage(t, err)}</p>
          {conflicts.length > 0 && <ConflictList conflicts={conflicts} />}
        </div>
      )}
    </form>
  );
}
