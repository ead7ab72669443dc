import { type FormEvent, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { type AnswerValue, type Questionnaire, useAnswer, visibleQuestions } from './api.ts';

/** One questionnaire to answer, one question per fieldset; fits a phone (native controls, one column). */
export function AnswerForm({ q }: { q: Questionnaire }) {
  const { t } = useTranslation();
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>({});
  const answer = useAnswer();
  const set = (id: string, v: AnswerValue | undefined) =>
    setAnswers((a) => {
      const next = { ...a };
      if (v === undefined) delete next[id];
      else next[id] = v;
      return next;
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    answer.mutate({ id: q.id, answers: visibleQuestions(q.questions, answers).answers });
  };
  if (q.answered || answer.isSuccess) {
    return (
      <p role="status" className="card">
        {t('questionnaires.answer.thanks')}
      </p>
    );
  }
  if (!q.open) return <p className="card">{t('questionnaires.answer.closed')}</p>;
  return (
    <form onSubmit={submit} className="form questionnaire-form">
      {q.intro && <p>{q.intro}</p>}
      <p className="hint">
        {q.anonymous ? t('questionnaires.answer.anonymous') : t('questionnaires.answer.named')}{' '}
        {t('questionnaires.answer.until', { date: formatDate(q.closesOn) })}
      </p>
      {visibleQuestions(q.questions, answers).shown.map((x) => {
        const v = answers[x.id];
        const legend = (
          <legend>
            {x.label}
            {x.required && <span aria-hidden="true"> *</span>}
            {x.required && <span className="visually-hidden"> {t('questionnaires.answer.required')}</span>}
          </legend>
        );
        if (x.kind === 'text') {
          return (
            <div key={x.id} className="field">
              <label htmlFor={`q-${x.id}`}>
                {x.label}
                {x.required && <span aria-hidden="true"> *</span>}
              </label>
              <textarea
                id={`q-${x.id}`}
                rows={3}
                maxLength={2000}
                required={x.required}
                value={typeof v === 'string' ? v : ''}
                onChange={(e) => set(x.id, e.target.value === '' ? undefined : e.target.value)}
              />
            </div>
          );
        }
        const options =
          x.kind === 'scale' ? [1, 2, 3, 4, 5].map((n) => ({ id: String(n), label: String(n) })) : x.options;
        return (
          <fieldset key={x.id} className="fieldset">
            {legend}
            <ul className={`questionnaire-options${x.kind === 'scale' ? ' questionnaire-scale' : ''}`}>
              {options.map((o) => {
                const checked =
                  x.kind === 'multiple'
                    ? Array.isArray(v) && v.includes(o.id)
                    : x.kind === 'scale'
                      ? v === Number(o.id)
                      : v === o.id;
                return (
                  <li key={o.id}>
                    <label className="native-checkbox">
                      <input
                        type={x.kind === 'multiple' ? 'checkbox' : 'radio'}
                        name={`q-${x.id}`}
                        checked={checked}
                        required={x.required && x.kind !== 'multiple'}
                        onChange={(e) => {
                          if (x.kind === 'multiple') {
                            const list = Array.isArray(v) ? v : [];
                            const next = e.target.checked ? [...list, o.id] : list.filter((id) => id !== o.id);
                            set(x.id, next.length ? next : undefined);
                          } else set(x.id, x.kind === 'scale' ? Number(o.id) : o.id);
                        }}
                      />{' '}
                      {o.label}
                    </label>
                  </li>
                );
              })}
            </ul>
          </fieldset>
        );
      })}
      {answer.error && <ErrorAlert error={answer.error} />}
      <Button type="submit" className="button button-primary" isDisabled={answer.isPending}>
        {t('questionnaires.answer.send')}
      </Button>
    </form>
  );
}
