import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { downloadPdf } from './download.ts';

/**
 * Resets one person's access by printing their activation letter. The code is in the PDF only: it is
 * never shown on screen, and printing again replaces it.
 */
export function LetterButton(props: { schoolId: string; person: { id: string; login: string; name: string } }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const path = `/api/schools/${encodeURIComponent(props.schoolId)}/people/${encodeURIComponent(props.person.id)}/activation-letter`;
  const print = useMutation({
    mutationFn: () => downloadPdf('POST', path, `lettre-activation-${props.person.login}.pdf`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', props.schoolId] }),
  });
  return (
    <>
      <DialogTrigger>
        <Button className="button">{t('letters.print')}</Button>
        <Modal className="modal" isDismissable>
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{t('letters.confirmTitle', { name: props.person.name })}</Heading>
                <p>{t('letters.confirmText')}</p>
                <div className="actions">
                  <Button
                    className="button button-primary"
                    onPress={() => {
                      print.mutate();
                      close();
                    }}
                  >
                    {t('letters.confirm')}
                  </Button>
                  <Button className="button" onPress={close}>
                    {t('common.cancel')}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </DialogTrigger>
      <ErrorAlert error={print.error} />
      <p role="status" className="status-line">
        {print.isSuccess ? t('letters.printed') : ''}
      </p>
    </>
  );
}
