import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { api } from '../api/client.ts';
import { hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { LinkedDocument } from '../features/documents/picker.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { HandInBox } from '../features/handin/hand-in-box.tsx';
import { addDays, formatDay, todayIso } from '../features/timetable/dates.ts';
import { useTickHomework } from '../features/timetable/queries.ts';
import { sessionPath } from '../features/timetable/session-item.tsx';
import type { PupilHomework, PupilHomeworkList } from '../features/timetable/types.ts';
import { currentLocale } from '../i18n/index.ts';

/** How far the list looks at first, and how much each "Voir plus loin" adds (the server allows 120 days). */
const STEP_DAYS = 14;
const MAX_DAYS = 119;

function HomeworkItem({ hw, child, pupilId }: { hw: PupilHomework; child?: string; pupilId?: string }) {
  const { t } = useTranslation();
  const tick = useTickHomework();
  const [message, setMessage] = useState('');
  // Ticked at once; put back if the server refuses.
  const [checked, setChecked] = useState(hw.done);
  const id = `done-${hw.id}`;
  const date = formatDay(hw.dueDate, currentLocale());
  return (
    <li className={checked ? 'card homework is-done' : 'card homework'}>
      <h3>
        {hw.subject.label}
        {child && (
          <span className="tag">
            <bdi>{child}</bdi>
          </span>
        )}
      </h3>
      <p className="homework-instructions" dir="auto">
        {hw.instructions}
      </p>
      {hw.estimatedMinutes > 0 && <p className="hint">{t('cahier.minutes', { count: hw.estimatedMinutes })}</p>}
      {hw.links.length > 0 && (
        <ul>
          {hw.links.map((l) => (
            <li key={l.url}>
              <a href={l.url} rel="noopener noreferrer" target="_blank">
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      {/* A guardian reads only what the teachers opened to families: the link is the pupil's. */}
      {hw.document && !pupilId && <LinkedDocument document={hw.document} />}
      {hw.session && (
        <p>
          <Link href={sessionPath({ courseId: hw.session.courseId, key: hw.session.key, date: hw.session.date })}>
            {t('families.homework.givenIn', { date: formatDay(hw.session.date, currentLocale()) })}
            <span className="visually-hidden"> — {hw.subject.label}</span>
          </Link>
        </p>
      )}
      {hw.abilities.tick ? (
        <div className="done-box">
          <input
            id={id}
            type="checkbox"
            checked={checked}
            onChange={(e) => {
              const done = e.currentTarget.checked;
              setChecked(done);
              tick.mutate(
                { id: hw.id, done },
                {
                  onSuccess: () =>
                    setMessage(t(done ? 'cahier.doneSaved' : 'cahier.undoneSaved', { subject: hw.subject.label })),
                  onError: () => setChecked(!done),
                },
              );
            }}
          />
          <label htmlFor={id}>
            {t('cahier.done')}
            <span className="visually-hidden"> : {t('cahier.doneFor', { subject: hw.subject.label, date })}</span>
          </label>
        </div>
      ) : (
        hw.done && <p className="tag tag-success">{t('families.homework.markedDone')}</p>
      )}
      {hw.handIn && <HandInBox homeworkId={hw.id} pupilId={pupilId} subject={hw.subject.label} />}
      {tick.error && <ErrorAlert error={tick.error} />}
      <p role="status" className="visually-hidden">
        {message}
      </p>
    </li>
  );
}

interface Child {
  id: string;
  name: string;
}

/** One or several pupils' homework from today to `to`, merged by due date (the child's name on each when several). */
function HomeworkList({ pupils, from, to, isPupil }: { pupils: Child[]; from: string; to: string; isPupil: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const lists = useQueries({
    queries: pupils.map((p) => ({
      queryKey: ['homework', 'pupil', p.id, from, to],
      queryFn: () =>
        api<PupilHomeworkList>('GET', `/api/homework/pupils/${encodeURIComponent(p.id)}`, undefined, {
          query: { from, to },
        }),
      placeholderData: (prev: PupilHomeworkList | undefined) => prev,
    })),
  });
  const error = lists.find((l) => l.error)?.error;
  if (error) return <ErrorAlert error={error} />;
  if (lists.some((l) => !l.data)) return <Loading />;
  const several = pupils.length > 1;
  const items = lists.flatMap((l, i) =>
    (l.data?.items ?? []).map((h) => ({
      h,
      child: several ? pupils[i]!.name : undefined,
      // A pupil reads their own hand-in; a guardian names the child.
      pupilId: isPupil ? undefined : pupils[i]!.id,
    })),
  );
  const days = [...new Set(items.map((i) => i.h.dueDate))].sort();
  if (days.length === 0) return <p>{t('families.homework.noneUntil', { date: formatDay(to, locale) })}</p>;
  return (
    <>
      {days.map((d) => (
        <section key={d} className="section" aria-labelledby={`due-${d}`}>
          <h2 id={`due-${d}`}>{t('cahier.dueOn', { date: formatDay(d, locale) })}</h2>
          <ul className="cards homework-list">
            {items
              .filter((i) => i.h.dueDate === d)
              .map((i) => (
                <HomeworkItem key={`${i.child ?? ''}-${i.h.id}`} hw={i.h} child={i.child} pupilId={i.pupilId} />
              ))}
          </ul>
        </section>
      ))}
      <p className="hint">{t('families.homework.until', { date: formatDay(to, locale) })}</p>
    </>
  );
}

/** Guardians of several children: each child, or all of them together (links, so the choice is in the address). */
function ChildChoice({ items, current }: { items: Child[]; current: string | null }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('families.childChoice')} className="child-switch">
      <ul className="actions">
        <li>
          <Link href="/travail-a-faire" aria-current={current === null ? 'page' : undefined} className="button">
            {t('families.allChildren')}
          </Link>
        </li>
        {items.map((c) => (
          <li key={c.id}>
            <Link
              href={`/travail-a-faire/${c.id}`}
              aria-current={current === c.id ? 'page' : undefined}
              className="button"
            >
              <bdi>{c.name}</bdi>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * "Travail à faire": a pupil's published homework by due date with a "fait" tick; for guardians, each child's or all
 * children's together. Two weeks at first, "Voir plus loin" adds two more (up to the server's 120 days).
 */
export default function HomeworkPage({ me, pupilId }: { me: Me; pupilId?: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const from = todayIso();
  const [days, setDays] = useState(STEP_DAYS - 1);
  const to = addDays(from, days);
  const isPupil = hasAbility(me, 'self.view');
  const children: Child[] = me.children.map((c) => ({ id: c.id, name: `${c.firstName} ${c.lastName}` }));
  const chosen = pupilId ? children.find((c) => c.id === pupilId) : undefined;
  let pupils: Child[];
  if (pupilId && !chosen) {
    pupils = [];
  } else if (chosen) {
    pupils = [chosen];
  } else if (isPupil && children.length === 0) {
    pupils = [{ id: me.person.id, name: `${me.person.firstName} ${me.person.lastName}` }];
  } else {
    pupils = children;
  }
  return (
    <div className="page">
      {isPupil && (
        <p className="breadcrumb">
          <Link href="/emploi-du-temps">{t('timetable.myTitle')}</Link>
        </p>
      )}
      <PageTitle>{chosen ? t('families.homework.titleOf', { name: chosen.name }) : t('cahier.toDoTitle')}</PageTitle>
      {children.length > 1 && <ChildChoice items={children} current={chosen?.id ?? null} />}
      {pupilId && !chosen ? (
        <p>
          {t('families.unknownChild')}{' '}
          <Button className="link-button" onPress={() => navigate('/travail-a-faire')}>
            {t('families.allChildren')}
          </Button>
        </p>
      ) : pupils.length === 0 ? (
        <p>{t('home.family.none')}</p>
      ) : (
        <>
          <HomeworkList pupils={pupils} from={from} to={to} isPupil={isPupil && !pupilId && children.length === 0} />
          {days < MAX_DAYS && (
            <Button className="button" onPress={() => setDays((d) => Math.min(d + STEP_DAYS, MAX_DAYS))}>
              {t('families.homework.more')}
            </Button>
          )}
        </>
      )}
    </div>
  );
}
