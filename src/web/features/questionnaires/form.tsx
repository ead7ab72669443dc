import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { Loading } from '../../components/loading.tsx';
import { ErrorAlert } from '../errors.tsx';
import { CheckList, PupilFilters } from '../news/audience-picker.tsx';
import { addDays, todayIso } from '../timetable/dates.ts';
import {
  type Questionnaire,
  type QuestionnaireInput,
  useAudienceOptions,
  useCreate,
  useQuestionnaire,
  useTemplates,
  useUpdate,
} from './api.ts';

const PUBLICS = ['guardians', 'pupils', 'staff'] as const;
type Public = (typeof PUBLICS)[number];
type Question = QuestionnaireInput['questions'][number];
type Option = { id: string; label: string };

/** One option per line; a line keeps the id of the option at its place (conditions keep pointing at it). */
function optionsFrom(text: string, before: readonly Option[]): Option[] {
  const labels = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 12);
  const used = new Set<string>();
  let n = before.length;
  return labels.map((label, i) => {
    let id = before[i]?.id ?? `o${++n}`;
    while (used.has(id)) id = `o${++n}`;
    used.add(id);
    return { id, label };
  });
}

/** A fresh question id: q1, q2... past the largest one in use (templates use words, kept as they are). */
function nextQuestionId(questions: readonly Question[]): string {
  const ids = new Set(questions.map((q) => q.id));
  let n = questions.length + 1;
  while (ids.has(`q${n}`)) n++;
  return `q${n}`;
}

const isChoice = (q: Pick<Question, 'kind'>) => q.kind === 'single' || q.kind === 'multiple';

/**
 * Conditions that still hold after a change: each names an earlier choice question and one of its options;
 * otherwise it is dropped (the question is then always shown), as the server would refuse it.
 */
export function keepValidConditions(questions: readonly Question[]): Question[] {
  return questions.map((q, i) => {
    if (!q.showIf) return q;
    const on = questions.slice(0, i).find((x) => x.id === q.showIf?.questionId);
    const ok = on && isChoice(on) && (on.options ?? []).some((o) => o.id === q.showIf?.optionId);
    return ok ? q : { ...q, showIf: null };
  });
}

/**
 * Adds a question, or changes one: its kind, its wording, for a choice one option per line, and a condition
 * (« afficher seulement si la réponse à … est … ») on an earlier choice question.
 */
