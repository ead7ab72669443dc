import { useId, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { type GradebookKey, useCreateAssessment } from './queries.ts';
import type { AssessmentDetail, AssessmentKind } from './types.ts';

const KINDS: readonly AssessmentKind[] = [
  'devoir_surveille',
  'interrogation',
  'devoir_maison',
  'oral',
  'tp',
  'evaluation_competences',
  'autre',
];
const SKILLS = ['D1.1', 'D1.2', 'D1.3', 'D1.4', 'D2', 'D3', 'D4', 'D5'] as const;

/** "1", "2", "0,5", "1.25": a coefficient with at most two decimals, from 0.01 to 100; null otherwise. */
function parseCoefficient(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!m) return null;
  const n = Number(`${m[1]}.${m[2] ?? '0'}`);
  return n > 0 && n <= 100 ? n : null;
}

/** The date the assessment takes: today when it is inside the period, else the period's last day (or first). */
function defaultDate(period: { startsOn: string; endsOn: string }): string {
  const today = todayIso();
  if (today < period.startsOn) return period.startsOn;
  if (today > period.endsOn) return period.endsOn;
  return today;
}

/** "Nouvelle évaluation": title, date, type, scale, coefficient, socle components and publication date. */
export function AssessmentDialog({
  book,
  period,
  onClose,
}: {
  book: GradebookKey;
  period: { startsOn: string; endsOn: string };
  onClose: (created: AssessmentDetail | null) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const create = useCreateAssessment(book);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState(() => defaultDate(period));
  const [kind, setKind] = useState<AssessmentKind>('devoir_surveille');
  const [scale, setScale] = useState('20');
  const [coefficient, setCoefficient] = useState('1');
  const [description, setDescription] = useState('');
  const [skills, setSkills] = useState<string[]>([]);
  const [publishAt, setPublishAt] = useState('');
  const coef = parseCoefficient(coefficient);
  const scaleNumber = Number.parseInt(scale, 10);

  const submit = () => {
    if (coef === null || !title.trim()) return;
    create.mutate(
      {
        ...(book.kind === 'class' ? { classId: book.targetId } : { groupId: book.targetId }),
        subjectId: book.subjectId,
        periodId: book.periodId,
        title: title.trim(),
        kind,
        date,
        scale: scaleNumber,
        coefficient: coef,
        description: description.trim() || null,
        // A local date and time, sent as an instant.
        publishAt: publishAt ? new Date(publishAt).toISOString() : null,
        skills: skills as (typeof SKILLS)[number][],
      },
      { onSuccess: (created) => onClose(created) },
    );
  };

  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onClose(null)} className="modal">
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Heading slot="title">{t('grades.form.title')}</Heading>
          <div className="field">
            <label htmlFor={`${ids}-title`}>{t('grades.form.name')}</label>
            <input
              id={`${ids}-title`}
              required
              maxLength={200}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-date`}>{t('grades.form.date')}</label>
            <input
              id={`${ids}-date`}
              type="date"
              required
              min={period.startsOn}
              max={period.endsOn}
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${ids}-kind`}>{t('grades.form.kind')}</label>
            <select
              id={`${ids}-kind`}
              className="native-select"
              value={kind}
              onChange={(e) => setKind(e.currentTarget.value as AssessmentKind)}
            >
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`grades.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="form-row">
            <div className="field">
              <label htmlFor={`${ids}-scale`}>{t('grades.form.scale')}</label>
              <input
                id={`${ids}-scale`}
                type="number"
                inputMode="numeric"
                required
                min={1}
                max={1000}
                step={1}
                value={scale}
                onChange={(e) => setScale(e.currentTarget.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={`${ids}-coef`}>{t('grades.form.coefficient')}</label>
              <input
                id={`${ids}-coef`}
                inputMode="decimal"
                required
                value={coefficient}
                aria-invalid={coef === null || undefined}
                aria-describedby={`${ids}-coef-hint`}
                onChange={(e) => setCoefficient(e.currentTarget.value)}
              />
              <p id={`${ids}-coef-hint`} className={coef === null ? 'field-error' : 'hint'}>
                {coef === null ? t('grades.form.coefficientInvalid') : t('grades.form.coefficientHint')}
              </p>
            </div>
          </div>
          <fieldset className="fieldset">
            <legend>{t('grades.form.skills')}</legend>
            <ul className="plain-list skill-choices">
              {SKILLS.map((code) => (
                <li key={code}>
                  <label className="native-checkbox">
                    <input
                      type="checkbox"
                      checked={skills.includes(code)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSkills((all) => (on ? [...all, code] : all.filter((c) => c !== code)));
                      }}
                    />
                    <span>
                      {code} — {t(`grades.skills.${code}`)}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <div className="field">
            <label htmlFor={`${ids}-publish`}>{t('grades.form.publishAt')}</label>
            <input
              id={`${ids}-publish`}
              type="datetime-local"
              value={publishAt}
              aria-describedby={`${ids}-publish-hint`}
              onChange={(e) => setPublishAt(e.currentTarget.value)}
            />
            <p id={`${ids}-publish-hint`} className="hint">
              {t('grades.form.publishAtHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={`${ids}-description`}>{t('grades.form.description')}</label>
            <textarea
              id={`${ids}-description`}
              rows={3}
              maxLength={4000}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
          </div>
          {create.error && (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, create.error)}
            </p>
          )}
          <div className="toolbar">
            <Button className="button" onPress={() => onClose(null)}>
              {t('grades.form.cancel')}
            </Button>
            <Button
              type="submit"
              className="button button-primary"
              isDisabled={create.isPending || coef === null || !title.trim() || !(scaleNumber >= 1)}
            >
              {t('grades.form.create')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}
