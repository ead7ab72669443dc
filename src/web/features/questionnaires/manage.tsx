import { type FormEvent, lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { formatDate, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { addDays, todayIso } from '../timetable/dates.ts';
import {
  type Questionnaire,
  type QuestionnaireInput,
  type Results,
  useCreate,
  useResults,
  useSchoolQuestionnaires,
  useSetStatus,
  useTemplates,
} from './api.ts';

// The chart library is loaded with the results only.
const Bars = lazy(() => import('../usage/charts.tsx').then((m) => ({ default: m.CategoryBars })));

const PUBLICS = ['guardians', 'pupils', 'staff'] as const;
type Question = QuestionnaireInput['questions'][number];

function StatusTag({ q }: { q: Questionnaire }) {
  const { t } = useTranslation();
  const label =
    q.status === 'draft'
      ? t('questionnaires.status.draft')
      : q.status === 'closed'
        ? t('questionnaires.status.closed')
        : q.open
          ? t('questionnaires.status.open')
          : t('questionnaires.status.published');
  return <span className="tag">{label}</span>;
}

/** The school's questionnaires for the direction: status, dates, answers, and what can be done next. */
export function ManageList({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const list = useSchoolQuestionnaires(schoolId);
  const setStatus = useSetStatus();
  if (list.isPending) return <Loading />;
  if (list.error) return <ErrorAlert error={list.error} onRetry={() => list.refetch()} />;
  return (
    <section aria-labelledby="questionnaires-manage-title" className="section">
      <h2 id="questionnaires-manage-title">{t('questionnaires.manage.title')}</h2>
      <p>
        <Link href="/questionnaires/nouveau" className="button">
          {t('questionnaires.manage.create')}
        </Link>
      </p>
      {setStatus.error && <ErrorAlert error={setStatus.error} />}
      {list.data.items.length === 0 ? (
        <p>{t('questionnaires.manage.none')}</p>
      ) : (
        <ul className="plain-list">
          {list.data.items.map((q) => (
            <li key={q.id} className="card">
              <h3>
                <bdi>{q.title}</bdi> <StatusTag q={q} />
              </h3>
              <p className="hint">
                {t('questionnaires.manage.dates', { from: formatDate(q.opensOn), to: formatDate(q.closesOn) })} ·{' '}
                {q.anonymous ? t('questionnaires.anonymous') : t('questionnaires.named')} ·{' '}
                {t('questionnaires.manage.respondents', {
                  count: q.respondents ?? 0,
                  formatted: formatNumber(q.respondents ?? 0),
                })}
              </p>
              <ul className="today-links">
                {q.status === 'draft' && (
                  <li>
                    <Button className="button" onPress={() => setStatus.mutate({ id: q.id, to: 'publish' })}>
                      {t('questionnaires.manage.publish')}
                    </Button>
                  </li>
                )}
                {q.status === 'published' && (
                  <li>
                    <Button className="button" onPress={() => setStatus.mutate({ id: q.id, to: 'close' })}>
                      {t('questionnaires.manage.close')}
                    </Button>
                  </li>
                )}
                {q.status !== 'draft' && (
                  <li>
                    <Link href={`/questionnaires/${q.id}/resultats`}>{t('questionnaires.manage.results')}</Link>
                  </li>
                )}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function optionsFrom(text: string) {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 12)
    .map((label, i) => ({ id: `o${i + 1}`, label }));
}

/** A blank question added by hand: its kind, its wording and, for a choice, one option per line. */
function QuestionAdder({ onAdd, index }: { onAdd: (q: Question) => void; index: number }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<Question['kind']>('single');
  const [label, setLabel] = useState('');
  const [options, setOptions] = useState('');
  const choice = kind === 'single' || kind === 'multiple';
  return (
    <fieldset className="fieldset">
      <legend>{t('questionnaires.create.addQuestion')}</legend>
      <div className="field">
        <label htmlFor="qa-kind">{t('questionnaires.create.kind')}</label>
        <select id="qa-kind" value={kind} onChange={(e) => setKind(e.target.value as Question['kind'])}>
          <option value="single">{t('questionnaires.kinds.single')}</option>
          <option value="multiple">{t('questionnaires.kinds.multiple')}</option>
          <option value="scale">{t('questionnaires.kinds.scale')}</option>
          <option value="text">{t('questionnaires.kinds.text')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="qa-label">{t('questionnaires.create.label')}</label>
        <input id="qa-label" value={label} maxLength={500} onChange={(e) => setLabel(e.target.value)} />
      </div>
      {choice && (
        <div className="field">
          <label htmlFor="qa-options">{t('questionnaires.create.options')}</label>
          <textarea id="qa-options" rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
        </div>
      )}
      <Button
        className="button"
        isDisabled={label.trim() === '' || (choice && optionsFrom(options).length < 2)}
        onPress={() => {
          onAdd({
            id: `q${index + 1}`,
            kind,
            label: label.trim(),
            required: false,
            options: choice ? optionsFrom(options) : [],
            showIf: null,
          });
          setLabel('');
          setOptions('');
        }}
      >
        {t('questionnaires.create.add')}
      </Button>
    </fieldset>
  );
}

/** Creating a questionnaire from a template or blank; it is saved as a draft, published from the list. */
export function CreateForm({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const templates = useTemplates(schoolId);
  const create = useCreate();
  const [title, setTitle] = useState('');
  const [intro, setIntro] = useState('');
  const [questions, setQuestions] = useState<Question[]>([]);
  const [publics, setPublics] = useState<Array<(typeof PUBLICS)[number]>>(['guardians']);
  const [anonymous, setAnonymous] = useState(true);
  const [opensOn, setOpensOn] = useState(todayIso());
  const [closesOn, setClosesOn] = useState(addDays(todayIso(), 14));
  const applyTemplate = (key: string) => {
    const tpl = templates.data?.items.find((x) => x.key === key);
    if (!tpl) return;
    setTitle(tpl.title);
    setIntro(tpl.intro);
    setQuestions(tpl.questions);
    setPublics(tpl.audience.publics);
    setAnonymous(tpl.anonymous);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      { schoolId, title, intro, questions, audience: { publics }, anonymous, opensOn, closesOn },
      { onSuccess: () => navigate('/questionnaires') },
    );
  };
  return (
    <form onSubmit={submit} className="form">
      <div className="field">
        <label htmlFor="qc-template">{t('questionnaires.create.template')}</label>
        <select id="qc-template" defaultValue="" onChange={(e) => applyTemplate(e.target.value)}>
          <option value="">{t('questionnaires.create.blank')}</option>
          {templates.data?.items.map((x) => (
            <option key={x.key} value={x.key}>
              {x.title}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="qc-title">{t('questionnaires.create.title')}</label>
        <input id="qc-title" required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="qc-intro">{t('questionnaires.create.intro')}</label>
        <textarea id="qc-intro" rows={3} value={intro} onChange={(e) => setIntro(e.target.value)} />
      </div>
      <fieldset className="fieldset">
        <legend>{t('questionnaires.create.audience')}</legend>
        <ul className="plain-list">
          {PUBLICS.map((p) => (
            <li key={p}>
              <label className="native-checkbox">
                <input
                  type="checkbox"
                  checked={publics.includes(p)}
                  onChange={(e) => setPublics(e.target.checked ? [...publics, p] : publics.filter((x) => x !== p))}
                />{' '}
                {t(`questionnaires.publics.${p}`)}
              </label>
            </li>
          ))}
        </ul>
      </fieldset>
      <label className="native-checkbox">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />{' '}
        {t('questionnaires.create.anonymous')}
      </label>
      <div className="field">
        <label htmlFor="qc-opens">{t('questionnaires.create.opensOn')}</label>
        <input id="qc-opens" type="date" required value={opensOn} onChange={(e) => setOpensOn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="qc-closes">{t('questionnaires.create.closesOn')}</label>
        <input id="qc-closes" type="date" required value={closesOn} onChange={(e) => setClosesOn(e.target.value)} />
      </div>
      <section aria-labelledby="qc-questions">
        <h2 id="qc-questions">{t('questionnaires.create.questions')}</h2>
        {questions.length === 0 ? (
          <p>{t('questionnaires.create.noQuestion')}</p>
        ) : (
          <ol>
            {questions.map((x) => (
              <li key={x.id}>
                {x.label} <span className="hint">({t(`questionnaires.kinds.${x.kind}`)})</span>{' '}
                <Button className="button-link" onPress={() => setQuestions(questions.filter((y) => y !== x))}>
                  {t('questionnaires.create.remove')}
                </Button>
              </li>
            ))}
          </ol>
        )}
        <QuestionAdder index={questions.length} onAdd={(x) => setQuestions([...questions, x])} />
      </section>
      {create.error && <ErrorAlert error={create.error} />}
      <Button
        type="submit"
        className="button button-primary"
        isDisabled={create.isPending || questions.length === 0 || publics.length === 0}
      >
        {t('questionnaires.create.save')}
      </Button>
    </form>
  );
}

function ResultTable({ r, min }: { r: Results['questions'][number]; min: number }) {
  const { t } = useTranslation();
  const hidden = t('questionnaires.results.hidden', { min });
  return (
    <table className="table">
      <caption className="visually-hidden">{r.label}</caption>
      <thead>
        <tr>
          <th scope="col">{t('questionnaires.results.answer')}</th>
          <th scope="col">{t('questionnaires.results.count')}</th>
        </tr>
      </thead>
      <tbody>
        {r.options.map((o) => (
          <tr key={o.id}>
            <th scope="row">{o.label}</th>
            <td>{o.count === null ? hidden : formatNumber(o.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Results for the direction: a chart and its table per question; hidden counts say so; the CSV. */
export function ResultsView({ id }: { id: string }) {
  const { t } = useTranslation();
  const results = useResults(id);
  if (results.isPending) return <Loading />;
  if (results.error) return <ErrorAlert error={results.error} onRetry={() => results.refetch()} />;
  const d = results.data;
  return (
    <>
      <p>
        {t('questionnaires.manage.respondents', { count: d.respondents, formatted: formatNumber(d.respondents) })} ·{' '}
        {d.questionnaire.anonymous ? t('questionnaires.anonymous') : t('questionnaires.named')}
      </p>
      <p className="hint">{t('questionnaires.results.rule', { min: d.minimumCount })}</p>
      <p>
        <a href={`/api/questionnaires/${id}/results.csv`} download>
          {t('questionnaires.results.csv')}
        </a>
      </p>
      {d.questions.map((r) => (
        <section key={r.questionId} className="card section" aria-labelledby={`r-${r.questionId}`}>
          <h2 id={`r-${r.questionId}`}>{r.label}</h2>
          <p className="hint">
            {r.answered === null
              ? t('questionnaires.results.tooFew', { min: d.minimumCount })
              : t('questionnaires.results.answered', { count: r.answered, formatted: formatNumber(r.answered) })}
          </p>
          {r.kind === 'scale' && r.average !== null && (
            <p>{t('questionnaires.results.average', { value: formatNumber(r.average) })}</p>
          )}
          {r.kind !== 'text' && r.answered !== null && r.options.some((o) => o.count !== null) && (
            <Suspense fallback={<Loading />}>
              <Bars data={r.options.map((o) => ({ label: o.label, value: o.count ?? 0 }))} label={r.label} />
            </Suspense>
          )}
          {r.kind !== 'text' && <ResultTable r={r} min={d.minimumCount} />}
          {r.kind === 'text' && r.texts.length > 0 && (
            <ul>
              {r.texts.map((text, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: texts may repeat and have no id
                <li key={i}>
                  <bdi>{text}</bdi>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
