import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { currentSchool } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { DirectionPanel } from '../features/evenings/direction-panel.tsx';
import { EveningEditActions } from '../features/evenings/evening-edit.tsx';
import { EveningForm } from '../features/evenings/evening-form.tsx';
import { GuardianChoices } from '../features/evenings/guardian-choices.tsx';
import { PrintLists } from '../features/evenings/print-lists.tsx';
import {
  type Meeting,
  useCreateEvening,
  useEvening,
  useEveningLists,
  useEveningOptions,
  useEvenings,
} from '../features/evenings/queries.ts';
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
export function EveningPage({ id, me }: { id: string; me: Me }) {
  const { t } = useTranslation();
  const q = useEvening(id);
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
      {e.guardian && e.status === 'open' && e.requestsUntil && (
        <p>{t('evenings.chooseUntil', { date: e.requestsUntil })}</p>
      )}
      {e.direction && <EveningEditActions evening={e} schoolId={currentSchool(me)?.id ?? ''} />}
      {e.direction && <DirectionPanel evening={e} />}
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
      {q.data.canCreate && (
        <p>
          <Link href="/reunions/nouvelle" className="button">
            {t('evenings.new')}
          </Link>
        </p>
      )}
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

/** Direction opens a parent–teacher evening. */
export function EveningNewPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const options = useEveningOptions(schoolId);
  const create = useCreateEvening(schoolId);
  const [, navigate] = useLocation();
  return (
    <div className="page">
      <PageTitle>{t('evenings.new')}</PageTitle>
      <p>
        <Link href="/reunions">{t('evenings.back')}</Link>
      </p>
      {options.isPending ? (
        <Loading />
      ) : options.error ? (
        <ErrorAlert error={options.error} />
      ) : (
        <EveningForm
          options={options.data}
          pending={create.isPending}
          error={create.error}
          onSubmit={(body) => create.mutate(body, { onSuccess: (e) => navigate(`/reunions/${e.id}`) })}
        />
      )}
    </div>
  );
}

/** Direction prints the teachers' lists and the families' schedules. */
export function EveningListsPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const evening = useEvening(id);
  const lists = useEveningLists(id);
  if (evening.isPending || lists.isPending) return <Loading />;
  if (evening.error || lists.error) return <ErrorAlert error={evening.error ?? lists.error} />;
  return (
    <div className="page">
      <PageTitle>{t('evenings.lists.pageTitle', { title: evening.data.title })}</PageTitle>
      <p className="no-print">
        <Link href={`/reunions/${id}`}>{t('evenings.backTo', { title: evening.data.title })}</Link>
      </p>
      <PrintLists evening={evening.data} lists={lists.data} />
    </div>
  );
}
