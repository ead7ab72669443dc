import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { currentSchool, usePeople } from '../api/queries.ts';
import type { ClassList, Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { formatDay } from '../features/timetable/dates.ts';
import { useCancelSession, useWeek, type WeekOwner } from '../features/timetable/queries.ts';
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
  const [message, setMessage] = useState('');
  const classes = useQuery({
    queryKey: ['classes', schoolId],
    queryFn: () => api<ClassList>('GET', `/api/schools/${encodeURIComponent(schoolId)}/classes`),
  });
  const teachers = usePeople(schoolId, { profile: 'teacher', limit: 200 });
  const [kind, id] = choice.split(':');
  const owner: WeekOwner | null = id && (kind === 'classes' || kind === 'teachers') ? { kind, id } : null;
  const week = useWeek(owner, date);
  const locale = currentLocale();
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
      <p role="status" className="status-line">
        {message}
      </p>
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
              actions: (s) =>
                s.status === 'cancelled' ? null : (
                  <Button
                    className="button button-small"
                    onPress={() => {
                      setMessage('');
                      setCancelling(s);
                    }}
                  >
                    {t('timetable.cancel.button')}
                    <span className="visually-hidden">
                      {' '}
                      {t('timetable.cancel.which', {
                        subject: s.subject.label,
                        date: formatDay(s.date, locale),
                        time: s.startsAt,
                      })}
                    </span>
                  </Button>
                ),
            }}
          />
        ))}
      {cancelling && (
        <CancelDialog
          session={cancelling}
          onClose={(done) => {
            setCancelling(null);
            if (done) setMessage(done);
          }}
        />
      )}
    </div>
  );
}
