import { useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { useReturnHandIn } from './queries.ts';
import type { HandIn } from './types.ts';

/** A mark as the teacher types it: the locale's decimal separator ("15,5" in French), Latin digits, no grouping. */
const inputNumber = (n: number) =>
  new Intl.NumberFormat(currentLocale(), {
    useGrouping: false,
    numberingSystem: 'latn',
    maximumFractionDigits: 2,
  }).format(n);

/** The teacher's comment and optional mark on one hand-in; sent again, it corrects them. */
export function ReturnForm({ homeworkId, handIn }: { homeworkId: string; handIn: HandIn }) {
  const { t } = useTranslation();
  const id = useId();
  const ret = useReturnHandIn(homeworkId);
  const [comment, setComment] = useState(handIn.feedback?.comment ?? '');
  const [mark, setMark] = useState(handIn.feedback?.mark != null ? inputNumber(handIn.feedback.mark) : '');
  const [outOf, setOutOf] = useState(inputNumber(handIn.feedback?.markOutOf ?? 20));
  const [message, setMessage] = useState('');
  const name = `${handIn.pupil.firstName} ${handIn.pupil.lastName}`;
  const parsed = mark.trim() === '' ? null : Number(mark.replace(',', '.'));
  const scale = Number(outOf.replace(',', '.'));
  return (
    <form
      className="form"
      aria-label={t('handin.returnFor', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        ret.mutate(
          {
            handInId: handIn.id!,
            comment,
            mark: parsed,
            markOutOf: parsed === null ? null : scale,
          },
          { onSuccess: () => setMessage(t('handin.returned', { name })) },
        );
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-comment`}>{t('handin.comment')}</label>
        <textarea
          id={`${id}-comment`}
          dir="auto"
          rows={3}
          maxLength={5000}
          value={comment}
          onChange={(e) => setComment(e.currentTarget.value)}
        />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-mark`}>{t('handin.markLabel')}</label>
          <input
            id={`${id}-mark`}
            inputMode="decimal"
            value={mark}
            onChange={(e) => setMark(e.currentTarget.value)}
            pattern="[0-9]+([.,][0-9]+)?"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-outof`}>{t('handin.outOf')}</label>
          <input
            id={`${id}-outof`}
            inputMode="decimal"
            value={outOf}
            onChange={(e) => setOutOf(e.currentTarget.value)}
            pattern="[0-9]+([.,][0-9]+)?"
          />
        </div>
      </div>
      {ret.error && <ErrorAlert error={ret.error} />}
      <Button type="submit" className="button" isDisabled={ret.isPending}>
        {handIn.feedback ? t('handin.updateReturn') : t('handin.return')}
      </Button>
      <p role="status" className="status-line">
        {message}
      </p>
    </form>
  );
}
