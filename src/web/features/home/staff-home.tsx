import { useQuery } from '@tanstack/react-query';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { z } from 'zod';
import type { StaffHomeSchema } from '../../../server/modules/home/home.staff.schema.ts';
import { api } from '../../api/client.ts';
import { currentSchool, hasAbility } from '../../api/queries.ts';
import type { Me } from '../../api/types.ts';
import { Loading } from '../../components/loading.tsx';
import { currentLocale, formatNumber } from '../../i18n/index.ts';
import { className } from '../classes/class-name.ts';
import { ErrorAlert } from '../errors.tsx';
import { FollowupToday } from '../followup/home-actions.tsx';
import { formatDay } from '../timetable/dates.ts';

type StaffHome = z.infer<typeof StaffHomeSchema>;
type HomeSession = NonNullable<StaffHome['teacher']>['sessions'][number];

// The search's code is loaded only by those who have it.
const DirectorySearch = lazy(() =>
  import('../directory/directory-search.tsx').then((m) => ({ default: m.DirectorySearch })),
);

/** Every count of the home in one request (GET /api/schools/:id/home/staff), refreshed every minute. */
export function useStaffHome(schoolId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['home', 'staff', schoolId],
    queryFn: () => api<StaffHome>('GET', `/api/schools/${encodeURIComponent(schoolId)}/home/staff`),
    enabled: enabled && schoolId !== '',
    refetchInterval: 60_000,
    refetchIntervalInBackground: false,
  });
}

const rollCallHref = (s: HomeSession) => `/appel/${encodeURIComponent(s.courseId)}/${s.keyDate}`;

function SessionLine({ s }: { s: HomeSession }) {
  const { t } = useTranslation();
  const who = [s.class && className(s.class), ...s.groups].filter(Boolean).join(', ');
  return (
    <>
      <bdi dir="ltr">
        {s.startsAt}–{s.endsAt}
      </bdi>{' '}
      · {s.subject}
      {who && ` · ${who}`}
      {s.room && ` · ${t('timetable.room', { room: s.room })}`}
    </>
  );
}

