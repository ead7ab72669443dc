import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../errors.tsx';
import { type GradebookKey, useDeleteAssessment } from './queries.ts';
import type { GradebookAssessment } from './types.ts';

/** "Supprimer l'évaluation ?": says how many grades go with it; nothing is deleted before the confirmation. */
export function DeleteAssessmentDialog({
  assessment,
  gradeCount,
  bookKey,
  onClose,
}: {
  assessment: GradebookAssessment;
  gradeCount: number;
  bookKey: GradebookKey;
  onClose: (deleted: boolean) => void;
}) {
  const { t } = useTranslation();
  const remove = useDeleteAssessment(bookKey);
  return (
    <Modal isOpen isDismissable onOpenChange={(open) => !open && onClose(false)} className="modal">
      <Dialog role="alertdialog" className="dialog">
        <Heading slot="title">{t('grades.remove.title', { title: assessment.title })}</Heading>
        <p>{gradeCount === 0 ? t('grades.remove.bodyEmpty') : t('grades.remove.body', { count: gradeCount })}</p>
        {remove.error && (
          <p className="alert alert-error" role="alert">
            {errorMessage(t, remove.error)}
          </p>
        )}
        <div className="toolbar">
          <Button className="button" autoFocus onPress={() => onClose(false)}>
            {t('grades.form.cancel')}
          </Button>
          <Button
            className="button button-danger"
            isDisabled={remove.isPending}
            onPress={() => remove.mutate(assessment.id, { onSuccess: () => onClose(true) })}
          >
            {t('grades.remove.confirm')}
          </Button>
        </div>
      </Dialog>
    </Modal>
  );
}
