import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { meKey, signOut } from '../api/queries.ts';
import { SignInForm } from '../features/auth/sign-in-form.tsx';
import { formatNumber } from '../i18n/index.ts';
import type { SessionState } from './session-watch.tsx';

/** "Your session ends soon" (stay signed in), or "it has ended" (sign in again, over the page). */
export default function SessionDialog({
  state,
  login,
  personId,
  onFine,
}: {
  state: Exclude<SessionState, { kind: 'fine' }>;
  login: string;
  personId: string;
  onFine: () => void;
}) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [pending, setPending] = useState(false);

  const stay = async () => {
    setPending(true);
    try {
      // Any request made with the session keeps it alive: /api/me is the natural one.
      await qc.refetchQueries({ queryKey: meKey });
      onFine();
    } finally {
      setPending(false);
    }
  };

  const minutes = Math.max(1, Math.ceil((state.kind === 'warning' ? state.remainingMs : 0) / 60_000));
  return (
    <Modal isOpen isDismissable={false} isKeyboardDismissDisabled className="modal">
      <Dialog role="alertdialog" className="dialog">
        {state.kind === 'warning' ? (
          <>
            <Heading slot="title">{t('session.warningTitle')}</Heading>
            <p>{t('session.warningText', { count: minutes, formatted: formatNumber(minutes) })}</p>
            <div className="actions">
              <Button className="button button-primary" autoFocus isDisabled={pending} onPress={() => void stay()}>
                {t('session.stay')}
              </Button>
              <Button
                className="button"
                onPress={() => {
                  void signOut().finally(() => navigate('/connexion?au-revoir', { replace: true }));
                }}
              >
                {t('nav.signOut')}
              </Button>
            </div>
          </>
        ) : (
          <>
            <Heading slot="title">{t('session.expiredTitle')}</Heading>
            <p>{t('session.expiredText')}</p>
            <SignInForm
              defaultLogin={login}
              autoFocus
              onSignedIn={async (result) => {
                onFine();
                // Someone else signing in on this screen does not inherit the page of the previous person.
                if (result.personId !== personId) {
                  navigate('/', { replace: true });
                  await qc.resetQueries();
                } else {
                  await qc.invalidateQueries();
                }
              }}
            />
          </>
        )}
      </Dialog>
    </Modal>
  );
}
