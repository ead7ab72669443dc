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
import { changeLocale, currentLocale, withFullCatalogue } from './i18n/index.ts';

const HomePage = lazy(() => import('./pages/home.tsx'));
const EnrolmentPage = lazy(() =>
  withFullCatalogue(import('./features/auth/two-step.tsx').then((m) => ({ default: m.EnrolmentPage }))),
);
const ChildPage = lazy(() => withFullCatalogue(import('./pages/child.tsx')));
const NotificationsPage = lazy(() => withFullCatalogue(import('./pages/notifications.tsx')));
const AccountPage = lazy(() => withFullCatalogue(import('./pages/account.tsx')));
const DirectoryPage = lazy(() => withFullCatalogue(import('./pages/directory.tsx')));
const PersonPage = lazy(() => withFullCatalogue(import('./pages/person.tsx')));
const AdminPage = lazy(() => withFullCatalogue(import('./pages/admin.tsx')));
const ImportsPage = lazy(() => withFullCatalogue(import('./pages/imports.tsx')));
const RolloverPage = lazy(() => withFullCatalogue(import('./pages/rollover.tsx')));
const NotFoundPage = lazy(() => withFullCatalogue(import('./pages/not-found.tsx')));
const TimetablePage = lazy(() => withFullCatalogue(import('./pages/timetable.tsx')));
const HomeworkPage = lazy(() => withFullCatalogue(import('./pages/homework.tsx')));
const FamilyDayPage = lazy(() => withFullCatalogue(import('./pages/family-day.tsx')));
const SchoolTimetablePage = lazy(() => withFullCatalogue(import('./pages/school-timetable.tsx')));
const SessionPage = lazy(() => withFullCatalogue(import('./pages/session.tsx')));
const DocumentsPage = lazy(() => withFullCatalogue(import('./pages/documents.tsx')));
const HandInsPage = lazy(() => withFullCatalogue(import('./pages/hand-ins.tsx')));
const SessionReadPage = lazy(() => withFullCatalogue(import('./pages/session-read.tsx')));
const RollCallPage = lazy(() => withFullCatalogue(import('./pages/roll-call.tsx')));
const MissingRollCallsPage = lazy(() => withFullCatalogue(import('./pages/missing-roll-calls.tsx')));
const GradeSettingsPage = lazy(() => withFullCatalogue(import('./pages/grade-settings.tsx')));
const AbsencesPage = lazy(() => withFullCatalogue(import('./pages/absences.tsx')));
const JustificationsPage = lazy(() => withFullCatalogue(import('./pages/justifications.tsx')));
const GradesPage = lazy(() => withFullCatalogue(import('./pages/grades.tsx')));
const GradesEntryPage = lazy(() => withFullCatalogue(import('./pages/grades-entry.tsx')));
const ReportCardsPage = lazy(() => withFullCatalogue(import('./pages/report-cards.tsx')));
const ReportCardsStaffPage = lazy(() => withFullCatalogue(import('./pages/report-cards-staff.tsx')));
const VieScolairePage = lazy(() => withFullCatalogue(import('./pages/vie-scolaire.tsx')));
const ToReportPage = lazy(() => withFullCatalogue(import('./pages/to-report.tsx')));
const AttendanceEntryPage = lazy(() => withFullCatalogue(import('./pages/attendance-entry.tsx')));
const MessagingPage = lazy(() => withFullCatalogue(import('./pages/messaging.tsx')));
const QuestionnairesPage = lazy(() => withFullCatalogue(import('./pages/questionnaires.tsx')));
const ApplicationsPage = lazy(() => withFullCatalogue(import('./pages/applications.tsx')));
const PilotagePage = lazy(() => withFullCatalogue(import('./pages/pilotage.tsx')));
const PilotageClassesPage = lazy(() => withFullCatalogue(import('./pages/pilotage-classes.tsx')));
const PilotageDepartementPage = lazy(() => withFullCatalogue(import('./pages/pilotage-departement.tsx')));
const NewsPage = lazy(() => withFullCatalogue(import('./pages/news.tsx')));
const IncidentsPage = lazy(() => withFullCatalogue(import('./pages/incidents.tsx')));
const ProceduresPage = lazy(() => withFullCatalogue(import('./pages/procedures.tsx')));
const SupportPlansPage = lazy(() => withFullCatalogue(import('./pages/support-plans.tsx')));
const PupilDisciplinePage = lazy(() => withFullCatalogue(import('./pages/pupil-discipline.tsx')));
const PupilFilePage = lazy(() => withFullCatalogue(import('./pages/pupil-file.tsx')));
const FollowupMeetingsPage = lazy(() => withFullCatalogue(import('./pages/followup-meetings.tsx')));
const FollowupReadsPage = lazy(() => withFullCatalogue(import('./pages/followup-reads.tsx')));
const AppointmentsPage = lazy(() => withFullCatalogue(import('./pages/appointments.tsx')));
const AppointmentBookPage = lazy(() => withFullCatalogue(import('./pages/appointment-book.tsx')));
const AvailabilityPage = lazy(() => withFullCatalogue(import('./pages/availability.tsx')));
const ReceptionPage = lazy(() => withFullCatalogue(import('./pages/reception.tsx')));
const InfoPage = lazy(() => withFullCatalogue(import('./pages/info.tsx')));
const BookingsPage = lazy(() => withFullCatalogue(import('./pages/bookings.tsx')));
const EveningsPage = lazy(() => withFullCatalogue(import('./pages/evenings.tsx')));
const EveningPage = lazy(() =>
  withFullCatalogue(import('./pages/evenings.tsx').then((m) => ({ default: m.EveningPage }))),
);
const EveningNewPage = lazy(() =>
  withFullCatalogue(import('./pages/evenings.tsx').then((m) => ({ default: m.EveningNewPage }))),
);
const EveningListsPage = lazy(() =>
  withFullCatalogue(import('./pages/evenings.tsx').then((m) => ({ default: m.EveningListsPage }))),
);

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
  // Staff who must use a second sign-in step set it up before anything else (the server refuses the rest).
  if (data.mfaEnrolmentPending) {
    return (
      <Suspense fallback={<Loading />}>
        <EnrolmentPage />
      </Suspense>
    );
  }
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
          {can('timetable.edit') && (
            <Route path="/imports/bascule">
              <RolloverPage me={data} />
            </Route>
          )}
          {can('timetable.edit') && (
            <Route path="/imports">
              <ImportsPage me={data} />
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
          {can('resources.book') && <Route path="/reservations">{() => <BookingsPage me={data} />}</Route>}
          {can('evenings.view') && <Route path="/reunions">{() => <EveningsPage me={data} />}</Route>}
          {can('evenings.organise') && <Route path="/reunions/nouvelle">{() => <EveningNewPage me={data} />}</Route>}
          {can('evenings.organise') && (
            <Route path="/reunions/:id/listes">{(p) => <EveningListsPage id={p.id} />}</Route>
          )}
          {can('evenings.view') && <Route path="/reunions/:id">{(p) => <EveningPage id={p.id} me={data} />}</Route>}
          {can('timetable.cancel') && (
            <Route path="/emplois-du-temps">
              <SchoolTimetablePage me={data} />
            </Route>
          )}
          {can('classes.view') && (
            <Route path="/seances/:courseId/:date">{(p) => <SessionPage courseId={p.courseId} date={p.date} />}</Route>
          )}
          {can('classes.view') && (
            <Route path="/copies/:homeworkId">{(p) => <HandInsPage homeworkId={p.homeworkId} />}</Route>
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
          {can('usage.read') && (
            <Route path="/pilotage">
              <PilotagePage me={data} />
            </Route>
          )}
          {can('usage.teacher') && (
            <Route path="/pilotage/classes">
              <PilotageClassesPage me={data} />
            </Route>
          )}
          {data.person.isDeploymentAdmin && <Route path="/pilotage/departement" component={PilotageDepartementPage} />}
          {can('documents.use') && (
            <Route path="/documents">
              <DocumentsPage me={data} view="list" />
            </Route>
          )}
          {can('directory.admin') && (
            <Route path="/documents/utilisation">
              <DocumentsPage me={data} view="usage" />
            </Route>
          )}
          {can('documents.use') && (
            <Route path="/documents/fichiers/:id">{(p) => <DocumentsPage me={data} view="document" id={p.id} />}</Route>
          )}
          {can('documents.use') && (
            <Route path="/documents/:id/:folderId?">
              {(p) => (
                <DocumentsPage me={data} view="space" id={p.id} {...(p.folderId ? { folderId: p.folderId } : {})} />
              )}
            </Route>
          )}
          <Route path="/applications" component={ApplicationsPage} />
          <Route path="/questionnaires">
            <QuestionnairesPage me={data} view="list" />
          </Route>
          {can('questionnaires.manage') && (
            <Route path="/questionnaires/nouveau">
              <QuestionnairesPage me={data} view="new" />
            </Route>
          )}
          <Route path="/questionnaires/:id">{(p) => <QuestionnairesPage me={data} view="one" id={p.id} />}</Route>
          {can('questionnaires.manage') && (
            <Route path="/questionnaires/:id/modifier">
              {(p) => <QuestionnairesPage me={data} view="edit" id={p.id} />}
            </Route>
          )}
          {can('questionnaires.manage') && (
            <Route path="/questionnaires/:id/resultats">
              {(p) => <QuestionnairesPage me={data} view="results" id={p.id} />}
            </Route>
          )}
          {can('news.read') && (
            <Route path="/actualites">
              <NewsPage me={data} view="list" />
            </Route>
          )}
          {can('news.publish') && (
            <Route path="/actualites/publier">
              <NewsPage me={data} view="publish" />
            </Route>
          )}
          {can('news.read') && (
            <Route path="/actualites/:id">{(p) => <NewsPage me={data} view="one" id={p.id} />}</Route>
          )}
          {can('news.publish') && (
            <Route path="/actualites/:id/modifier">{(p) => <NewsPage me={data} view="edit" id={p.id} />}</Route>
          )}
          {can('news.publish') && (
            <Route path="/actualites/:id/accuses">{(p) => <NewsPage me={data} view="receipts" id={p.id} />}</Route>
          )}
          {can('discipline.incidents') && (
            <Route path="/incidents">
              <IncidentsPage me={data} />
            </Route>
          )}
          {can('discipline.procedures') && (
            <Route path="/procedures-disciplinaires">
              <ProceduresPage me={data} />
            </Route>
          )}
          {can('support.plans') && (
            <Route path="/plans-accompagnement">
              <SupportPlansPage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view')) && (
            <Route path="/vie-de-l-eleve">
              <PupilDisciplinePage me={data} />
            </Route>
          )}
          {(can('children.view') || can('self.view') || can('attendance.watch')) && (
            <Route path="/vie-de-l-eleve/:pupilId">
              {(p) => <PupilDisciplinePage me={data} pupilId={p.pupilId} />}
            </Route>
          )}
          {can('pupils.file') && (
            <Route path="/eleves/:pupilId">{(p) => <PupilFilePage me={data} pupilId={p.pupilId} />}</Route>
          )}
          {(can('followup.meetings') || can('classes.view')) && (
            <Route path="/suivi/reunions">
              <FollowupMeetingsPage me={data} />
            </Route>
          )}
          {(can('followup.meetings') || can('classes.view')) && (
            <Route path="/suivi/reunions/:meetingId">
              {(p) => <FollowupMeetingsPage me={data} meetingId={p.meetingId} />}
            </Route>
          )}
          {can('followup.reads') && (
            <Route path="/suivi/journal">
              <FollowupReadsPage me={data} />
            </Route>
          )}
          {(can('appointments.book') || can('appointments.receive')) && (
            <Route path="/rendez-vous">
              <AppointmentsPage me={data} />
            </Route>
          )}
          {can('appointments.book') && (
            <Route path="/rendez-vous/nouveau">
              <AppointmentBookPage me={data} />
            </Route>
          )}
          {can('appointments.receive') && (
            <Route path="/disponibilites">
              <AvailabilityPage me={data} />
            </Route>
          )}
          {can('reception.desk') && (
            <Route path="/accueil">
              <ReceptionPage me={data} />
            </Route>
          )}
          {(can('info.read') || can('info.edit')) && (
            <Route path="/infos-pratiques">
              <InfoPage me={data} />
            </Route>
          )}
          <Route component={NotFoundPage} />
        </Switch>
      </Suspense>
    </Layout>
  );
}