function QuestionEditor({
  editing,
  earlier,
  onSave,
  onCancel,
}: {
  editing: Question | null;
  /** The questions before this one: those a condition may name (choices only). */
  earlier: readonly Question[];
  onSave: (q: Omit<Question, 'id'>) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [kind, setKind] = useState<Question['kind']>(editing?.kind ?? 'single');
  const [label, setLabel] = useState(editing?.label ?? '');
  const [required, setRequired] = useState(editing?.required ?? false);
  const [options, setOptions] = useState((editing?.options ?? []).map((o) => o.label).join('\n'));
  const conditionValue = (c: Question['showIf']) => (c ? `${c.questionId}|${c.optionId}` : '');
  const [condition, setCondition] = useState(conditionValue(editing?.showIf ?? null));
  const choice = kind === 'single' || kind === 'multiple';
  const parsed = optionsFrom(options, editing?.options ?? []);
  const choices = earlier.filter(isChoice);
  const [onQuestion, onOption] = condition.split('|');
  const showIf = condition && onQuestion && onOption ? { questionId: onQuestion, optionId: onOption } : null;
  return (
    <fieldset className="fieldset">
      <legend>{editing ? t('questionnaires.create.editQuestion') : t('questionnaires.create.addQuestion')}</legend>
      <div className="field">
        <label htmlFor={`${ids}-kind`}>{t('questionnaires.create.kind')}</label>
        <select
          id={`${ids}-kind`}
          className="native-select"
          value={kind}
          onChange={(e) => setKind(e.target.value as Question['kind'])}
        >
          <option value="single">{t('questionnaires.kinds.single')}</option>
          <option value="multiple">{t('questionnaires.kinds.multiple')}</option>
          <option value="scale">{t('questionnaires.kinds.scale')}</option>
          <option value="text">{t('questionnaires.kinds.text')}</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-label`}>{t('questionnaires.create.label')}</label>
        <input id={`${ids}-label`} value={label} maxLength={500} onChange={(e) => setLabel(e.target.value)} />
      </div>
      {choice && (
        <div className="field">
          <label htmlFor={`${ids}-options`}>{t('questionnaires.create.options')}</label>
          <textarea id={`${ids}-options`} rows={4} value={options} onChange={(e) => setOptions(e.target.value)} />
        </div>
      )}
      <label className="native-checkbox">
        <input type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
        <span>{t('questionnaires.create.required')}</span>
      </label>
      {choices.length > 0 && (
        <div className="field">
          <label htmlFor={`${ids}-condition`}>{t('questionnaires.create.condition')}</label>
          <select
            id={`${ids}-condition`}
            className="native-select"
            aria-describedby={`${ids}-condition-hint`}
            value={condition}
            onChange={(e) => setCondition(e.target.value)}
          >
            <option value="">{t('questionnaires.create.always')}</option>
            {choices.map((c) => (
              <optgroup key={c.id} label={c.label}>
                {(c.options ?? []).map((o) => (
                  <option key={o.id} value={`${c.id}|${o.id}`}>
                    {t('questionnaires.create.onlyIf', { question: c.label, option: o.label })}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p id={`${ids}-condition-hint`} className="hint">
            {t('questionnaires.create.conditionHint')}
          </p>
        </div>
      )}
      <div className="actions">
        <Button
          className="button"
          isDisabled={label.trim() === '' || (choice && parsed.length < 2)}
          onPress={() => {
            onSave({
              kind,
              label: label.trim(),
              required,
              options: choice ? parsed : [],
              showIf,
            });
            setLabel('');
            setOptions('');
            setRequired(false);
            setCondition('');
          }}
        >
          {editing ? t('questionnaires.create.updateQuestion') : t('questionnaires.create.add')}
        </Button>
        {editing && (
          <Button className="button" onPress={onCancel}>
            {t('questionnaires.create.cancelEdit')}
          </Button>
        )}
      </div>
    </fieldset>
  );
}

/** The questions in order, each with « Modifier », « Monter », « Descendre », « Retirer »; and the editor. */
function QuestionList({ questions, onChange }: { questions: Question[]; onChange: (q: Question[]) => void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<string | null>(null);
  const current = questions.find((q) => q.id === editing) ?? null;
  const move = (i: number, by: number) => {
    const next = [...questions];
    const [q] = next.splice(i, 1);
    if (!q) return;
    next.splice(i + by, 0, q);
    // A condition names an earlier question: moved above it, the condition goes.
    onChange(keepValidConditions(next));
  };
  const remove = (id: string) => onChange(keepValidConditions(questions.filter((x) => x.id !== id)));
  const conditionOf = (x: Question) => {
    const on = questions.find((y) => y.id === x.showIf?.questionId);
    const option = on?.options?.find((o) => o.id === x.showIf?.optionId);
    return on && option ? t('questionnaires.create.onlyIf', { question: on.label, option: option.label }) : null;
  };
  return (
    <>
      {questions.length === 0 ? (
        <p>{t('questionnaires.create.noQuestion')}</p>
      ) : (
        <ol className="questionnaire-questions">
          {questions.map((x, i) => (
            <li key={x.id}>
              <bdi>{x.label}</bdi>{' '}
              <span className="hint">
                ({t(`questionnaires.kinds.${x.kind}`)}
                {x.required ? ` · ${t('questionnaires.create.required')}` : ''})
              </span>
              {x.showIf && <p className="hint questionnaire-condition">{conditionOf(x)}</p>}
              <div className="actions">
                <Button
                  className="button button-small"
                  aria-label={`${t('questionnaires.create.editQuestion')} : ${x.label}`}
                  onPress={() => setEditing(x.id)}
                >
                  {t('questionnaires.create.editQuestion')}
                </Button>
                {i > 0 && (
                  <Button
                    className="button button-small"
                    aria-label={`${t('questionnaires.create.moveUp')} : ${x.label}`}
                    onPress={() => move(i, -1)}
                  >
                    {t('questionnaires.create.moveUp')}
                  </Button>
                )}
                {i < questions.length - 1 && (
                  <Button
                    className="button button-small"
                    aria-label={`${t('questionnaires.create.moveDown')} : ${x.label}`}
                    onPress={() => move(i, 1)}
                  >
                    {t('questionnaires.create.moveDown')}
                  </Button>
                )}
                <Button
                  className="button button-small"
                  aria-label={`${t('questionnaires.create.remove')} : ${x.label}`}
                  onPress={() => remove(x.id)}
                >
                  {t('questionnaires.create.remove')}
                </Button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <QuestionEditor
        key={editing ?? 'new'}
        editing={current}
        earlier={current ? questions.slice(0, questions.indexOf(current)) : questions}
        onCancel={() => setEditing(null)}
        onSave={(q) => {
          // A changed question may lose the options (or the kind) that later conditions named: those go.
          if (current) {
            onChange(keepValidConditions(questions.map((x) => (x.id === current.id ? { ...q, id: current.id } : x))));
          } else onChange([...questions, { ...q, id: nextQuestionId(questions) }]);
          setEditing(null);
        }}
      />
    </>
  );
}

/**
 * Creating a questionnaire (from a template or blank) or changing a draft: title, presentation, audience (publics,
 * then sites, levels and classes as for news), anonymity, dates, questions. Saved as a draft, published from the list.
 */
export function QuestionnaireForm({ schoolId, initial }: { schoolId: string; initial?: Questionnaire }) {
  const { t } = useTranslation();
  const ids = useId();
  const [, navigate] = useLocation();
  const templates = useTemplates(initial ? undefined : schoolId);
  const options = useAudienceOptions(schoolId);
  const create = useCreate();
  const update = useUpdate();
  const [title, setTitle] = useState(initial?.title ?? '');
  const [intro, setIntro] = useState(initial?.intro ?? '');
  const [questions, setQuestions] = useState<Question[]>(initial?.questions ?? []);
  const [publics, setPublics] = useState<Public[]>(initial?.audience.publics ?? ['guardians']);
  const [filter, setFilter] = useState({
    siteIds: initial?.audience.sites.map((s) => s.id) ?? [],
    levels: initial?.audience.levels ?? [],
    classIds: initial?.audience.classes.map((c) => c.id) ?? [],
  });
  const [anonymous, setAnonymous] = useState(initial?.anonymous ?? true);
  const [opensOn, setOpensOn] = useState(initial?.opensOn ?? todayIso());
  const [closesOn, setClosesOn] = useState(initial?.closesOn ?? addDays(todayIso(), 14));
  if (options.isPending) return <Loading />;
  if (options.error) return <ErrorAlert error={options.error} onRetry={() => options.refetch()} />;
  const familiesOrPupils = publics.some((p) => p !== 'staff');
  const applyTemplate = (key: string) => {
    const tpl = templates.data?.items.find((x) => x.key === key);
    if (!tpl) return;
    setTitle(tpl.title);
    setIntro(tpl.intro);
    setQuestions(tpl.questions);
    setPublics(tpl.audience.publics);
    setAnonymous(tpl.anonymous);
  };
  const pending = create.isPending || update.isPending;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const audience = familiesOrPupils ? { publics, ...filter } : { publics };
    const body = { title, intro, questions, audience, anonymous, opensOn, closesOn };
    const done = { onSuccess: () => navigate('/questionnaires') };
    if (initial) update.mutate({ id: initial.id, input: body }, done);
    else create.mutate({ schoolId, ...body }, done);
  };
  return (
    <form onSubmit={submit} className="form">
      {!initial && (
        <div className="field">
          <label htmlFor={`${ids}-template`}>{t('questionnaires.create.template')}</label>
          <select
            id={`${ids}-template`}
            className="native-select"
            defaultValue=""
            onChange={(e) => applyTemplate(e.target.value)}
          >
            <option value="">{t('questionnaires.create.blank')}</option>
            {templates.data?.items.map((x) => (
              <option key={x.key} value={x.key}>
                {x.title}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-title`}>{t('questionnaires.create.title')}</label>
        <input id={`${ids}-title`} required maxLength={200} value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-intro`}>{t('questionnaires.create.intro')}</label>
        <textarea id={`${ids}-intro`} rows={3} value={intro} onChange={(e) => setIntro(e.target.value)} />
      </div>
      <CheckList
        legend={t('questionnaires.create.audience')}
        items={PUBLICS.map((p) => ({ value: p, label: t(`questionnaires.publics.${p}`) }))}
        chosen={publics}
        onChange={setPublics}
      />
      {familiesOrPupils && <PupilFilters options={options.data} value={filter} onChange={setFilter} />}
      <label className="native-checkbox">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} />
        <span>{t('questionnaires.create.anonymous')}</span>
      </label>
      <div className="field">
        <label htmlFor={`${ids}-opens`}>{t('questionnaires.create.opensOn')}</label>
        <input id={`${ids}-opens`} type="date" required value={opensOn} onChange={(e) => setOpensOn(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-closes`}>{t('questionnaires.create.closesOn')}</label>
        <input
          id={`${ids}-closes`}
          type="date"
          required
          value={closesOn}
          onChange={(e) => setClosesOn(e.target.value)}
        />
      </div>
      <section aria-labelledby={`${ids}-questions`}>
        <h2 id={`${ids}-questions`}>{t('questionnaires.create.questions')}</h2>
        <QuestionList questions={questions} onChange={setQuestions} />
      </section>
      {(create.error ?? update.error) && <ErrorAlert error={create.error ?? update.error} />}
      <Button
        type="submit"
        className="button button-primary"
        isDisabled={pending || questions.length === 0 || publics.length === 0}
      >
        {initial ? t('questionnaires.edit.save') : t('questionnaires.create.save')}
      </Button>
    </form>
  );
}

