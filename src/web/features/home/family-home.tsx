import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { api } from '../../api/client.ts';
import { currentSchool } from '../../api/queries.ts';
import type { Me } from '../../api/types.ts';
import { Loading } from '../../components/loading.tsx';
import { currentLocale, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { FamilyNews } from '../news/home-cards.tsx';
import '../news/news.css';
import { formatDay, todayIso } from '../timetable/dates.ts';
import { ChangeNotes, sessionPath } from '../timetable/session-item.tsx';
import { ChildSwitcher } from './child-switcher.tsx';
import type { FamilyHome, FamilyHomePupil } from './types.ts';
import './family-home.css';

/** Every count of the home in one request (GET /api/home/family). */
export function useFamilyHome() {
  return useQuery({
    queryKey: ['home', 'family'],
    queryFn: () => api<FamilyHome>('GET', '/api/home/family'),
  });
}

const nameOf = (p: { firstName: string; lastName: string }) => `${p.firstName} ${p.lastName}`;
const shorten = (text: string, max = 90) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

/** "Le prochain cours": subject, day when not today, hours, room; a link to what was done and set in it. */
function NextSession({ p, today }: { p: FamilyHomePupil; today: string }) {
  const { t } = useTranslation();
  const s = p.nextSession;
  return (
    <div className="today-block">
      <h4>{t('families.home.next')}</h4>
      {s ? (
        <p>
          <Link href={sessionPath(s)}>
            <strong>{s.subject.label}</strong>
            {!p.self && <span className="visually-hidden"> — {nameOf(p.pupil)}</span>}
          </Link>{' '}
          {s.date !== today && <>{formatDay(s.date, currentLocale())}, </>}
          <span dir="ltr">
            <time>{s.startsAt}</time>–<time>{s.endsAt}</time>
          </span>
          {s.room && <> · {t('timetable.room', { room: s.room.code })}</>}
        </p>
      ) : (
        <p className="hint">{t('families.home.noNext')}</p>
      )}
    </div>
  );
}

function HomeworkDue({ p }: { p: FamilyHomePupil }) {
  const { t } = useTranslation();
  const date = formatDay(p.nextSchoolDay, currentLocale());
  const href = p.self ? '/travail-a-faire' : `/travail-a-faire/${p.pupil.id}`;
  const left = p.homeworkDue.filter((h) => !h.done).length;
  return (
    <div className="today-block">
      <h4>{t('families.home.dueFor', { date })}</h4>
      {p.homeworkDue.length === 0 ? (
        <p className="hint">{t('families.home.noHomework')}</p>
      ) : (
        <>
          <p>
            {t('families.home.homeworkCount', { count: p.homeworkDue.length, left, formatted: formatNumber(left) })}
          </p>
          <ul className="today-list">
            {p.homeworkDue.map((h) => (
              <li key={h.id}>
                <strong>{h.subject}</strong> : <span dir="auto">{shorten(h.instructions)}</span>
                {h.done && <span className="tag tag-success">{t('cahier.done')}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <Link href={href}>
          {t('families.home.allHomework')}
          {!p.self && <span className="visually-hidden"> — {nameOf(p.pupil)}</span>}
        </Link>
      </p>
    </div>
  );
}

function Changes({ p }: { p: FamilyHomePupil }) {
  const { t } = useTranslation();
  if (p.changes.length === 0) return null;
  const locale = currentLocale();
  return (
    <div className="today-block">
      <h4>{t('families.home.changes')}</h4>
      <ul className="today-list">
        {p.changes.map((s) => (
          <li key={s.key}>
            <strong>{s.subject.label}</strong>, {formatDay(s.date, locale)}{' '}
            <span dir="ltr">
              <time>{s.startsAt}</time>–<time>{s.endsAt}</time>
            </span>
            <ChangeNotes session={s} />
          </li>
        ))}
      </ul>
    </div>
  );
}

/** New grades, new report cards, unjustified half-days: each a link to where it is read. */
function News({ p }: { p: FamilyHomePupil }) {
  const { t } = useTranslation();
  const id = p.pupil.id;
  const hidden = p.self ? null : <span className="visually-hidden"> — {nameOf(p.pupil)}</span>;
  const items = [
    p.newGrades > 0 && (
      <li key="grades">
        <Link href={`/notes/${id}`} className="tag">
          {t('families.home.newGrades', { count: p.newGrades, formatted: formatNumber(p.newGrades) })}
          {hidden}
        </Link>
      </li>
    ),
    p.newReportCards > 0 && (
      <li key="cards">
        <Link href="/bulletins" className="tag">
          {t('home.summary.newReportCards', { count: p.newReportCards, formatted: formatNumber(p.newReportCards) })}
          {hidden}
        </Link>
      </li>
    ),
    p.unjustifiedHalfDays > 0 && (
      <li key="absences">
        <Link href={`/absences/${id}`} className="tag tag-warning">
          {t('home.summary.unjustified', {
            count: p.unjustifiedHalfDays,
            formatted: formatNumber(p.unjustifiedHalfDays),
          })}
          {hidden}
        </Link>
      </li>
    ),
  ].filter(Boolean);
  if (items.length === 0) return null;
  return <ul className="today-tags">{items}</ul>;
}

/** A child's entry points (guardians): the same pages as the menu, for this child. */
function ChildLinks({ p }: { p: FamilyHomePupil }) {
  const { t } = useTranslation();
  const id = p.pupil.id;
  const hidden = <span className="visually-hidden"> — {nameOf(p.pupil)}</span>;
  const links = [
    { href: `/enfants/${id}`, label: t('timetable.family.childWeek') },
    { href: `/notes/${id}`, label: t('grades.nav') },
    { href: '/bulletins', label: t('reportCards.nav') },
    { href: `/absences/${id}`, label: t('attendance.family.title') },
    { href: `/vie-de-l-eleve/${id}`, label: t('discipline.family.nav') },
  ];
  return (
    <ul className="today-links">
      {links.map((l) => (
        <li key={l.href}>
          <Link href={l.href}>
            {l.label}
            {hidden}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function TodayCard({ p, today }: { p: FamilyHomePupil; today: string }) {
  const { t } = useTranslation();
  return (
    <li className="card today-card">
      <h3>
        {p.self ? (
          t('families.home.myDay')
        ) : (
          <Link href={`/enfants/${p.pupil.id}`}>
            <bdi>{nameOf(p.pupil)}</bdi>
          </Link>
        )}
        {!p.self && p.class && <span className="tag">{p.class.label}</span>}
      </h3>
      {!p.self && p.site && <p className="hint">{p.site.name}</p>}
      <News p={p} />
      <NextSession p={p} today={today} />
      <Changes p={p} />
      <HomeworkDue p={p} />
      {!p.self && <ChildLinks p={p} />}
    </li>
  );
}

/**
 * The guardian's home: for every child, side by side from 60rem (stacked on phones, with a switcher to show one
 * child at a time), what matters today.
 */
export function FamilyToday({ me }: { me: Me }) {
  const { t } = useTranslation();
  const home = useFamilyHome();
  const [only, setOnly] = useState<string | null>(null);
  const today = home.data?.date ?? todayIso();
  const children = home.data?.pupils.filter((p) => !p.self) ?? [];
  const shown = only ? children.filter((c) => c.pupil.id === only) : children;
  return (
    <>
      {home.data && <FamilyNews home={home.data} />}
      <section aria-labelledby="family-title" className="section">
        <h2 id="family-title">{t('families.home.familyTitle')}</h2>
        {home.isPending ? (
          <Loading />
        ) : home.error ? (
          <ErrorAlert error={home.error} />
        ) : children.length === 0 ? (
          <p>{me.children.length === 0 ? t('home.family.none') : t('families.home.nothing')}</p>
        ) : (
          <>
            <ChildSwitcher
              items={children.map((c) => ({ id: c.pupil.id, name: nameOf(c.pupil) }))}
              current={only}
              onChange={setOnly}
            />
            <ul className="today-grid">
              {shown.map((p) => (
                <TodayCard key={p.pupil.id} p={p} today={today} />
              ))}
            </ul>
            <ul className="today-links">
              <li>
                <Link href="/journee-famille">{t('timetable.homeFamilyDay')}</Link>
              </li>
              <li>
                <Link href="/travail-a-faire">{t('families.home.allChildrenHomework')}</Link>
              </li>
            </ul>
          </>
        )}
      </section>
    </>
  );
}

/** The pupil's home: today first (next lesson, homework for the next school day, changes, news), then the links. */
export function PupilToday({ me }: { me: Me }) {
  const { t } = useTranslation();
  const home = useFamilyHome();
  const school = currentSchool(me);
  const enrolment = me.enrolments.find((e) => e.schoolId === school?.id) ?? me.enrolments[0];
  const id = me.person.id;
  const mine = home.data?.pupils.find((p) => p.self);
  const entries = [
    { href: '/emploi-du-temps', label: t('timetable.homeMine') },
    { href: '/travail-a-faire', label: t('cahier.toDoTitle') },
    { href: '/notes', label: t('grades.nav') },
    { href: '/bulletins', label: t('reportCards.nav') },
    { href: `/absences/${id}`, label: t('attendance.family.title') },
    { href: `/vie-de-l-eleve/${id}`, label: t('discipline.family.nav') },
    { href: '/documents', label: t('documents.title') },
  ];
  return (
    <>
      {home.data && <FamilyNews home={home.data} />}
      <section aria-labelledby="today-title" className="section">
        <h2 id="today-title">{t('families.home.pupilTitle')}</h2>
        {home.isPending ? (
          <Loading />
        ) : home.error ? (
          <ErrorAlert error={home.error} />
        ) : mine ? (
          <ul className="today-grid">
            <TodayCard p={mine} today={home.data.date} />
          </ul>
        ) : (
          <p>{t('pupil.noClass')}</p>
        )}
      </section>
      <section aria-labelledby="entries-title" className="section">
        <h2 id="entries-title">{t('home.entries')}</h2>
        <ul className="cards quick-links">
          {entries.map((e) => (
            <li key={e.href} className="card entry-card">
              <Link href={e.href} className="card-link entry-link">
                {e.label}
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="class-title" className="section">
        <h2 id="class-title">{t('home.pupil.title')}</h2>
        {enrolment ? (
          <div className="card">
            <dl className="facts">
              <div>
                <dt>{t('pupil.class')}</dt>
                <dd>{enrolment.class.label}</dd>
              </div>
              <div>
                <dt>{t('pupil.site')}</dt>
                <dd>{enrolment.site?.name ?? t('common.none')}</dd>
              </div>
              <div>
                <dt>{t('pupil.school')}</dt>
                <dd>{school?.name}</dd>
              </div>
            </dl>
          </div>
        ) : (
          <p>{t('pupil.noClass')}</p>
        )}
      </section>
    </>
  );
}
