import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { bidiIsolate, currentLocale } from '../../i18n/index.ts';
import { formatDay } from './dates.ts';
import type { Session } from './types.ts';

const person = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;

/** What changed, in words: a changed session never stands out by colour alone. */
export function ChangeNotes({ session: s }: { session: Session }) {
  const { t } = useTranslation();
  const notes: string[] = [];
  if (s.status === 'cancelled' || s.changes.includes('cancelled')) notes.push(t('timetable.change.cancelled'));
  if (s.changes.includes('moved') && s.original) {
    notes.push(
      t('timetable.change.moved', {
        date: formatDay(s.original.date, currentLocale()),
        time: s.original.startsAt,
      }),
    );
  }
  if (s.changes.includes('room_changed')) {
    notes.push(
      s.original?.room
        ? t('timetable.change.roomFrom', { room: s.room?.label ?? '', from: s.original.room.label })
        : t('timetable.change.room', { room: s.room?.label ?? '' }),
    );
  }
  if (s.changes.includes('replaced')) {
    notes.push(t('timetable.change.replaced', { name: s.teachers.map(person).join(', ') }));
  }
  if (s.status === 'extra') notes.push(t('timetable.change.extra'));
  if (notes.length === 0) return null;
  return (
    <p className="session-changes">
      {notes.map((n) => (
        <span key={n} className="tag tag-warning">
          {n}
        </span>
      ))}
      {s.reason && <span className="session-reason">{t('timetable.reason', { reason: bidiIsolate(s.reason) })}</span>}
    </p>
  );
}

export function sessionPath(s: { courseId: string; key: string; date: string }) {
  // The key holds the date the session was planned on: the cahier and the roll call are filed under it.
  const planned = s.key.split(':')[1] ?? s.date;
  return `/seances/${encodeURIComponent(s.courseId)}/${planned}`;
}

/** One session: time, subject, audience, room, teachers and its changes. */
export function SessionItem({
  session: s,
  showClass = true,
  linkToSession = false,
  actions,
}: {
  session: Session;
  showClass?: boolean;
  linkToSession?: boolean;
  actions?: ReactNode;
}) {
  const { t } = useTranslation();
  const cancelled = s.status === 'cancelled' || s.changes.includes('cancelled');
  const audience = [s.class?.label, ...s.groups.map((g) => g.label)].filter(Boolean).join(', ');
  const subject = (
    <span className={cancelled ? 'session-subject cancelled' : 'session-subject'}>{s.subject.label}</span>
  );
  return (
    <div className={cancelled ? 'session is-cancelled' : s.changes.length > 0 ? 'session is-changed' : 'session'}>
      <p className="session-time">
        <span dir="ltr">
          <time>{s.startsAt}</time>–<time>{s.endsAt}</time>
        </span>
      </p>
      <p className="session-title">
        {linkToSession && !cancelled ? <Link href={sessionPath(s)}>{subject}</Link> : subject}
      </p>
      <p className="session-meta">
        {showClass && audience && <span>{audience}</span>}
        {s.room && <span>{t('timetable.room', { room: s.room.code })}</span>}
        {s.teachers.length > 0 && <span>{s.teachers.map(person).join(', ')}</span>}
      </p>
      <ChangeNotes session={s} />
      {actions}
    </div>
  );
}
