import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { z } from 'zod';
import type { StaffHomeSchema } from '../../../server/modules/home/home.staff.schema.ts';
import { formatDate } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { useActionDone } from './queries.ts';

type Followup = z.infer<typeof StaffHomeSchema>['followup'];

/** On the staff home: the caller's follow-up actions (owner) and the team meetings they sit on. */
export function FollowupToday({ schoolId, followup }: { schoolId: string; followup: Followup }) {
  const { t } = useTranslation();
  const done = useActionDone(schoolId);
  if (followup.actions.length === 0 && followup.meetings.length === 0) return null;
  const today = todayIso();
  return (
    <section aria-labelledby="followup-home-title" className="section">
      <h2 id="followup-home-title">{t('meetings.homeTitle')}</h2>
      {followup.actions.length > 0 && (
        <ul className="cards">
          {followup.actions.map((a) => (
            <li key={a.id} className={`card${a.dueOn <= today ? ' alert-card' : ''}`}>
              <h3>{a.title}</h3>
              <p>
                {t('meetings.due', { date: formatDate(a.dueOn) })}
                {a.pupil && (
                  <>
                    {' · '}
                    <Link href={`/eleves/${encodeURIComponent(a.pupil.id)}`}>
                      <bdi>
                        {a.pupil.firstName} {a.pupil.lastName}
                      </bdi>
                    </Link>
                  </>
                )}
              </p>
              <div className="actions">
                <Link href={`/suivi/reunions/${encodeURIComponent(a.meetingId)}`}>{t('meetings.open')}</Link>
                <Button
                  className="button"
                  isDisabled={done.isPending}
                  onPress={() => done.mutate({ actionId: a.id, done: true })}
                >
                  {t('meetings.markDone')}
                  <span className="visually-hidden"> — {a.title}</span>
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={done.error} />
      {followup.meetings.length > 0 && (
        <ul>
          {followup.meetings.map((m) => (
            <li key={m.id}>
              <Link href={`/suivi/reunions/${encodeURIComponent(m.id)}`}>{m.title}</Link> — {formatDate(m.heldOn)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
