import { useId, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { currentLocale, fromSchoolDateTimeInput, toSchoolDateTimeInput } from '../../i18n/index.ts';
import { errorMessage } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { defaultAssessmentDate } from './dates.ts';
import { formatFigure } from './format.ts';
import { type GradebookKey, useCreateAssessment, usePatchAssessment } from './queries.ts';
import type { AssessmentDetail, AssessmentKind, GradebookAssessment, SkillCode } from './types.ts';

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

/** An instant as the value of a `datetime-local` input, in the school's time zone (Paris). */
const localDateTime = toSchoolDateTimeInput;

/** The error of a refused save, in words; a scale below a grade already entered names that grade. */
function saveError(t: ReturnType<typeof useTranslation>['t'], error: unknown, locale: string): string {
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
    const maxGrade = (error.details as { maxGrade?: unknown } | undefined)?.maxGrade;
    if (typeof maxGrade === 'number')
      return t('grades.form.scaleBelowGrade', { grade: formatFigure(maxGrade, locale) });
  }
  return errorMessage(t, error);
}

/**
 * "Nouvelle évaluation": title, date, type, scale, coefficient, socle components and publication date. With
 * `editing`, the same form prefilled: "Modifier l'évaluation" (only what changed is sent).
 */
export function AssessmentDialog({
  book,
  period,
  daysOff,
  editing,
  onClose,
}: {
  book: GradebookKey;
  period: { startsOn: string; endsOn: string };
  /** The school's days off around today (from the teacher's week), skipped by the default date. */
  daysOff?: readonly { startsOn: string; endsOn: string }[];
  editing?: GradebookAssessment;
  onClose: (saved: AssessmentDetail | null) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const ids = useId();
  const create = useCreateAssessment(book);
  const patch = usePatchAssessment(book);
  const mutation = editing ? patch : create;
  const [title, setTitle] = useState(editing?.title ?? '');
  const [date, setDate] = useState(() => editing?.date ?? defaultAssessmentDate(todayIso(), period, daysOff));
  const [kind, setKind] = useState<AssessmentKind>((editing?.kind as AssessmentKind) ?? 'devoir_surveille');
  const [scale, setScale] = useState(String(editing?.scale ?? 20));
  const [coefficient, setCoefficient] = useState(editing ? formatFigure(editing.coefficient, locale) : '1');
  const [description, setDescription] = useState(editing?.description ?? '');
  const [skills, setSkills] = useState<string[]>(editing?.skills ?? []);
  const initialPublishAt = editing ? localDateTime(editing.pupilsPublishAt) : '';
  const [publishAt, setPublishAt] = useState(initialPublishAt);
  const coef = parseCoefficient(coefficient);
  const scaleNumber = Number.parseInt(scale, 10);

  const submit = () => {
    if (coef === null || !title.trim()) return;
    if (editing) {
      patch.mutate(
        {
          id: editing.id,
          patch: {
            title: title.trim(),
            kind,
            date,
            scale: scaleNumber,
            coefficient: coef,
            description: description.trim() || null,
            // Only a new date is sent: the pupils' and guardians' times are the server's to work out again.
            ...(publishAt && publishAt !== initialPublishAt ? { publishAt: fromSchoolDateTimeInput(publishAt) } : {}),
            skills: skills as SkillCode[],
          },
        },
        { onSuccess: (saved) => onClose(saved) },
      );
      return;
    }
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
        publishAt: publishAt ? fromSchoolDateTimeInput(publishAt) : null,
        skills: skills as SkillCode[],
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
          <Heading slot="title">{editing ? t('grades.form.editTitle') : t('grades.form.title')}</Heading>
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
            {editing && editing.skills.length > 0 && <p className="hint">{t('grades.form.skillsEditHint')}</p>}
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
              {editing ? t('grades.form.publishAtEditHint') : t('grades.form.publishAtHint')}
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
          {mutation.error && (
            <p className="alert alert-error" role="alert">
              {saveError(t, mutation.error, locale)}
            </p>
          )}
          <div className="toolbar">
            <Button className="button" onPress={() => onClose(null)}>
              {t('grades.form.cancel')}
            </Button>
            <Button
              type="submit"
              className="button button-primary"
              isDisabled={mutation.isPending || coef === null || !title.trim() || !(scaleNumber >= 1)}
            >
              {editing ? t('grades.form.save') : t('grades.form.create')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Modal>
  );
}
