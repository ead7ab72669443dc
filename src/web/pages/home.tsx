import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import {
  FamilyUpcomingAppointments,
  ReceptionHomeLink,
  StaffAppointmentsToday,
} from '../features/appointments/home-cards.tsx';
import { WELCOME_KEY } from '../features/auth/welcome.ts';
import { FamilyToday, PupilToday } from '../features/home/family-home.tsx';
import { UnreadMessagesCard } from '../features/messaging/unread-card.tsx';
import { NewsToReadCard } from '../features/news/home-cards.tsx';
import { QuestionnairesCard } from '../features/questionnaires/home-card.tsx';
import { ApplicationsCard } from '../features/sso/home-card.tsx';

// Teachers' and staff's "today" (features/home/staff-home.tsx) is loaded for them only.
const StaffHomeSections = lazy(() =>
  import('../features/home/staff-home.tsx').then((m) => ({ default: m.StaffHomeSections })),
);
// Only staff get the search on their home page: its code is loaded for them only.
const DirectorySearch = lazy(() =>
  import('../features/directory/directory-search.tsx').then((m) => ({ default: m.DirectorySearch })),
);

function Welcome() {
  const { t } = useTranslation();
  const [login, setLogin] = useState(() => sessionStorage.getItem(WELCOME_KEY));
  if (!login) return null;
  return (
    <div className="alert alert-success" role="status">
      <p>{t('home.activated')}</p>
      <p>
        {t('home.yourLogin')} <strong className="login">{login}</strong>
      </p>
      <Button
        className="button"
        onPress={() => {
          sessionStorage.removeItem(WELCOME_KEY);
          setLogin(null);
        }}
      >
        {t('home.noted')}
      </Button>
    </div>
  );
}

interface Entry {
  href: string;
  label: string;
  /** Read after the label (a child's name, so that "Notes" is not ambiguous out of context). */
  hidden?: string;
  summary?: ReactNode;
}

/** Entry points as a grid of cards, each one link; a short summary may follow the label. */
function EntryCards({ entries }: { entries: Entry[] }) {
  return (
    <ul className="cards quick-links">
      {entries.map((e) => (
        <li key={e.href} className="card entry-card">
          <Link href={e.href} className="card-link entry-link">
            {e.label}
            {e.hidden && <span className="visually-hidden"> {e.hidden}</span>}
          </Link>
          {e.summary}
        </li>
      ))}
    </ul>
  );
}

/** Teachers' and staff's tools: only those the abilities in /api/me open. */
function StaffEntries({ me }: { me: Me }) {
  const { t } = useTranslation();
  const can = (a: string) => hasAbility(me, a);
  const entries = [
    can('classes.view') && { href: '/emploi-du-temps', label: t('timetable.homeMine') },
    can('grades.teach') && { href: '/notes/saisie', label: t('grades.navTeacher') },
    can('reportCards.staff') && { href: '/bulletins/classes', label: t('reportCards.navStaff') },
    can('attendance.watch') && { href: '/appels-manquants', label: t('timetable.homeMissing') },
    can('attendance.justifications') && { href: '/justificatifs', label: t('attendance.navInbox') },
    can('timetable.cancel') && { href: '/emplois-du-temps', label: t('timetable.homeSchool') },
    can('usage.read') && { href: '/pilotage', label: t('usage.title') },
    can('usage.teacher') && { href: '/pilotage/classes', label: t('usage.teacher.link') },
    can('questionnaires.manage') && { href: '/questionnaires', label: t('questionnaires.title') },
    me.person.isDeploymentAdmin && { href: '/pilotage/departement', label: t('usage.department.title') },
    can('timetable.edit') && { href: '/imports', label: t('imports.nav') },
    can('discipline.incidents') && { href: '/incidents', label: t('discipline.title') },
    can('discipline.procedures') && { href: '/procedures-disciplinaires', label: t('discipline.procedure.title') },
    can('support.plans') && { href: '/plans-accompagnement', label: t('support.title') },
    can('followup.reads') && { href: '/suivi/journal', label: t('followup.log.title') },
    can('evenings.organise') && { href: '/reunions', label: t('evenings.title') },
    can('documents.use') && { href: '/documents', label: t('documents.title') },
    can('directory.admin') && { href: '/documents/utilisation', label: t('documents.usageTitle') },
  ].filter((e): e is Entry => Boolean(e));
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="entries-title" className="section">
      <h2 id="entries-title">{t('home.entries')}</h2>
      <EntryCards entries={entries} />
    </section>
  );
}

function StaffSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const canSearch = hasAbility(me, 'directory.search');
  // Direction, vie scolaire and secretariat look after every pupil: the search comes first for them.
  if (canSearch && hasAbility(me, 'pupils.viewAll')) {
    return (
      <section aria-labelledby="search-title" className="section">
        <h2 id="search-title">{t('home.staff.searchTitle')}</h2>
        <Suspense fallback={<Loading />}>
          <DirectorySearch me={me} />
        </Suspense>
      </section>
    );
  }
  return (
    <section aria-labelledby="staff-title" className="section">
      <h2 id="staff-title">{t('home.staff.title')}</h2>
      <div className="card">
        <p>{t('home.staff.honest')}</p>
        {canSearch && (
          <p>
            <Link href="/annuaire">{t('home.staff.toDirectory')}</Link>
          </p>
        )}
      </div>
    </section>
  );
}

export default function HomePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const can = (a: string) => hasAbility(me, a);
  const isStaff = school?.profiles.includes('staff') ?? false;
  const sections = [
    can('children.view') && <FamilyToday key="family" me={me} />,
    can('appointments.book') && <FamilyUpcomingAppointments key="family-appointments" />,
    can('self.view') && <PupilToday key="pupil" me={me} />,
    can('reception.desk') && <ReceptionHomeLink key="desk" />,
    can('appointments.receive') && <StaffAppointmentsToday key="staff-appointments" />,
    (can('classes.view') || isStaff) && (
      <Suspense key="today" fallback={<Loading />}>
        <StaffHomeSections me={me} />
      </Suspense>
    ),
    !isStaff && !can('classes.view') && can('directory.admin') && <StaffSection key="staff" me={me} />,
  ].filter(Boolean);
  return (
    <div className="page">
      <PageTitle>{t('home.title', { name: me.person.firstName })}</PageTitle>
      <Welcome />
      {can('messages.use') && <UnreadMessagesCard />}
      <QuestionnairesCard />
      {can('news.read') && !can('children.view') && !can('self.view') && (
        <NewsToReadCard canPublish={can('news.publish')} />
      )}
      {me.children.length > 0 && !can('children.view') && <FamilyToday me={me} />}
      {sections.length > 0 ? sections : <p>{t('home.nothing')}</p>}
      {!can('self.view') && <StaffEntries me={me} />}
      <ApplicationsCard />
    </div>
  );
}
