import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { DocumentPicker, LinkedDocument } from '../features/documents/picker.tsx';
import { ErrorAlert } from '../features/errors.tsx';
import { addDays, formatDay } from '../features/timetable/dates.ts';
import { useCahierSession, useCreateHomework, useSaveContent, useWorkload } from '../features/timetable/queries.ts';
import type { CahierSession } from '../features/timetable/types.ts';
import { currentLocale } from '../i18n/index.ts';

/** Waits for the typing to pause before asking the server. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setV(value), ms);
    return () => clearTimeout(id);
  }, [value, ms]);
  return v;
}

function ContentForm({ data, courseId, date }: { data: CahierSession; courseId: string; date: string }) {
  const { t } = useTranslation();
  const [content, setContent] = useState(data.content?.content ?? '');
  const save = useSaveContent(courseId, date);
  const [message, setMessage] = useState('');
  const submit = (status: 'draft' | 'published') =>
    save.mutate(
      { content, status },
      { onSuccess: () => setMessage(t(status === 'published' ? 'cahier.contentPublished' : 'cahier.contentSaved')) },
    );
  return (
    <section className="section" aria-labelledby="content-title">
      <h2 id="content-title">
        {t('cahier.contentTitle')}
        {data.content && <span className="tag">{t(`cahier.status.${data.content.status}`)}</span>}
      </h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          submit('published');
        }}
      >
        <div className="field">
          <label htmlFor="session-content">{t('cahier.content')}</label>
          <textarea
            dir="auto"
            id="session-content"
            rows={5}
            required
            value={content}
            onChange={(e) => setContent(e.currentTarget.value)}
          />
        </div>
        {save.error && <ErrorAlert error={save.error} />}
        <div className="toolbar">
          <Button className="button" isDisabled={save.isPending || !content.trim()} onPress={() => submit('draft')}>
            {t('cahier.saveDraft')}
          </Button>
          <Button type="submit" className="button button-primary" isDisabled={save.isPending || !content.trim()}>
            {t('cahier.publish')}
          </Button>
        </div>
        <p role="status" className="status-line">
          {message}
        </p>
      </form>
    </section>
  );
}

function HomeworkForm({ data, courseId, date }: { data: CahierSession; courseId: string; date: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [dueDate, setDueDate] = useState(addDays(data.session.date, 7));
  const [instructions, setInstructions] = useState('');
  const [minutes, setMinutes] = useState('20');
  const [handIn, setHandIn] = useState(false);
  const [latePolicy, setLatePolicy] = useState<'accept' | 'refuse'>('accept');
  const [dueTime, setDueTime] = useState('08:00');
  const [documentId, setDocumentId] = useState('');
  const [message, setMessage] = useState('');
  const create = useCreateHomework(courseId, date);
  const audience = data.session.class
    ? { classId: data.session.class.id }
    : data.session.groups[0]
      ? { groupId: data.session.groups[0].id }
      : null;
  const n = Number.parseInt(minutes, 10);
  const debounced = useDebounced({ dueDate, minutes: Number.isFinite(n) && n >= 0 ? Math.min(n, 600) : 0 }, 300);
  const workload = useWorkload(
    audience && /^\d{4}-\d{2}-\d{2}$/.test(debounced.dueDate) ? { ...audience, ...debounced } : null,
  );
  const w = workload.data;
  return (
    <section className="section" aria-labelledby="new-homework-title">
      <h2 id="new-homework-title">{t('cahier.newHomework')}</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(
            {
              courseId,
              sessionDate: date,
              dueDate,
              instructions,
              estimatedMinutes: Number.isFinite(n) ? n : 0,
              status: 'published',
              ...(handIn ? { handIn: { required: true, latePolicy, dueTime } } : {}),
              ...(documentId ? { documentId } : {}),
            },
            {
              onSuccess: () => {
                setMessage(t('cahier.homeworkSaved', { date: formatDay(dueDate, locale) }));
                setInstructions('');
                setDocumentId('');
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor="hw-due">{t('cahier.dueDate')}</label>
          <input
            id="hw-due"
            type="date"
            required
            min={data.session.date}
            value={dueDate}
            onChange={(e) => setDueDate(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="hw-instructions">{t('cahier.instructions')}</label>
          <textarea
            dir="auto"
            id="hw-instructions"
            rows={4}
            required
            value={instructions}
            onChange={(e) => setInstructions(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="hw-minutes">{t('cahier.estimated')}</label>
          <input
            id="hw-minutes"
            type="number"
            inputMode="numeric"
            min={0}
            max={600}
            step={5}
            required
            value={minutes}
            onChange={(e) => setMinutes(e.currentTarget.value)}
          />
        </div>
        <DocumentPicker
          classId={data.session.class?.id ?? null}
          groupId={data.session.groups[0]?.id ?? null}
          value={documentId}
          onChange={setDocumentId}
        />
        <label className="native-checkbox">
          <input type="checkbox" checked={handIn} onChange={(e) => setHandIn(e.currentTarget.checked)} />
          <span>{t('handin.ask')}</span>
        </label>
        {handIn && (
          <>
            <div className="field">
              <label htmlFor="hw-hand-in-time">{t('handin.dueTime')}</label>
              <input
                id="hw-hand-in-time"
                type="time"
                required
                value={dueTime}
                onChange={(e) => setDueTime(e.currentTarget.value)}
              />
            </div>
            <div className="field">
              <label htmlFor="hw-hand-in-late">{t('handin.latePolicy')}</label>
              <select
                id="hw-hand-in-late"
                value={latePolicy}
                onChange={(e) => setLatePolicy(e.currentTarget.value === 'refuse' ? 'refuse' : 'accept')}
              >
                <option value="accept">{t('handin.lateAccept')}</option>
                <option value="refuse">{t('handin.lateRefuse')}</option>
              </select>
            </div>
          </>
        )}
        {w && (
          <section
            className={w.warning ? 'alert alert-warning workload' : 'alert alert-info workload'}
            aria-labelledby="workload-title"
          >
            <h3 id="workload-title">{t('cahier.workloadTitle')}</h3>
            <p aria-live="polite">
              <strong>{w.warning ? t('cahier.workloadWarning') : t('cahier.workloadOk')}</strong>
            </p>
            <ul>
              <li className={w.exceeds.day ? 'over' : undefined}>
                {t('cahier.workloadDay', {
                  date: formatDay(w.day.date, locale),
                  total: w.totals.day,
                  max: w.thresholds.minutesPerDay,
                })}
              </li>
              <li className={w.exceeds.week ? 'over' : undefined}>
                {t('cahier.workloadWeek', {
                  from: formatDay(w.week.from, locale),
                  total: w.totals.week,
                  max: w.thresholds.minutesPerWeek,
                })}
              </li>
            </ul>
            {w.day.items.length > 0 && (
              <>
                <p>{t('cahier.alreadyDue')}</p>
                <ul>
                  {w.day.items.map((i) => (
                    <li key={i.id}>
                      {i.subject.label} — {t('cahier.minutes', { count: i.estimatedMinutes })}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </section>
        )}
        {create.error && <ErrorAlert error={create.error} />}
        <Button type="submit" className="button button-primary" isDisabled={create.isPending || !instructions.trim()}>
          {t('cahier.addHomework')}
        </Button>
        <p role="status" className="status-line">
          {message}
        </p>
      </form>
    </section>
  );
}

/** A teacher's session: what was done (cahier de textes), homework with the class's workload, the roll call. */
export default function SessionPage({ courseId, date }: { courseId: string; date: string }) {
  const { t } = useTranslation();
  const q = useCahierSession(courseId, date);
  const locale = currentLocale();
  if (q.isPending) return <Loading />;
  if (q.error) {
    return (
      <div className="page">
        <PageTitle>{t('timetable.myTitle')}</PageTitle>
        <ErrorAlert error={q.error} />
      </div>
    );
  }
  const { session: s } = q.data;
  const audience = [s.class?.label, ...s.groups.map((g) => g.label)].filter(Boolean).join(', ');
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href={`/emploi-du-temps?date=${s.date}`}>{t('timetable.myTitle')}</Link>
      </p>
      <PageTitle>
        {t('cahier.sessionTitle', {
          subject: `${s.subject.label} ${audience}`.trim(),
          date: formatDay(s.date, locale),
        })}
      </PageTitle>
      <p>{t('cahier.sessionWhen', { from: s.startsAt, to: s.endsAt })}</p>
      {s.cancelled ? (
        <p className="alert alert-info">{t('cahier.cancelled')}</p>
      ) : (
        <>
          <p>
            <Link href={`/appel/${encodeURIComponent(courseId)}/${date}`} className="button button-primary">
              {t('cahier.toRollCall')}
            </Link>
          </p>
          {q.data.abilities.write ? (
            <ContentForm key={`${courseId}:${date}`} data={q.data} courseId={courseId} date={date} />
          ) : (
            <p className="hint">{t('cahier.readOnly')}</p>
          )}
          <section className="section" aria-labelledby="homework-title">
            <h2 id="homework-title">{t('cahier.homeworkTitle')}</h2>
            {q.data.homework.length === 0 ? (
              <p>{t('cahier.noHomework')}</p>
            ) : (
              <ul className="cards">
                {q.data.homework.map((h) => (
                  <li key={h.id} className="card">
                    <p>
                      <strong>{t('cahier.dueOn', { date: formatDay(h.dueDate, locale) })}</strong>
                      <span className="tag">{t(`cahier.status.${h.status}`)}</span>
                    </p>
                    <p className="homework-instructions" dir="auto">
                      {h.instructions}
                    </p>
                    <p className="hint">{t('cahier.minutes', { count: h.estimatedMinutes })}</p>
                    {h.document && <LinkedDocument document={h.document} />}
                    {h.handIn && h.status === 'published' && (
                      <p>
                        <Link href={`/copies/${encodeURIComponent(h.id)}`}>
                          {t('handin.listTitle')}
                          <span className="visually-hidden">
                            {' '}
                            — {t('cahier.dueOn', { date: formatDay(h.dueDate, locale) })}
                          </span>
                        </Link>
                      </p>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          {q.data.abilities.write && <HomeworkForm data={q.data} courseId={courseId} date={date} />}
        </>
      )}
    </div>
  );
}
