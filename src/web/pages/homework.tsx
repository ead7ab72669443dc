import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { addDays, formatDay, todayIso } from '../features/timetable/dates.ts';
import { usePupilHomework, useTickHomework } from '../features/timetable/queries.ts';
import type { PupilHomework } from '../features/timetable/types.ts';
import { currentLocale } from '../i18n/index.ts';

function HomeworkItem({ hw }: { hw: PupilHomework }) {
  const { t } = useTranslation();
  const tick = useTickHomework();
  const [message, setMessage] = useState('');
  // Ticked at once; put back if the server refuses.
  const [checked, setChecked] = useState(hw.done);
  const id = `done-${hw.id}`;
  const date = formatDay(hw.dueDate, currentLocale());
  return (
    <li className={checked ? 'card homework is-done' : 'card homework'}>
      <h3>{hw.subject.label}</h3>
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
      {hw.abilities.tick && (
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
      )}
      {tick.error && <ErrorAlert error={tick.error} />}
      <p role="status" className="visually-hidden">
        {message}
      </p>
    </li>
  );
}

/** "Travail à faire": the pupil's published homework of the next two weeks, by due date, with a "fait" tick. */
export default function HomeworkPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const from = todayIso();
  const to = addDays(from, 13);
  const list = usePupilHomework(me.person.id, from, to);
  const locale = currentLocale();
  const days = list.data ? [...new Set(list.data.items.map((h) => h.dueDate))].sort() : [];
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/emploi-du-temps">{t('timetable.myTitle')}</Link>
      </p>
      <PageTitle>{t('cahier.toDoTitle')}</PageTitle>
      {list.isPending ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : days.length === 0 ? (
        <p>{t('cahier.none')}</p>
      ) : (
        days.map((d) => (
          <section key={d} className="section" aria-labelledby={`due-${d}`}>
            <h2 id={`due-${d}`}>{t('cahier.dueOn', { date: formatDay(d, locale) })}</h2>
            <ul className="cards homework-list">
              {list.data.items
                .filter((h) => h.dueDate === d)
                .map((h) => (
                  <HomeworkItem key={h.id} hw={h} />
                ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}