/** A teacher's day: the session running or coming next with a one-tap "Faire l'appel", then the others. */
function TeacherToday({ home, asOf }: { home: NonNullable<StaffHome['teacher']>; asOf: string }) {
  const { t } = useTranslation();
  const next = home.sessions.find((s) => s.key === home.nextKey);
  const others = home.sessions.filter((s) => s.key !== home.nextKey);
  return (
    <section aria-labelledby="today-title" className="section">
      <h2 id="today-title">{t('staffDay.teacher.today')}</h2>
      {home.sessions.length === 0 ? (
        <p>{t('staffDay.teacher.noSession')}</p>
      ) : (
        <>
          {next ? (
            <div className="card next-session">
              <h3>{t(next.startsAt <= asOf ? 'staffDay.teacher.now' : 'staffDay.teacher.next')}</h3>
              <p>
                <SessionLine s={next} />
              </p>
              {next.rollCall === 'done' ? (
                <p className="tag tag-success">{t('staffDay.teacher.rollCallDone')}</p>
              ) : (
                !next.isExtra && (
                  <p>
                    <Link href={rollCallHref(next)} className="button button-primary">
                      {t('staffDay.teacher.takeRollCall')}
                    </Link>
                  </p>
                )
              )}
            </div>
          ) : (
            <p>{t('staffDay.teacher.dayOver')}</p>
          )}
          {others.length > 0 && (
            <ul className="today-sessions">
              {others.map((s) => (
                <li key={s.key}>
                  <SessionLine s={s} />{' '}
                  {s.rollCall === 'done' ? (
                    <span className="tag tag-success">{t('staffDay.teacher.rollCallDone')}</span>
                  ) : s.rollCall === 'due' && !s.isExtra ? (
                    <Link href={rollCallHref(s)}>
                      {t('staffDay.teacher.rollCallDue')}
                      <span className="visually-hidden">
                        {' '}
                        {s.startsAt} {s.subject}
                      </span>
                    </Link>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      <p>
        <Link href="/emploi-du-temps">{t('timetable.homeMine')}</Link>
      </p>
    </section>
  );
}

/** A teacher's classes and groups, each a link to its report cards (classes) or the grade book. */
function TeacherClasses({ me }: { me: Me }) {
  const { t } = useTranslation();
  const school = currentSchool(me);
  const teaching = me.teaching.filter((c) => c.schoolId === school?.id);
  const reportCards = hasAbility(me, 'reportCards.staff');
  return (
    <section aria-labelledby="classes-title" className="section">
      <h2 id="classes-title">{t('home.teacher.title')}</h2>
      {teaching.length === 0 ? (
        <p>{t('home.teacher.none')}</p>
      ) : (
        <ul className="cards">
          {teaching.map((c) => {
            const name =
              c.kind === 'class'
                ? t('home.teacher.class', { label: c.label })
                : t('home.teacher.group', { label: c.label });
            return (
              <li key={`${c.kind}-${c.id}`} className="card">
                <h3>
                  {c.kind === 'class' && reportCards ? (
                    <Link href={`/bulletins/classes/${encodeURIComponent(c.id)}`} className="card-link">
                      {name}
                    </Link>
                  ) : (
                    <Link href="/notes/saisie" className="card-link">
                      {name}
                    </Link>
                  )}
                </h3>
                {c.isPrincipal && <p className="tag">{t('home.teacher.principal')}</p>}
                <p>{c.subjects.map((s) => s.label).join(', ')}</p>
                {hasAbility(me, 'grades.teach') && (
                  <p>
                    <Link href="/notes/saisie">
                      {t('grades.navTeacher')}
                      <span className="visually-hidden"> — {name}</span>
                    </Link>
                  </p>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

interface Alert {
  key: string;
  href: string;
  count: number;
  label: string;
  /** Shown when nothing is waiting (a calm "0" is news too). */
  none: string;
}

/** Counts that lead somewhere: each one a link to the list it counts. */
function Alerts({ title, alerts, children }: { title: string; alerts: Alert[]; children?: ReactNode }) {
  return (
    <section aria-labelledby="alerts-title" className="section">
      <h2 id="alerts-title">{title}</h2>
      <ul className="cards quick-links home-alerts">
        {alerts.map((a) => (
          <li key={a.key} className={`card entry-card${a.count > 0 ? ' alert-card' : ''}`}>
            <Link href={a.href} className="card-link entry-link">
              {a.count > 0 ? a.label : a.none}
            </Link>
          </li>
        ))}
      </ul>
      {children}
    </section>
  );
}

function StaffToday({ me, home }: { me: Me; home: StaffHome }) {
  const { t } = useTranslation();
  const alerts: Alert[] = [];
  const n = (count: number) => ({ count, formatted: formatNumber(count) });
  if (home.attendance) {
    alerts.push(
      {
        key: 'missing',
        // The day counted here: on a Saturday with courses, the page alone would open on Friday.
        href: `/appels-manquants?date=${home.date}`,
        count: home.attendance.missingRollCalls,
        label: t('staffDay.alerts.missing', n(home.attendance.missingRollCalls)),
        none: t('staffDay.alerts.missingNone'),
      },
      {
        key: 'pending',
        href: '/justificatifs',
        count: home.attendance.pendingJustifications,
        label: t('staffDay.alerts.pending', n(home.attendance.pendingJustifications)),
        none: t('staffDay.alerts.pendingNone'),
      },
    );
  }
  if (home.toReport !== null) {
    alerts.push({
      key: 'to-report',
      href: '/a-signaler',
      count: home.toReport,
      label: t('staffDay.alerts.toReport', n(home.toReport)),
      none: t('staffDay.alerts.toReportNone'),
    });
  }
  if (home.reportCards) {
    alerts.push({
      key: 'report-cards',
      href: '/bulletins/classes',
      count: home.reportCards.unpublishedClasses,
      label: t('staffDay.alerts.reportCards', {
        ...n(home.reportCards.unpublishedClasses),
        period: home.reportCards.periodLabel,
      }),
      none: t('staffDay.alerts.reportCardsNone', { period: home.reportCards.periodLabel }),
    });
  }
  return (
    <>
      {alerts.length > 0 && (
        <Alerts title={t('staffDay.alerts.title')} alerts={alerts}>
          {home.attendance && (
            <p>
              <Link href="/vie-scolaire">{t('staffDay.alerts.tools')}</Link>
            </p>
          )}
        </Alerts>
      )}
      {home.directory && (
        <section aria-labelledby="search-title" className="section">
          <h2 id="search-title">{t('home.staff.searchTitle')}</h2>
          <Suspense fallback={<Loading />}>
            <DirectorySearch me={me} />
          </Suspense>
          {alerts.length === 0 && <ServiceNote me={me} />}
        </section>
      )}
    </>
  );
}

/** What reception, the psyEN, the social worker and the nurse find here today, said plainly. */
function ServiceNote({ me }: { me: Me }) {
  const { t } = useTranslation();
  const fns = currentSchool(me)?.functions ?? [];
  const key = fns.includes('accueil')
    ? 'accueil'
    : fns.includes('infirmiere')
      ? 'infirmiere'
      : fns.includes('psyen')
        ? 'psyen'
        : fns.includes('assistante_sociale')
          ? 'assistante_sociale'
          : fns.includes('secretariat')
            ? 'secretariat'
            : 'other';
  return <p className="hint">{t(`staffDay.service.${key}`)}</p>;
}

/** "Copies à corriger": hand-ins not yet returned, each homework a link to its "Copies rendues". */
function HandInsToReturn({ handIns }: { handIns: NonNullable<StaffHome['handIns']> }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <section aria-labelledby="hand-ins-title" className="section">
      <h2 id="hand-ins-title">{t('handin.toReturn.title')}</h2>
      {handIns.count === 0 ? (
        <p>{t('handin.toReturn.none')}</p>
      ) : (
        <ul className="cards home-alerts">
          {handIns.homework.map((h) => (
            <li key={h.id} className="card entry-card alert-card">
              <Link href={`/copies/${encodeURIComponent(h.id)}`} className="card-link entry-link">
                {t('handin.toReturn.item', {
                  count: h.count,
                  formatted: formatNumber(h.count),
                  what: `${h.subject} ${h.audience}`.trim(),
                  date: formatDay(h.dueDate, locale),
                })}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The home of teachers and staff: "what matters today" from one request, then their tools. */
export function StaffHomeSections({ me }: { me: Me }) {
  const schoolId = currentSchool(me)?.id ?? '';
  const home = useStaffHome(schoolId, true);
  if (home.isPending) return <Loading />;
  if (home.error) return <ErrorAlert error={home.error} />;
  const h = home.data;
  return (
    <>
      {h.teacher && <TeacherToday home={h.teacher} asOf={h.asOf} />}
      {h.handIns && <HandInsToReturn handIns={h.handIns} />}
      <StaffToday me={me} home={h} />
      <FollowupToday schoolId={schoolId} followup={h.followup} />
      {h.teacher && <TeacherClasses me={me} />}
    </>
  );
}
