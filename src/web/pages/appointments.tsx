import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { useMyAppointments } from '../features/appointments/api.ts';
import { AppointmentList } from '../features/appointments/appointment-card.tsx';
import { ErrorAlert } from '../features/errors.tsx';

/** "Mes rendez-vous": a family's appointments for their children, a staff member's own, or both. */
export default function AppointmentsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const family = hasAbility(me, 'appointments.book');
  const staff = hasAbility(me, 'appointments.receive');
  const mineAsFamily = useMyAppointments('family', family);
  const mineAsStaff = useMyAppointments('staff', staff);
  return (
    <div className="page">
      <PageTitle>{t('appointments.title')}</PageTitle>
      <p className="toolbar">
        {family && (
          <Link href="/rendez-vous/nouveau" className="button button-primary">
            {t('appointments.book.title')}
          </Link>
        )}
        {staff && (
          <Link href="/disponibilites" className="button">
            {t('appointments.availability.title')}
          </Link>
        )}
      </p>
      {staff && (
        <section aria-labelledby="staff-appointments" className="section">
          <h2 id="staff-appointments">{t('appointments.staffTitle')}</h2>
          <ErrorAlert error={mineAsStaff.error} />
          {mineAsStaff.isPending ? (
            <Loading />
          ) : (
            mineAsStaff.data && (
              <AppointmentList items={mineAsStaff.data.items} view="staff" empty={t('appointments.none')} />
            )
          )}
        </section>
      )}
      {family && (
        <section aria-labelledby="family-appointments" className="section">
          <h2 id="family-appointments">{t('appointments.familyTitle')}</h2>
          <ErrorAlert error={mineAsFamily.error} />
          {mineAsFamily.isPending ? (
            <Loading />
          ) : (
            mineAsFamily.data && (
              <AppointmentList items={mineAsFamily.data.items} view="family" empty={t('appointments.none')} />
            )
          )}
        </section>
      )}
    </div>
  );
}