/** A published questionnaire: only its closing date, put back. */
function ExtendForm({ q }: { q: Questionnaire }) {
  const { t } = useTranslation();
  const ids = useId();
  const [, navigate] = useLocation();
  const update = useUpdate();
  const [closesOn, setClosesOn] = useState(q.closesOn);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ id: q.id, input: { closesOn } }, { onSuccess: () => navigate('/questionnaires') });
      }}
    >
      <p className="alert alert-info">{t('questionnaires.edit.frozen')}</p>
      <div className="field">
        <label htmlFor={`${ids}-closes`}>{t('questionnaires.create.closesOn')}</label>
        <input
          id={`${ids}-closes`}
          type="date"
          required
          min={q.closesOn}
          value={closesOn}
          onChange={(e) => setClosesOn(e.target.value)}
        />
      </div>
      {update.error && <ErrorAlert error={update.error} />}
      <Button type="submit" className="button button-primary" isDisabled={update.isPending}>
        {t('questionnaires.manage.extend')}
      </Button>
    </form>
  );
}

/** « Modifier »: the whole form for a draft, the closing date for a published questionnaire, nothing once closed. */
export function EditQuestionnaire({ schoolId, id }: { schoolId: string; id: string }) {
  const { t } = useTranslation();
  const q = useQuestionnaire(id);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} onRetry={() => q.refetch()} />;
  if (q.data.abilities.edit === 'all') return <QuestionnaireForm schoolId={schoolId} initial={q.data} />;
  if (q.data.abilities.edit === 'closesOn') return <ExtendForm q={q.data} />;
  return <p>{t('questionnaires.edit.closed')}</p>;
}
