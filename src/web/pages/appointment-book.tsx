import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import type { Appointment } from '../features/appointments/api.ts';
import { AppointmentList } from '../features/appointments/appointment-card.tsx';
import { BookForm } from '../features/appointments/book-form.tsx';

/** "Prendre rendez-vous": child → whom → day and time → reason → confirm; then the confirmation. */
export default function AppointmentBookPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const [booked, setBooked] = useState<Appointment | null>(null);
  const children = me.children
    .filter((c) => c.schoolId === school?.id)
    .map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}` }));
  return (
    <div className="page">
      <PageTitle>{t('appointments.book.title')}</PageTitle>
      {booked ? (
        <section aria-labelledby="booked-title" className="section">
          <div role="status">
            <h2 id="booked-title">{t('appointments.book.done')}</h2>
          </div>
          <AppointmentList items={[booked]} view="family" empty="" />
          <p className="toolbar">
            <Link href="/rendez-vous" className="button button-primary">
              {t('appointments.title')}
            </Link>
          </p>
        </section>
      ) : children.length === 0 ? (
        <p>{t('home.family.none')}</p>
      ) : (
        <BookForm pupils={children} onBooked={setBooked} />
      )}
    </div>
  );
}
