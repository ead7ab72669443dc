import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { currentSchool, hasAbility, usePeople } from '../api/queries.ts';
import type { ClassList, Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { formatDay } from '../features/timetable/dates.ts';
import { useCancelSession, useRestoreSession, useWeek, type WeekOwner } from '../features/timetable/queries.ts';
import { SessionEditDialog } from '../features/timetable/session-edit.tsx';
import type { Session } from '../features/timetable/types.ts';
import { useDateParam } from '../features/timetable/use-date-param.ts';
import { WeekView } from '../features/timetable/week-view.tsx';
import { currentLocale } from '../i18n/index.ts';

function CancelDialog({ session, onClose }: { session: Session; onClose: (done: string | null) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const cancel = useCancelSession();
  const date = formatDay(session.date, currentLocale());
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onClose(null)} className="modal">
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            cancel.mutate(
              { key: session.key, reason: reason.trim() },
              { onSuccess: () => onClose(t('timetable.cancel.done', { subject: session.subject.label })) },
            );
          }}
        >
          <Heading slot="title">{t('timetable.cancel.title')}</Heading>
          <p>
            {t('timetable.cancel.what', {
              subject: session.subject.label,
              date,
              from: session.startsAt,
              to: session.endsAt,
            })}
          </p>
          <div className="field">
            <label htmlFor="cancel-reason">{t('timetable.cancel.reason')}</label>
            <textarea
              dir="auto"
              id="cancel-reason"
              rows={3}
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          {cancel.error && <ErrorAlert error={cancel.error} />}
          <div className="toolbar">
            <Button className="button" onPress={() => onClose(null)}>
              {t('timetable.cancel.keep')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={cancel.isPending || !reason.trim()}>
              {t('timetable.cancel.confirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}

/** Direction and vie scolaire: a class's or a teacher's week, with "Annuler ce cours" on each session. */
export default function SchoolTimetablePage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const [date, setDate] = useDateParam();
  const [choice, setChoice] = useState('');
  const [cancelling, setCancelling] = useState<Session | null>(null);
  const [editing, setEditing] = useState<Session | null>(null);
  const [message, setMessage] = useState('');
  // The session just cancelled: "Annuler l'annulation" stays at hand, since families are told at once.
  const [undoable, setUndoable] = useState<Session | null>(null);
  const restore = useRestoreSession();
  const canEdit = hasAbility(me, 'timetable.edit');
  const restoreSession = (s: Session) => {
    setMessage('');
    restore.mutate(s.key, {
      onSuccess: () => {
        setUndoable(null);
        setMessage(t('timetable.edit.restored', { subject: s.subject.label }));
      },
    });
  };
  const which = (s: Session) => (
    <span className="visually-hidden">
      {' '}
      {t('timetable.cancel.which', {
        subject: s.subject.label,
        date: formatDay(s.date, currentLocale()),
        time: s.startsAt,
      })}
    </span>
  );
  const classes = useQuery({
    queryKey: ['classes', schoolId],
    queryFn: () => api<ClassList>('GET', `/api/schools/${encodeURIComponent(schoolId)}/classes`),
  });
  const teachers = usePeople(schoolId, { profile: 'teacher', limit: 200 });
  const [kind, id] = choice.split(':');
  const owner: WeekOwner | null = id && (kind === 'classes' || kind === 'teachers') ? { kind, id } : null;
  const week = useWeek(owner, date);
  return (
    <div className="page">
      <PageTitle>{t('timetable.school.title')}</PageTitle>
      {classes.error && <ErrorAlert error={classes.error} />}
      <div className="field narrow">
        <label htmlFor="timetable-of">{t('timetable.school.which')}</label>
        <select
          id="timetable-of"
          className="native-select"
          value={choice}
          onChange={(e) => setChoice(e.currentTarget.value)}
        >
          <option value="">{t('timetable.school.choose')}</option>
          <optgroup label={t('timetable.school.class')}>
            {(classes.data ?? []).map((c) => (
              <option key={c.id} value={`classes:${c.id}`}>
                {c.label}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('timetable.school.teacher')}>
            {(teachers.data?.items ?? []).map((p) => (
              <option key={p.id} value={`teachers:${p.id}`}>
                {p.lastName} {p.firstName}
              </option>
            ))}
          </optgroup>
        </select>
      </div>
      <div role="status" className="status-line">
        {message && <p>{message}</p>}
        {undoable && (
          <Button className="button" isDisabled={restore.isPending} onPress={() => restoreSession(undoable)}>
            {t('timetable.edit.undoCancel')}
            {which(undoable)}
          </Button>
        )}
      </div>
      <ErrorAlert error={restore.error} />
      {owner &&
        (week.isPending ? (
          <Loading />
        ) : week.error ? (
          <ErrorAlert error={week.error} />
        ) : (
          <WeekView
            week={week.data}
            date={date}
            onDate={setDate}
            options={{
              showClass: true,
              actions: (s) => {
                const cancelled = s.status === 'cancelled' || s.changes.includes('cancelled');
                if (cancelled || s.changes.length > 0) {
                  // A cancellation is undone by vie scolaire too; other changes by direction only.
                  if (!cancelled && !canEdit) return null;
                  return (
                    <Button
                      className="button button-small"
                      isDisabled={restore.isPending}
                      onPress={() => restoreSession(s)}
                    >
                      {cancelled ? t('timetable.edit.undoCancel') : t('timetable.edit.restore')}
                      {which(s)}
                    </Button>
                  );
                }
                if (s.status === 'extra') return null;
                return (
                  <span className="session-actions">
                    <Button
                      className="button button-small"
                      onPress={() => {
                        setMessage('');
                        setCancelling(s);
                      }}
                    >
                      {t('timetable.cancel.button')}
                      {which(s)}
                    </Button>
                    {canEdit && (
                      <Button
                        className="button button-small"
                        onPress={() => {
                          setMessage('');
                          setEditing(s);
                        }}
                      >
                        {t('timetable.edit.button')}
                        {which(s)}
                      </Button>
                    )}
                  </span>
                );
              },
            }}
          />
        ))}
      {cancelling && (
        <CancelDialog
          session={cancelling}
          onClose={(done) => {
            const s = cancelling;
            setCancelling(null);
            if (done) {
              setMessage(done);
              setUndoable(s);
            }
          }}
        />
      )}
      {editing && (
        <SessionEditDialog
          schoolId={schoolId}
          session={editing}
          onClose={(done) => {
            setEditing(null);
            if (done) {
              setMessage(done);
              setUndoable(null);
            }
          }}
        />
      )}
    </div>
  );
}
