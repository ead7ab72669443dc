import { useQueryClient } from '@tanstack/react-query';
import { type KeyboardEvent, lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { currentSchool, hasAbility, signOut, unreadKey, useUnreadCount } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { useUnreadMessages } from '../features/messaging/api.ts';
import { useNewsToRead } from '../features/news/api.ts';
import { formatNumber } from '../i18n/index.ts';

/** What the header says the person is here: their functions when staff, else their profiles. */
export function useRoleLabel(me: Me): string {
  const { t } = useTranslation();
  const school = currentSchool(me);
  if (!school) return me.person.isDeploymentAdmin ? t('profiles.deploymentAdmin') : '';
  const parts = [
    ...school.profiles.filter((p) => p !== 'staff' || school.functions.length === 0).map((p) => t(`profiles.${p}`)),
    ...school.functions.map((f) => t(`functions.${f}`)),
  ];
  return parts.join(', ');
}

// Only people in several schools need the switcher (and its listbox code).
const SchoolSwitcher = lazy(() => import('./school-switcher.tsx'));

function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const [location] = useLocation();
  const active = href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`);
  return (
    <Link href={href} className="nav-link" aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** The unread count, shown as a badge and read out in words. */
function Unread({ count }: { count: number }) {
  const { t } = useTranslation();
  if (count === 0) return null;
  return (
    <>
      <span className="badge" aria-hidden="true">
        {formatNumber(count)}
      </span>
      <span className="visually-hidden">{t('nav.unread', { count, formatted: formatNumber(count) })}</span>
    </>
  );
}

function UnreadBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <NavLink href="/notifications">
      {t('nav.notifications')}
      <Unread count={count} />
    </NavLink>
  );
}

/** "Messagerie", with its unread count. */
function MessagesLink() {
  const { t } = useTranslation();
  const count = useUnreadMessages().data?.count ?? 0;
  return (
    <NavLink href="/messagerie">
      {t('messaging.title')}
      <Unread count={count} />
    </NavLink>
  );
}

/** "Actualités", with the number of news still to read. */
function NewsLink() {
  const { t } = useTranslation();
  const count = useNewsToRead().data?.count ?? 0;
  return (
    <NavLink href="/actualites">
      {t('news.title')}
      <Unread count={count} />
    </NavLink>
  );
}

/**
 * Who is signed in, "Mon compte" and "Se déconnecter": at the end of the header's top row on wide screens, at the
 * bottom of the menu's panel on narrow ones (CSS shows one of the two).
 */
function UserArea({ me, roleLabel, variant }: { me: Me; roleLabel: string; variant: 'bar' | 'panel' }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  return (
    <div className={`user-area user-area-${variant}`}>
      <p className="who">
        <bdi className="person-name">
          {me.person.firstName} {me.person.lastName}
        </bdi>
        {roleLabel && <span className="role"> · {roleLabel}</span>}
      </p>
      <ul className="user-links">
        {hasAbility(me, 'account.manage') && (
          <li>
            <NavLink href="/compte">{t('nav.account')}</NavLink>
          </li>
        )}
        <li>
          <Button
            className="nav-link link-button"
            onPress={() => {
              void signOut().finally(() => navigate('/connexion?au-revoir', { replace: true }));
            }}
          >
            {t('nav.signOut')}
          </Button>
        </li>
      </ul>
    </div>
  );
}

/**
 * The frame of every page behind the sign-in; its menu comes only from the abilities the server computed. Under
 * 60rem the menu is a disclosure: a "Menu" button (with the unread count) opens the links as a panel over the page;
 * the panel closes on navigation and on Escape (the focus goes back to the button).
 */
export function Layout({ me, children }: { me: Me; children: ReactNode }) {
  const { t } = useTranslation();
  const [location] = useLocation();
  const qc = useQueryClient();
  const school = currentSchool(me);
  const enrolment = me.enrolments.find((e) => e.schoolId === school?.id);
  const can = (a: string) => hasAbility(me, a);
  const roleLabel = useRoleLabel(me);
  const unread = useUnreadCount().data?.count ?? 0;
  const mainRef = useRef<HTMLElement>(null);
  const menuButtonRef = useRef<HTMLButtonElement>(null);
  const firstRender = useRef(true);
  const [menuOpen, setMenuOpen] = useState(false);

  // On each page change: close the menu, move focus to the content (screen readers hear the new page) and refresh
  // the count.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect is about the location changing
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
    void qc.invalidateQueries({ queryKey: unreadKey });
  }, [location, qc]);

  const onNavKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && menuOpen) {
      e.stopPropagation();
      setMenuOpen(false);
      menuButtonRef.current?.focus();
    }
  };

  const family = can('children.view') || can('self.view');
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="site-header">
        <div className="header-bar">
          <p className="brand">
            <Link href="/" className="brand-name">
              Préau
            </Link>
            {school && (
              <span className="school-name">
                {school.name}
                {enrolment?.site && <span className="site-name"> · {enrolment.site.name}</span>}
              </span>
            )}
          </p>
          <UserArea me={me} roleLabel={roleLabel} variant="bar" />
          <nav aria-label={t('nav.label')} className="site-nav" onKeyDown={onNavKeyDown}>
            <Button
              ref={menuButtonRef}
              className="menu-button"
              aria-expanded={menuOpen}
              aria-controls="site-menu"
              onPress={() => setMenuOpen((o) => !o)}
            >
              <span className="menu-icon" aria-hidden="true" />
              {t('nav.menu')}
              {!menuOpen && <Unread count={unread} />}
            </Button>
            <div id="site-menu" className="nav-panel" data-open={menuOpen || undefined}>
              <ul className="nav-list">
                <li>
                  <NavLink href="/">{t('nav.home')}</NavLink>
                </li>
                <li>
                  <UnreadBadge count={unread} />
                </li>
                {can('messages.use') && (
                  <li>
                    <MessagesLink />
                  </li>
                )}
                {can('news.read') && (
                  <li>
                    <NewsLink />
                  </li>
                )}
                {(can('self.view') || can('classes.view')) && (
                  <li>
                    <NavLink href="/emploi-du-temps">{t('timetable.navLabel')}</NavLink>
                  </li>
                )}
                {family && (
                  <li>
                    <NavLink href="/travail-a-faire">{t('cahier.toDoTitle')}</NavLink>
                  </li>
                )}
                {can('children.view') && (
                  <li>
                    <NavLink href="/journee-famille">{t('timetable.family.title')}</NavLink>
                  </li>
                )}
                {family && (
                  <li>
                    <NavLink href="/notes">{t('grades.nav')}</NavLink>
                  </li>
                )}
                {family && (
                  <li>
                    <NavLink href="/bulletins">{t('reportCards.nav')}</NavLink>
                  </li>
                )}
                {family && (
                  <li>
                    <NavLink href="/absences">{t('attendance.navFamily')}</NavLink>
                  </li>
                )}
                {family && (
                  <li>
                    <NavLink href="/vie-de-l-eleve">{t('discipline.family.nav')}</NavLink>
                  </li>
                )}
                {(can('appointments.book') || can('appointments.receive')) && (
                  <li>
                    <NavLink href="/rendez-vous">{t('appointments.title')}</NavLink>
                  </li>
                )}
                {can('reception.desk') && (
                  <li>
                    <NavLink href="/accueil">{t('appointments.desk.title')}</NavLink>
                  </li>
                )}
                {(can('info.read') || can('info.edit')) && (
                  <li>
                    <NavLink href="/infos-pratiques">{t('appointments.info.title')}</NavLink>
                  </li>
                )}
                {can('grades.teach') && (
                  <li>
                    <NavLink href="/notes/saisie">{t('grades.navTeacher')}</NavLink>
                  </li>
                )}
                {can('reportCards.staff') && (
                  <li>
                    <NavLink href="/bulletins/classes">{t('reportCards.navStaff')}</NavLink>
                  </li>
                )}
                {can('grades.settings') && (
                  <li>
                    <NavLink href="/notes/reglages">{t('grades.settings.title')}</NavLink>
                  </li>
                )}
                {can('attendance.justifications') && (
                  <li>
                    <NavLink href="/justificatifs">{t('attendance.navInbox')}</NavLink>
                  </li>
                )}
                {can('timetable.cancel') && (
                  <li>
                    <NavLink href="/emplois-du-temps">{t('timetable.school.title')}</NavLink>
                  </li>
                )}
                {can('attendance.watch') && (
                  <li>
                    <NavLink href="/appels-manquants">{t('attendance.missingTitle')}</NavLink>
                  </li>
                )}
                {can('attendance.toReport') && (
                  <li>
                    <NavLink href="/a-signaler">{t('staffDay.toReport.title')}</NavLink>
                  </li>
                )}
                {can('attendance.watch') && (
                  <li>
                    <NavLink href="/vie-scolaire">{t('staffDay.tools.title')}</NavLink>
                  </li>
                )}
                {can('discipline.incidents') && (
                  <li>
                    <NavLink href="/incidents">{t('discipline.title')}</NavLink>
                  </li>
                )}
                {can('discipline.procedures') && (
                  <li>
                    <NavLink href="/procedures-disciplinaires">{t('discipline.procedure.title')}</NavLink>
                  </li>
                )}
                {can('support.plans') && (
                  <li>
                    <NavLink href="/plans-accompagnement">{t('support.title')}</NavLink>
                  </li>
                )}
                {can('followup.meetings') && (
                  <li>
                    <NavLink href="/suivi/reunions">{t('meetings.title')}</NavLink>
                  </li>
                )}
                {can('followup.reads') && (
                  <li>
                    <NavLink href="/suivi/journal">{t('followup.log.title')}</NavLink>
                  </li>
                )}
                {can('evenings.view') && (
                  <li>
                    <NavLink href="/reunions">{t('evenings.title')}</NavLink>
                  </li>
                )}
                {can('resources.book') && (
                  <li>
                    <NavLink href="/reservations">{t('booking.title')}</NavLink>
                  </li>
                )}
                {can('documents.use') && (
                  <li>
                    <NavLink href="/documents">{t('documents.nav')}</NavLink>
                  </li>
                )}
                {can('directory.search') && (
                  <li>
                    <NavLink href="/annuaire">{t('nav.directory')}</NavLink>
                  </li>
                )}
                {can('directory.admin') && (
                  <li>
                    <NavLink href="/administration">{t('nav.admin')}</NavLink>
                  </li>
                )}
                {can('usage.read') && (
                  <li>
                    <NavLink href="/pilotage">{t('usage.nav')}</NavLink>
                  </li>
                )}
                {can('questionnaires.manage') && (
                  <li>
                    <NavLink href="/questionnaires">{t('questionnaires.title')}</NavLink>
                  </li>
                )}
                {me.person.isDeploymentAdmin && (
                  <li>
                    <NavLink href="/pilotage/departement">{t('usage.department.nav')}</NavLink>
                  </li>
                )}
                {can('timetable.edit') && (
                  <li>
                    <NavLink href="/imports">{t('imports.nav')}</NavLink>
                  </li>
                )}
              </ul>
              <UserArea me={me} roleLabel={roleLabel} variant="panel" />
            </div>
          </nav>
        </div>
        {me.schools.length > 1 && (
          <Suspense fallback={null}>
            <SchoolSwitcher me={me} />
          </Suspense>
        )}
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
      <footer className="site-footer">
        <p>{t('layout.footer')}</p>
      </footer>
    </>
  );
}
