import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { currentLocale } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { formatDay, todayIso } from '../timetable/dates.ts';
import { useMyAppointments } from './api.ts';

const name = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** The staff home: today's appointments of the caller, with a link to all of them and to their availability. */
export function StaffAppointmentsToday() {
  const { t } = useTranslation();
  const today = todayIso();
  const q = useMyAppointments('staff', true, { from: today, to: today });
  const items = (q.data?.items ?? []).filter((a) => a.status === 'booked');
  return (
    <section aria-labelledby="home-appointments" className="section">
      <h2 id="home-appointments">{t('appointments.home.today')}</h2>
      <ErrorAlert error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('appointments.home.noneToday')}</p>
      ) : (
        <ul className="today-sessions">
          {items.map((a) => (
            <li key={a.id}>
              <bdi dir="ltr">{a.startsAt}</bdi> · {name(a.guardian)} ({name(a.pupil)}) · {a.site.name}
              {a.arrivedAt && <span className="tag tag-success"> {t('appointments.home.arrived')}</span>}
            </li>
          ))}
        </ul>
      )}
      <p className="toolbar">
        <Link href="/rendez-vous">{t('appointments.title')}</Link>
        <Link href="/disponibilites">{t('appointments.availability.title')}</Link>
      </p>
    </section>
  );
}

/** The family home: the coming appointments, and "Prendre rendez-vous". */
export function FamilyUpcomingAppointments() {
  const { t } = useTranslation();
  const q = useMyAppointments('family');
  const items = (q.data?.items ?? []).filter((a) => a.status === 'booked').slice(0, 3);
  return (
    <section aria-labelledby="home-family-appointments" className="section">
      <h2 id="home-family-appointments">{t('appointments.home.upcoming')}</h2>
      <ErrorAlert error={q.error} />
      {q.isPending ? (
        <Loading />
      ) : items.length === 0 ? (
        <p>{t('appointments.none')}</p>
      ) : (
        <ul className="today-sessions">
          {items.map((a) => (
            <li key={a.id}>
              {formatDay(a.date, currentLocale())}, <bdi dir="ltr">{a.startsAt}</bdi> · {name(a.staff)} ·{' '}
              {a.pupil.firstName}
            </li>
          ))}
        </ul>
      )}
      <p className="toolbar">
        <Link href="/rendez-vous/nouveau" className="button button-primary">
          {t('appointments.book.title')}
        </Link>
        <Link href="/rendez-vous">{t('appointments.title')}</Link>
      </p>
    </section>
  );
}

/** Reception's home: the desk, one tap away. */
export function ReceptionHomeLink() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="home-desk" className="section">
      <h2 id="home-desk">{t('appointments.desk.title')}</h2>
      <p>
        <Link href="/accueil" className="button button-primary">
          {t('appointments.home.openDesk')}
        </Link>
      </p>
    </section>
  );
}
