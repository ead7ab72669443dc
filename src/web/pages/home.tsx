import { lazy, type ReactNode, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { usePupilRecord } from '../features/attendance/queries.ts';
import { WELCOME_KEY } from '../features/auth/welcome.ts';
import { UnreadMessagesCard } from '../features/messaging/unread-card.tsx';
import { usePupilReportCards } from '../features/reportcards/queries.ts';
import { formatNumber } from '../i18n/index.ts';

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

/** "Nouveau bulletin" while a published report card is unread (GET /api/report-cards/pupils/:id, one request). */
function NewReportCards({ pupilId }: { pupilId: string }) {
  const { t } = useTranslation();
  const cards = usePupilReportCards(pupilId);
  const count = cards.data?.reportCards.filter((c) => c.readAt === null).length ?? 0;
  if (count === 0) return null;
  return (
    <p className="entry-summary tag">{t('home.summary.newReportCards', { count, formatted: formatNumber(count) })}</p>
  );
}

/** Unjustified half-days, from the record's counts (GET /api/attendance/pupils/:id, one request). */
function Unjustified({ pupilId }: { pupilId: string }) {
  const { t } = useTranslation();
  const record = usePupilRecord(pupilId);
  const count = record.data?.counts.unjustifiedHalfDays ?? 0;
  if (count === 0) return null;
  return (
    <p className="entry-summary tag tag-warning">
      {t('home.summary.unjustified', { count, formatted: formatNumber(count) })}
    </p>
  );
}

function FamilySection({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="family-title" className="section">
      <h2 id="family-title">{t('home.family.title')}</h2>
      {me.children.length === 0 ? (
        <p>{t('home.family.none')}</p>
      ) : (
        <>
          <p>
            <Link href="/journee-famille" className="card-link">
              {t('timetable.homeFamilyDay')}
            </Link>
          </p>
          <ul className="cards">
            {me.children.map((c) => {
              const name = `${c.firstName} ${c.lastName}`;
              return (
                <li key={c.id} className="card child-card">
                  <h3>
                    <Link href={`/enfants/${c.id}`} className="card-link">
                      <bdi>{name}</bdi>
                    </Link>
                  </h3>
                  <dl className="facts">
                    <div>
                      <dt>{t('pupil.class')}</dt>
                      <dd>{c.class ? c.class.label : t('pupil.noClass')}</dd>
                    </div>
                    <div>
                      <dt>{t('pupil.site')}</dt>
                      <dd>{c.site?.name ?? t('common.none')}</dd>
                    </div>
                    <div>
                      <dt>{t('pupil.school')}</dt>
                      <dd>{c.schoolName}</dd>
                    </div>
                    <div>
                      <dt>{t('pupil.responsibility')}</dt>
                      <dd>{t(`responsibility.${c.responsibility}`)}</dd>
                    </div>
                  </dl>
                  <ul className="child-entries">
                    <li>
                      <Link href={`/enfants/${c.id}`}>
                        {t('timetable.family.childWeek')}
                        <span className="visually-hidden"> {name}</span>
                      </Link>
                    </li>
                    <li>
                      <Link href={`/notes/${c.id}`}>
                        {t('grades.nav')}
                        <span className="visually-hidden"> {name}</span>
                      </Link>
                    </li>
                    <li>
                      <Link href="/bulletins">
                        {t('reportCards.nav')}
                        <span className="visually-hidden"> {name}</span>
                      </Link>
                      <NewReportCards pupilId={c.id} />
                    </li>
                    <li>
                      <Link href={`/absences/${c.id}`}>
                        {t('attendance.family.title')}
                        <span className="visually-hidden"> {name}</span>
                      </Link>
                      <Unjustified pupilId={c.id} />
                    </li>
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      )}
    </section>
  );
}

function PupilSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const enrolment = me.enrolments.find((e) => e.schoolId === school?.id) ?? me.enrolments[0];
  const id = me.person.id;
  const entries: Entry[] = [
    { href: '/emploi-du-temps', label: t('timetable.homeMine') },
    { href: '/travail-a-faire', label: t('cahier.toDoTitle') },
    { href: '/notes', label: t('grades.nav') },
    { href: '/bulletins', label: t('reportCards.nav'), summary: <NewReportCards pupilId={id} /> },
    { href: `/absences/${id}`, label: t('attendance.family.title'), summary: <Unjustified pupilId={id} /> },
  ];
  return (
    <>
      <section aria-labelledby="entries-title" className="section">
        <h2 id="entries-title">{t('home.entries')}</h2>
        <EntryCards entries={entries} />
      </section>
      <section aria-labelledby="class-title" className="section">
        <h2 id="class-title">{t('home.pupil.title')}</h2>
        {enrolment ? (
          <div className="card">
            <dl className="facts">
              <div>
                <dt>{t('pupil.class')}</dt>
                <dd>{enrolment.class.label}</dd>
              </div>
              <div>
                <dt>{t('pupil.site')}</dt>
                <dd>{enrolment.site?.name ?? t('common.none')}</dd>
              </div>
              <div>
                <dt>{t('pupil.school')}</dt>
                <dd>{school?.name}</dd>
              </div>
            </dl>
          </div>
        ) : (
          <p>{t('pupil.noClass')}</p>
        )}
      </section>
    </>
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
  ].filter((e): e is Entry => Boolean(e));
  if (entries.length === 0) return null;
  return (
    <section aria-labelledby="entries-title" className="section">
      <h2 id="entries-title">{t('home.entries')}</h2>
      <EntryCards entries={entries} />
    </section>
  );
}

function TeacherSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const teaching = me.teaching.filter((c) => c.schoolId === school?.id);
  return (
    <section aria-labelledby="classes-title" className="section">
      <h2 id="classes-title">{t('home.teacher.title')}</h2>
      {teaching.length === 0 ? (
        <p>{t('home.teacher.none')}</p>
      ) : (
        <ul className="cards">
          {teaching.map((c) => (
            <li key={`${c.kind}-${c.id}`} className="card">
              <h3>
                {c.kind === 'class'
                  ? t('home.teacher.class', { label: c.label })
                  : t('home.teacher.group', { label: c.label })}
              </h3>
              {c.isPrincipal && <p className="tag">{t('home.teacher.principal')}</p>}
              <p>{c.subjects.map((s) => s.label).join(', ')}</p>
            </li>
          ))}
        </ul>
      )}
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
    can('children.view') && <FamilySection key="family" me={me} />,
    can('self.view') && <PupilSection key="pupil" me={me} />,
    can('classes.view') && <TeacherSection key="teacher" me={me} />,
    (isStaff || can('directory.admin')) && <StaffSection key="staff" me={me} />,
  ].filter(Boolean);
  return (
    <div className="page">
      <PageTitle>{t('home.title', { name: me.person.firstName })}</PageTitle>
      <Welcome />
      {can('messages.use') && <UnreadMessagesCard />}
      {!can('self.view') && <StaffEntries me={me} />}
      {me.children.length > 0 && !can('children.view') && <FamilySection me={me} />}
      {sections.length > 0 ? sections : <p>{t('home.nothing')}</p>}
    </div>
  );
}
