import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { AdminPersonDetail } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';
import { adminPath } from './admin-api.ts';

/**
 * A person's two-step sign-in, for the administration: whether it is on, and, for someone who lost their phone
 * and recovery codes, a reset after a confirmation (POST .../admin/people/:id/two-step-reset).
 */
export function TwoStepReset({ schoolId, person }: { schoolId: string; person: AdminPersonDetail }) {
  const { t } = useTranslation();
  const id = useId();
  const qc = useQueryClient();
  const name = `${person.firstName} ${person.lastName}`;
  const reset = useMutation({
    mutationFn: () => api('POST', adminPath(schoolId, `people/${encodeURIComponent(person.id)}/two-step-reset`)),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['admin', schoolId] }),
  });
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('admin.twoStep.title')}</h2>
      <p>{person.twoStep.enabled ? t('admin.twoStep.on') : t('admin.twoStep.off')}</p>
      <ErrorAlert error={reset.error} />
      {person.twoStep.canReset && (
        <DialogTrigger>
          <Button className="button">{t('admin.twoStep.reset')}</Button>
          <Modal className="modal" isDismissable>
            <Dialog className="dialog">
              {({ close }) => (
                <>
                  <Heading slot="title">{t('admin.twoStep.confirmTitle', { name })}</Heading>
                  <p>{t('admin.twoStep.confirmText')}</p>
                  <div className="actions">
                    <Button
                      className="button button-danger"
                      onPress={() => {
                        reset.mutate();
                        close();
                      }}
                    >
                      {t('admin.twoStep.confirm')}
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
      )}
      <p role="status" className="status-line">
        {reset.isSuccess ? t('admin.twoStep.done', { name }) : ''}
      </p>
    </section>
  );
}
