import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { ApiError } from './api/client.ts';
import { hasAbility, useMe } from './api/queries.ts';
import { Layout } from './components/layout.tsx';
import { Loading } from './components/loading.tsx';
import { signInPathFor } from './components/redirect.ts';
import { SessionWatch } from './components/session-watch.tsx';
import { ErrorAlert } from './features/errors.tsx';
import { changeLocale, currentLocale } from './i18n/index.ts';

const HomePage = lazy(() => import('./pages/home.tsx'));
const ChildPage = lazy(() => import('./pages/child.tsx'));
const NotificationsPage = lazy(() => import('./pages/notifications.tsx'));
const AccountPage = lazy(() => import('./pages/account.tsx'));
const DirectoryPage = lazy(() => import('./pages/directory.tsx'));
const PersonPage = lazy(() => import('./pages/person.tsx'));
const AdminPage = lazy(() => import('./pages/admin.tsx'));
const NotFoundPage = lazy(() => import('./pages/not-found.tsx'));
const TimetablePage = lazy(() => import('./pages/timetable.tsx'));
const HomeworkPage = lazy(() => import('./pages/homework.tsx'));
const FamilyDayPage = lazy(() => import('./pages/family-day.tsx'));
const SchoolTimetablePage = lazy(() => import('./pages/school-timetable.tsx'));
const SessionPage = lazy(() => import('./pages/session.tsx'));
const SessionReadPage = lazy(() => import('./pages/session-read.tsx'));
const RollCallPage = lazy(() => import('./pages/roll-call.tsx'));
const MissingRollCallsPage = lazy(() => import('./pages/missing-roll-calls.tsx'));
const GradeSettingsPage = lazy(() => import('./pages/grade-settings.tsx'));
const AbsencesPage = lazy(() => import('./pages/absences.tsx'));
const JustificationsPage = lazy(() => import('./pages/justifications.tsx'));
const GradesPage = lazy(() => import('./pages/grades.tsx'));
const GradesEntryPage = lazy(() => import('./pages/grades-entry.tsx'));
const ReportCardsPage = lazy(() => import('./pages/report-cards.tsx'));
const ReportCardsStaffPage = lazy(() => import('./pages/report-cards-staff.tsx'));
const VieScolairePage = lazy(() => import('./pages/vie-scolaire.tsx'));
const ToReportPage = lazy(() => import('./pages/to-report.tsx'));
const AttendanceEntryPage = lazy(() => import('./pages/attendance-entry.tsx'));
const MessagingPage = lazy(() => import('./pages/messaging.tsx'));

