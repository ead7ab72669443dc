import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { BookingForm } from '../features/resources/booking-form.tsx';
import {
  type Booking,
  useBookingAction,
  useMyBookings,
  usePending,
  useResources,
  useWeek,
} from '../features/resources/queries.ts';
import { addDays, formatDay, todayIso } from '../features/timetable/dates.ts';
import { currentLocale } from '../i18n/index.ts';
import '../features/resources/resources.css';

function BookingItem({ b }: { b: Booking }) {
  const { t } = useTranslation();
  const act = useBookingAction();
  return (
    <li>
      <strong>{b.resource.label}</strong> ({b.resource.siteName}) — {b.date} {b.startsAt}–{b.endsAt}
      {b.purpose && ` · ${b.purpose}`} · {b.bookedBy.firstName} {b.bookedBy.lastName} ·{' '}
      {t(`booking.status.${b.status}`)}
      {b.abilities.decide && (
        <>
          {' '}
          <button type="button" onClick={() => act.mutate({ id: b.id, action: 'confirm' })}>
            {t('booking.confirm')}
          </button>{' '}
          <button type="button" onClick={() => act.mutate({ id: b.id, action: 'refuse' })}>
            {t('booking.refuse')}
          </button>
        </>
      )}
      {b.abilities.cancel && (
        <>
          {' '}
          <button type="button" onClick={() => act.mutate({ id: b.id, action: 'cancel' })}>
            {t('booking.cancel')}
          </button>
        </>
      )}
    </li>
  );
}

/** Réservations: the week of a site or a resource, booking, my bookings, and direction's queue. */
export default function BookingsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [date, setDate] = useState(todayIso());
  const [siteId, setSiteId] = useState('');
  const [resourceId, setResourceId] = useState('');
  const resources = useResources(schoolId);
  const week = useWeek(schoolId, date, siteId, resourceId);
  const mine = useMyBookings();
  const pending = usePending(schoolId, resources.data?.canManage ?? false);
  if (resources.isPending) return <Loading />;
  if (resources.error) return <ErrorAlert error={resources.error} />;
  const list = resources.data.items.filter((r) => !siteId || r.site.id === siteId);
  const labelOf = new Map(resources.data.items.map((r) => [r.id, r.label]));
  return (
    <div className="bookings-page">
      <PageTitle>{t('booking.title')}</PageTitle>
      <section aria-labelledby="week-title">
        <h2 id="week-title">{t('booking.week')}</h2>
        <div className="booking-filters">
          <label>
            {t('booking.site')}
            <select
              value={siteId}
              onChange={(e) => {
                setSiteId(e.target.value);
                setResourceId('');
              }}
            >
              <option value="">{t('booking.allSites')}</option>
              {resources.data.sites.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('booking.resource')}
            <select value={resourceId} onChange={(e) => setResourceId(e.target.value)}>
              <option value="">{t('booking.allResources')}</option>
              {list.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => setDate(addDays(date, -7))}>
            {t('booking.previousWeek')}
          </button>
          <button type="button" onClick={() => setDate(addDays(date, 7))}>
            {t('booking.nextWeek')}
          </button>
        </div>
        {week.isPending ? (
          <Loading />
        ) : week.error ? (
          <ErrorAlert error={week.error} />
        ) : (
          <div className="booking-week">
            {week.data.days.map((d) => {
              const items = week.data.items.filter((i) => i.date === d);
              return (
                <section key={d} className="booking-day" aria-label={formatDay(d, currentLocale())}>
                  <h3>{formatDay(d, currentLocale())}</h3>
                  {items.length === 0 ? (
                    <p>{t('booking.free')}</p>
                  ) : (
                    <ul>
                      {items.map((i) => (
                        <li
                          key={`${i.resourceId}-${i.startsAt}-${i.kind}-${i.label}`}
                          className={`booking-item ${i.kind}${i.mine ? ' mine' : ''}`}
                        >
                          {i.startsAt}–{i.endsAt} · <strong>{labelOf.get(i.resourceId)}</strong> ·{' '}
                          {i.kind === 'course' ? t('booking.course') : t(`booking.status.${i.status ?? 'confirmed'}`)} ·{' '}
                          {i.label}
                        </li>
                      ))}
                    </ul>
                  )}
                </section>
              );
            })}
          </div>
        )}
      </section>
      <BookingForm schoolId={schoolId} resources={resources.data.items} />
      <section aria-labelledby="mine-title">
        <h2 id="mine-title">{t('booking.mine')}</h2>
        {(mine.data?.items ?? []).length === 0 ? (
          <p>{t('booking.none')}</p>
        ) : (
          <ul>
            {mine.data?.items.map((b) => (
              <BookingItem key={b.id} b={b} />
            ))}
          </ul>
        )}
      </section>
      {resources.data.canManage && (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">{t('booking.queue')}</h2>
          {(pending.data?.items ?? []).length === 0 ? (
            <p>{t('booking.none')}</p>
          ) : (
            <ul>
              {pending.data?.items.map((b) => (
                <BookingItem key={b.id} b={b} />
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}
