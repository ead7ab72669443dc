import { lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { WELCOME_KEY } from '../features/auth/welcome.ts';
import { TimetableLinks } from '../features/timetable/home-links.tsx';

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

function FamilySection({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="family-title" className="section">
      <h2 id="family-title">{t('home.family.title')}</h2>
      {me.children.length === 0 ? (
        <p>{t('home.family.none')}</p>
      ) : (
        <ul className="cards">
          {me.children.map((c) => (
            <li key={c.id} className="card child-card">
              <h3>
                <Link href={`/enfants/${c.id}`} className="card-link">
                  {c.firstName} {c.lastName}
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
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function PupilSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const enrolment = me.enrolments.find((e) => e.schoolId === school?.id) ?? me.enrolments[0];
  return (
    <section aria-labelledby="day-title" className="section">
      <h2 id="day-title">{t('home.pupil.title')}</h2>
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
      <p className="hint">{t('home.pupil.soon')}</p>
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
      <TimetableLinks me={me} />
      {me.children.length > 0 && !can('children.view') && <FamilySection me={me} />}
      {sections.length > 0 ? sections : <p>{t('home.nothing')}</p>}
    </div>
  );
}
