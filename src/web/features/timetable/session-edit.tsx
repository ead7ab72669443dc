import { useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { usePeople } from '../../api/queries.ts';
import { currentLocale } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { formatDay } from './dates.ts';
import { type SessionChangeBody, useChangeSession, useSchoolRooms } from './queries.ts';
import type { Session } from './types.ts';

type Kind = SessionChangeBody['kind'];

/** Direction: move a session, change its room or set a replacement teacher, with the reason families read. */
export function SessionEditDialog(props: {
  schoolId: string;
  session: Session;
  onClose: (done: string | null) => void;
}) {
  const { t } = useTranslation();
  const s = props.session;
  const [kind, setKind] = useState<Kind>('move');
  const [date, setDate] = useState(s.date);
  const [startsAt, setStartsAt] = useState(s.startsAt);
  const [endsAt, setEndsAt] = useState(s.endsAt);
  const [roomId, setRoomId] = useState('');
  const [teacherId, setTeacherId] = useState('');
  const [reason, setReason] = useState('');
  const change = useChangeSession();
  const rooms = useSchoolRooms(props.schoolId, kind === 'room');
  const teachers = usePeople(props.schoolId, { profile: 'teacher', limit: 200, offset: 0 }, kind === 'replacement');
  const body = (): SessionChangeBody =>
    kind === 'move'
      ? { kind, date, startsAt, endsAt, reason: reason.trim() }
      : kind === 'room'
        ? { kind, roomId, reason: reason.trim() }
        : { kind, teacherId, reason: reason.trim() };
  const ready = reason.trim() !== '' && (kind !== 'room' || roomId) && (kind !== 'replacement' || teacherId);
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && props.onClose(null)} className="modal">
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            change.mutate(
              { key: s.key, change: body() },
              { onSuccess: () => props.onClose(t(`timetable.edit.done.${kind}`, { subject: s.subject.label })) },
            );
          }}
        >
          <Heading slot="title">{t('timetable.edit.title')}</Heading>
          <p>
            {t('timetable.cancel.what', {
              subject: s.subject.label,
              date: formatDay(s.date, currentLocale()),
              from: s.startsAt,
              to: s.endsAt,
            })}
          </p>
          <div className="field">
            <label htmlFor="edit-kind">{t('timetable.edit.what')}</label>
            <select
              id="edit-kind"
              className="native-select"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as Kind)}
            >
              <option value="move">{t('timetable.edit.move')}</option>
              <option value="room">{t('timetable.edit.room')}</option>
              <option value="replacement">{t('timetable.edit.replacement')}</option>
            </select>
          </div>
          {kind === 'move' && (
            <>
              <div className="field">
                <label htmlFor="edit-date">{t('timetable.edit.date')}</label>
                <input
                  id="edit-date"
                  type="date"
                  required
                  value={date}
                  onChange={(e) => setDate(e.currentTarget.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="edit-from">{t('timetable.edit.from')}</label>
                <input
                  id="edit-from"
                  type="time"
                  required
                  value={startsAt}
                  onChange={(e) => setStartsAt(e.currentTarget.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="edit-to">{t('timetable.edit.to')}</label>
                <input
                  id="edit-to"
                  type="time"
                  required
                  value={endsAt}
                  onChange={(e) => setEndsAt(e.currentTarget.value)}
                />
              </div>
            </>
          )}
          {kind === 'room' && (
            <div className="field">
              <label htmlFor="edit-room">{t('timetable.edit.newRoom')}</label>
              <select
                id="edit-room"
                className="native-select"
                required
                value={roomId}
                onChange={(e) => setRoomId(e.currentTarget.value)}
              >
                <option value="">{t('timetable.edit.chooseRoom')}</option>
                {(rooms.data?.rooms ?? [])
                  .filter((r) => r.id !== s.room?.id)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.code} — {r.label}
                    </option>
                  ))}
              </select>
            </div>
          )}
          {kind === 'replacement' && (
            <div className="field">
              <label htmlFor="edit-teacher">{t('timetable.edit.teacher')}</label>
              <select
                id="edit-teacher"
                className="native-select"
                required
                value={teacherId}
                onChange={(e) => setTeacherId(e.currentTarget.value)}
              >
                <option value="">{t('timetable.edit.chooseTeacher')}</option>
                {(teachers.data?.items ?? [])
                  .filter((p) => !s.teachers.some((x) => x.id === p.id))
                  .map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.lastName} {p.firstName}
                    </option>
                  ))}
              </select>
            </div>
          )}
          <ErrorAlert error={rooms.error ?? teachers.error} />
          <div className="field">
            <label htmlFor="edit-reason">{t('timetable.edit.reason')}</label>
            <textarea
              dir="auto"
              id="edit-reason"
              rows={2}
              required
              maxLength={500}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
          </div>
          {change.error && <ErrorAlert error={change.error} />}
          <div className="toolbar">
            <Button className="button" onPress={() => props.onClose(null)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={change.isPending || !ready}>
              {t('timetable.edit.confirm')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}
