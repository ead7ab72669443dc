import { type RefObject, useId, useState } from 'react';
import { Button, Dialog, Heading, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors.tsx';

/** The comment of one grade, in a popover next to its cell: a textarea, "Enregistrer" (empty removes it). */
export function CommentPopover({
  triggerRef,
  heading,
  comment,
  onSave,
  onClose,
}: {
  triggerRef: RefObject<HTMLElement | null>;
  /** "Commentaire — Contrôle fractions — Arnaud Adam". */
  heading: string;
  comment: string | null;
  onSave: (comment: string | null) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  const [text, setText] = useState(comment ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = () => {
    setSaving(true);
    setError(null);
    onSave(text.trim() || null)
      .then(onClose)
      .catch((e: unknown) => setError(e))
      .finally(() => setSaving(false));
  };
  return (
    <Popover
      isOpen
      triggerRef={triggerRef}
      onOpenChange={(open) => !open && onClose()}
      placement="bottom end"
      className="popover comment-popover"
    >
      <Dialog className="dialog">
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
        >
          <Heading slot="title" className="popover-title">
            {heading}
          </Heading>
          <div className="field">
            <label htmlFor={`${ids}-text`}>{t('grades.comment.label')}</label>
            <textarea
              id={`${ids}-text`}
              rows={3}
              maxLength={500}
              value={text}
              aria-describedby={`${ids}-hint`}
              onChange={(e) => setText(e.currentTarget.value)}
              autoFocus
            />
            <p id={`${ids}-hint`} className="hint">
              {t('grades.comment.hint')}
            </p>
          </div>
          {error !== null && (
            <p className="alert alert-error" role="alert">
              {errorMessage(t, error)}
            </p>
          )}
          <div className="toolbar">
            <Button className="button" onPress={onClose}>
              {t('grades.form.cancel')}
            </Button>
            <Button type="submit" className="button button-primary" isDisabled={saving}>
              {t('grades.comment.save')}
            </Button>
          </div>
        </form>
      </Dialog>
    </Popover>
  );
}
