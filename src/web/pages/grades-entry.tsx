import { useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { AssessmentDialog } from '../features/grades/assessment-dialog.tsx';
import { DeleteAssessmentDialog } from '../features/grades/delete-dialog.tsx';
import { type AssessmentAction, GradeGrid } from '../features/grades/grade-grid.tsx';
import { type GradebookKey, useGradebook, useServices } from '../features/grades/queries.ts';
import { SkillsDialog } from '../features/grades/skills-dialog.tsx';
import type { GradebookAssessment, Service } from '../features/grades/types.ts';
import { todayIso } from '../features/timetable/dates.ts';
import { useWeek } from '../features/timetable/queries.ts';
import '../features/grades/grades.css';

const serviceValue = (s: Service) => `${s.target.kind}:${s.target.id}:${s.subject.id}`;
const serviceLabel = (s: Service) => `${s.target.label} — ${s.subject.label}`;

/** "Saisie des notes": a teacher picks a class or group and subject, a period, and enters grades in the grid. */
export default function GradesEntryPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const ids = useId();
  const schoolId = currentSchool(me)?.id ?? '';
  const services = useServices(schoolId);
  const [chosenService, setService] = useState('');
  const [chosenPeriod, setPeriod] = useState('');
  const [dialogOpen, setDialogOpen] = useState(false);
  const [message, setMessage] = useState('');
  const [focusAssessmentId, setFocusAssessmentId] = useState<string | null>(null);
  const [acting, setActing] = useState<{ assessment: GradebookAssessment; action: AssessmentAction } | null>(null);
  const newButtonRef = useRef<HTMLButtonElement>(null);

  const list = services.data?.services ?? [];
  const periods = services.data?.periods ?? [];
  const service = list.find((s) => serviceValue(s) === chosenService) ?? list[0];
  const periodId = chosenPeriod || services.data?.currentPeriodId || periods[0]?.id || '';
  const period = periods.find((p) => p.id === periodId);
  const bookKey: GradebookKey | null =
    service && period
      ? { kind: service.target.kind, targetId: service.target.id, subjectId: service.subject.id, periodId: period.id }
      : null;
  const book = useGradebook(bookKey);
  // This week's days off (holidays, public holidays): a new assessment's date skips them. Optional.
  const week = useWeek(book.data?.canCreate ? { kind: 'teachers', id: me.person.id } : null, todayIso());
  const daysOff = week.data?.daysOff ?? [];

  /** Back to the column's "Actions" button once a dialog closes (or to "Nouvelle évaluation" when it is gone). */
  const refocus = (assessmentId: string | null) =>
    setTimeout(() => {
      const button = assessmentId
        ? document.querySelector<HTMLElement>(`[data-actions="${CSS.escape(assessmentId)}"]`)
        : null;
      (button ?? newButtonRef.current)?.focus();
    }, 0);
  const closeAction = (text: string | null, keepColumn = true) => {
    const id = acting?.assessment.id ?? null;
    setActing(null);
    if (text) setMessage(text);
    refocus(keepColumn ? id : null);
  };

  if (services.isPending) return <Loading />;
  return (
    <div className="page grades-entry">
      <PageTitle>{t('grades.entry.title')}</PageTitle>
      {services.error && <ErrorAlert error={services.error} />}
      {services.data && list.length === 0 && <p className="alert alert-info">{t('grades.entry.noServices')}</p>}
      {services.data && list.length > 0 && periods.length === 0 && (
        <p className="alert alert-info">{t('grades.entry.noPeriods')}</p>
      )}
      {service && period && (
        <div className="filters">
          <div className="field">
            <label htmlFor={`${ids}-service`}>{t('grades.entry.service')}</label>
            <select
              id={`${ids}-service`}
              className="native-select"
              value={serviceValue(service)}
              onChange={(e) => setService(e.currentTarget.value)}
            >
              {list.map((s) => (
                <option key={serviceValue(s)} value={serviceValue(s)}>
                  {serviceLabel(s)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-period`}>{t('grades.entry.period')}</label>
            <select
              id={`${ids}-period`}
              className="native-select"
              value={period.id}
              onChange={(e) => setPeriod(e.currentTarget.value)}
            >
              {periods.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      <p role="status" className="alert alert-success status-line">
        {message}
      </p>
      {book.error && <ErrorAlert error={book.error} />}
      {bookKey && book.isPending && <Loading />}
      {bookKey && service && period && book.data && (
        <>
          {book.data.canCreate && (
            <div className="actions">
              <Button
                ref={newButtonRef}
                className="button button-primary"
                onPress={() => {
                  setMessage('');
                  setDialogOpen(true);
                }}
              >
                {t('grades.entry.newAssessment')}
              </Button>
            </div>
          )}
          {book.data.assessments.length === 0 ? (
            <p>{t('grades.entry.noAssessments')}</p>
          ) : (
            <>
              <h2 className="grade-book-title">
                {service.target.label} — {service.subject.label}, {period.label}
              </h2>
              <p className="hint" id={`${ids}-help`}>
                {t('grades.entry.help')}
              </p>
              <GradeGrid
                key={`${bookKey.kind}:${bookKey.targetId}:${bookKey.subjectId}:${bookKey.periodId}`}
                book={book.data}
                bookKey={bookKey}
                caption={t('grades.entry.caption', { service: serviceLabel(service), period: period.label })}
                focusAssessmentId={focusAssessmentId}
                onFocused={() => setFocusAssessmentId(null)}
                onAction={(assessment, action) => {
                  setMessage('');
                  setActing({ assessment, action });
                }}
              />
            </>
          )}
          {dialogOpen && (
            <AssessmentDialog
              book={bookKey}
              period={period}
              daysOff={daysOff}
              onClose={(created) => {
                setDialogOpen(false);
                if (created) {
                  setMessage(t('grades.entry.created', { title: created.assessment.title }));
                  setFocusAssessmentId(created.assessment.id);
                }
              }}
            />
          )}
          {acting?.action === 'edit' && (
            <AssessmentDialog
              book={bookKey}
              period={period}
              editing={acting.assessment}
              onClose={(saved) => closeAction(saved && t('grades.entry.edited', { title: saved.assessment.title }))}
            />
          )}
          {acting?.action === 'skills' && (
            <SkillsDialog
              assessment={acting.assessment}
              bookKey={bookKey}
              onClose={(count) =>
                closeAction(
                  count === null
                    ? null
                    : count === 0
                      ? t('grades.skillsEntry.nothingChanged')
                      : t('grades.skillsEntry.saved', { count, title: acting.assessment.title }),
                )
              }
            />
          )}
          {acting?.action === 'delete' && (
            <DeleteAssessmentDialog
              assessment={acting.assessment}
              gradeCount={book.data.grades.filter((g) => g.assessmentId === acting.assessment.id).length}
              bookKey={bookKey}
              onClose={(deleted) =>
                closeAction(deleted ? t('grades.entry.deleted', { title: acting.assessment.title }) : null, !deleted)
              }
            />
          )}
        </>
      )}
    </div>
  );
}
