import { useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentLocale, formatNumber } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { fileUrl, useMyHandIn, useSubmitHandIn } from './queries.ts';
import type { HandIn } from './types.ts';

export const formatInstant = (iso: string, locale: string) =>
  new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(
    new Date(iso),
  );

/** The teacher's comment and mark, once the hand-in is returned. */
export function Feedback({ feedback }: { feedback: NonNullable<HandIn['feedback']> }) {
  const { t } = useTranslation();
  return (
    <div className="alert alert-info">
      <p>
        <strong>{t('handin.feedbackTitle')}</strong>
        {feedback.mark !== null && feedback.markOutOf !== null && (
          <> — {t('handin.mark', { mark: formatNumber(feedback.mark), outOf: formatNumber(feedback.markOutOf) })}</>
        )}
      </p>
      {feedback.comment && (
        <p dir="auto" className="homework-instructions">
          {feedback.comment}
        </p>
      )}
    </div>
  );
}

/**
 * "Rendre mon travail" on a homework that asks for a hand-in: the pupil's status, files and the teacher's feedback,
 * and the upload (photos of the pages from a phone, or PDFs); a guardian sees the status and the feedback only.
 */
export function HandInBox({ homeworkId, pupilId, subject }: { homeworkId: string; pupilId?: string; subject: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const q = useMyHandIn(homeworkId, pupilId);
  const submit = useSubmitHandIn(homeworkId);
  const [files, setFiles] = useState<File[]>([]);
  const [message, setMessage] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  if (q.error) return <ErrorAlert error={q.error} />;
  if (!q.data) return null;
  const { handIn, homework, abilities } = q.data;
  return (
    <section className="hand-in" aria-labelledby={`${id}-title`}>
      <h4 id={`${id}-title`}>{t('handin.title')}</h4>
      <p>
        <span className={handIn.status === 'not_handed_in' ? 'tag' : 'tag tag-success'}>
          {t(`handin.status.${handIn.status}`)}
        </span>{' '}
        {handIn.handedInAt
          ? t('handin.handedInAt', { at: formatInstant(handIn.handedInAt, locale) })
          : t(homework.latePolicy === 'refuse' ? 'handin.dueAtStrict' : 'handin.dueAt', {
              at: formatInstant(homework.dueAt, locale),
            })}
      </p>
      {homework.extraTime && !handIn.handedInAt && <p className="hint">{t('handin.extraTime')}</p>}
      {handIn.files && handIn.files.length > 0 && handIn.id && (
        <ul className="hand-in-files">
          {handIn.files.map((f) => (
            <li key={f.id}>
              <a href={fileUrl(homeworkId, handIn.id!, f.id)} download={f.fileName}>
                <bdi>{f.fileName}</bdi>
              </a>
            </li>
          ))}
        </ul>
      )}
      {handIn.feedback && <Feedback feedback={handIn.feedback} />}
      {abilities.submit && (
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            submit.mutate(files, {
              onSuccess: () => {
                setFiles([]);
                if (input.current) input.current.value = '';
                setMessage(t('handin.saved', { subject }));
              },
            });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-files`}>
              {handIn.status === 'not_handed_in' ? t('handin.choose') : t('handin.replace')}
            </label>
            <input
              ref={input}
              id={`${id}-files`}
              type="file"
              multiple
              accept="image/*,application/pdf,.odt,.docx,.txt"
              aria-describedby={`${id}-hint`}
              onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
            />
            <p className="hint" id={`${id}-hint`}>
              {t('handin.hint')}
            </p>
          </div>
          {submit.error && <ErrorAlert error={submit.error} />}
          <Button type="submit" className="button button-primary" isDisabled={submit.isPending || files.length === 0}>
            {t('handin.submit')}
          </Button>
        </form>
      )}
      <p role="status" className="status-line">
        {message}
      </p>
    </section>
  );
}
