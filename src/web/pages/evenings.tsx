import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { GuardianChoices } from '../features/evenings/guardian-choices.tsx';
import { type Meeting, useEvening, useEvenings, useRunScheduler } from '../features/evenings/queries.ts';
import '../features/evenings/evenings.css';

function MeetingList({ meetings, withGuardian }: { meetings: Meeting[]; withGuardian?: boolean }) {
  const { t } = useTranslation();
  if (meetings.length === 0) return <p>{t('evenings.noMeeting')}</p>;
  return (
    <ol className="evening-meetings">
      {meetings.map((m) => (
        <li key={`${m.startsAt}-${m.teacher.id}-${m.pupil.id}`}>
          <strong>
            {m.startsAt}–{m.endsAt}
          </strong>{' '}
          ·{' '}
          {withGuardian
            ? `${m.guardian?.firstName} ${m.guardian?.lastName} (${m.pupil.firstName} ${m.pupil.lastName})`
            : `${m.teacher.firstName} ${m.teacher.lastName} (${m.pupil.firstName})`}{' '}
          · {m.site.name}
          {m.room ? `, ${m.room}` : ''}
        </li>
      ))}
    </ol>
  );
}

/** One evening, as direction, a teacher or a guardian sees it. */
export function EveningPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useEvening(id);
  const run = useRunScheduler(id);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const e = q.data;
  return (
    <div className="evening-page">
      <PageTitle>{e.title}</PageTitle>
      <p>
        {e.date} · {e.startsAt}–{e.endsAt} · {e.classes.map((c) => c.code).join(', ')} ·{' '}
        {t(`evenings.status.${e.status}`)}
      </p>
      {e.direction && (
        <section aria-labelledby="direction-title">
          <h2 id="direction-title">{t('evenings.tracking')}</h2>
          <p>{t('evenings.counts', { families: e.direction.families, requests: e.direction.requests })}</p>
          {e.direction.stats && (
            <p role="status">
              {t('evenings.result', {
                met: e.direction.stats.met,
                requested: e.direction.stats.requested,
                priorityMet: e.direction.stats.priorityMet,
                priorityRequested: e.direction.stats.priorityRequested,
              })}
            </p>
          )}
          <button type="button" onClick={() => run.mutate()} disabled={run.isPending}>
            {t('evenings.run')}
          </button>
          {run.error && <ErrorAlert error={run.error} />}
        </section>
      )}
      {e.teacher && (
        <section aria-labelledby="teacher-title">
          <h2 id="teacher-title">{t('evenings.myList', { site: e.teacher.site.name })}</h2>
          <MeetingList meetings={e.teacher.meetings} withGuardian />
          <button type="button" className="no-print" onClick={() => window.print()}>
            {t('evenings.print')}
          </button>
        </section>
      )}
      {e.guardian && (
        <section aria-labelledby="guardian-title">
          <h2 id="guardian-title">{e.status === 'scheduled' ? t('evenings.mySchedule') : t('evenings.choose')}</h2>
          {e.status === 'scheduled' ? <MeetingList meetings={e.guardian.schedule} /> : <GuardianChoices evening={e} />}
        </section>
      )}
    </div>
  );
}

/** Réunions parents-professeurs: the evenings that concern the caller. */
export default function EveningsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const q = useEvenings(schoolId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return (
    <div>
      <PageTitle>{t('evenings.title')}</PageTitle>
      {q.data.items.length === 0 ? (
        <p>{t('evenings.none')}</p>
      ) : (
        <ul>
          {q.data.items.map((e) => (
            <li key={e.id}>
              <Link href={`/reunions/${e.id}`}>{e.title}</Link> — {e.date} · {t(`evenings.status.${e.status}`)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