export default function SignedInApp() {
  const me = useMe();
  const [location] = useLocation();
  const search = useSearch();
  const { t } = useTranslation();
  const locale = me.data?.person.locale;

  // The language saved on the account follows the person from device to device.
  useEffect(() => {
    if (locale && locale !== currentLocale()) void changeLocale(locale);
  }, [locale]);

  if (me.isPending) return <Loading />;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.code === 'UNAUTHENTICATED') {
      return <Redirect to={signInPathFor(location + (search ? `?${search}` : ''))} replace />;
    }
    return (
      <main id="main" className="public-main">
        <h1>{t('errors.title')}</h1>
        <ErrorAlert error={me.error} />
      </main>
    );
  }
  const data = me.data;
  const can = (a: string) => hasAbility(data, a);
  return (
    <Layout me={data}>
      <SessionWatch login={data.person.login} personId={data.person.id} />
      <Suspense fallback={<Loading />}>
        <Switch>
          <Route path="/">
            <HomePage me={data} />
          </Route>
          <Route path="/enfants/:id">{(p) => <ChildPage id={p.id} />}</Route>
          <Route path="/notifications" component={NotificationsPage} />
          <Route path="/compte">
            <AccountPage me={data} />
          </Route>
          {can('directory.search') && (
            <Route path="/annuaire">
              <DirectoryPage me={data} />
            </Route>
          )}
          {can('directory.search') && (
            <Route path="/annuaire/:personId">{(p) => <PersonPage me={data} personId={p.personId} />}</Route>
          )}
          {can('directory.admin') && (
            <Route path="/administration" nest>
              <AdminPage me={data} />
            </Route>
          )}
          {(can('self.view') || can('classes.view')) && (
            <Route path="/emploi-du-temps">
              <TimetablePage me={data} />
            </Route>
          )}
          {(can('self.view') || can('children.view')) && (
            <Route path="/travail-a-faire">
              <HomeworkPage me={data} />
            </Route>
          )}
          {can('children.view') && (
            <Route path="/travail-a-faire/:pupilId">{(p) => <HomeworkPage me={data} pupilId={p.pupilId} />}</Route>
          )}
          {can('children.view') && <Route path="/journee-famille" component={FamilyDayPage} />}
          {can('timetable.cancel') && (
            <Route path="/emplois-du-temps">
              <SchoolTimetablePage me={data} />
            </Route>
          )}
          {can('classes.view') && (
            <Route path="/seances/:courseId/:date">{(p) => <SessionPage courseId={p.courseId} date={p.date} />}</Route>
          )}
          {!can('classes.view') && (can('self.view') || can('children.view')) && (
            <Route path="/seances/:courseId/:date">
              {(p) => <SessionReadPage courseId={p.courseId} date={p.date} isPupil={can('self.view')} />}
            </Route>
          )}
          {(can('classes.view') || can('attendance.watch')) && (
            <Route path="/appel/:courseId/:date">{(p) => <RollCallPage courseId={p.courseId} date={p.date} />}</Route>
          )}
          {can('attendance.watch') && (
            <Route path="/appels-manquants">
              <MissingRollCallsPage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view')) && (
            <Route path="/absences">
              <AbsencesPage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view') || can('attendance.watch')) && (
            <Route path="/absences/:pupilId">{(p) => <AbsencesPage me={data} pupilId={p.pupilId} />}</Route>
          )}
          {can('attendance.watch') && (
            <Route path="/absences/:pupilId/saisie">
              {(p) => <AttendanceEntryPage me={data} pupilId={p.pupilId} />}
            </Route>
          )}
          {can('attendance.watch') && (
            <Route path="/vie-scolaire">
              <VieScolairePage me={data} />
            </Route>
          )}
          {can('attendance.toReport') && (
            <Route path="/a-signaler">
              <ToReportPage me={data} />
            </Route>
          )}
          {can('attendance.justifications') && (
            <Route path="/justificatifs">
              <JustificationsPage me={data} />
            </Route>
          )}
          {can('grades.teach') && (
            <Route path="/notes/saisie">
              <GradesEntryPage me={data} />
            </Route>
          )}
          {can('grades.settings') && (
            <Route path="/notes/reglages">
              <GradeSettingsPage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view')) && (
            <Route path="/notes">
              <GradesPage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view') || can('grades.readAll')) && (
            <Route path="/notes/:pupilId">{(p) => <GradesPage me={data} pupilId={p.pupilId} />}</Route>
          )}
          {can('reportCards.staff') && (
            <Route path="/bulletins/classes">
              <ReportCardsStaffPage me={data} />
            </Route>
          )}
          {can('reportCards.staff') && (
            <Route path="/bulletins/classes/:classId">
              {(p) => <ReportCardsStaffPage me={data} classId={p.classId} />}
            </Route>
          )}
          {(can('children.view') || can('self.view') || can('reportCards.staff')) && (
            <Route path="/bulletins">
              <ReportCardsPage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view')) && (
            <Route path="/bulletins/:reportCardId">
              {(p) => <ReportCardsPage me={data} reportCardId={p.reportCardId} />}
            </Route>
          )}
          {can('messages.use') && (
            <Route path="/messagerie">
              <MessagingPage me={data} />
            </Route>
          )}
          {can('messages.use') && (
            <Route path="/messagerie/*">
              <MessagingPage me={data} />
            </Route>
          )}
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </Layout>
  );
}
