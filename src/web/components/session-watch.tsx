import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Button, Dialog, Heading, Modal } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { getLastActivityAt, onSessionLost } from '../api/client.ts';
import { meKey, signOut } from '../api/queries.ts';
import { SignInForm } from '../features/auth/sign-in-form.tsx';
import { formatNumber } from '../i18n/index.ts';

const WARN_BEFORE_MS = 2 * 60_000;
// The server notes activity at most once a minute: consider the session over a minute early.
const SERVER_SLACK_MS = 60_000;

/** The server's idle timeout, written into the page by the server (src/server/lib/web.ts). */
export function idleTimeoutMs(): number {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="preau-idle-minutes"]');
  const minutes = Number(meta?.content);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 120) * 60_000;
}

type State = { kind: 'fine' } | { kind: 'warning'; remainingMs: number } | { kind: 'expired' };

/**
 * Warns two minutes before the session ends for inactivity and offers to stay signed in. When it has
 * ended, asks for the password in a dialog over the page: what the person typed stays where it was.
 */
export function SessionWatch({ login, personId }: { login: string; personId: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  const [state, setState] = useState<State>({ kind: 'fine' });
  const [pending, setPending] = useState(false);

  useEffect(() => onSessionLost(() => setState({ kind: 'expired' })), []);

  useEffect(() => {
    const idle = idleTimeoutMs();
    const tick = () => {
      const remainingMs = getLastActivityAt() + idle - SERVER_SLACK_MS - Date.now();
      setState((prev) => {
        if (prev.kind === 'expired') return prev;
        if (remainingMs <= 0) return { kind: 'expired' };
        if (remainingMs <= WARN_BEFORE_MS) return { kind: 'warning', remainingMs };
        return prev.kind === 'fine' ? prev : { kind: 'fine' };
      });
    };
    const timer = setInterval(tick, 5_000);
    tick();
    return () => clearInterval(timer);
  }, []);

  const stay = async () => {
    setPending(true);
    try {
      await qc.refetchQueries({ queryKey: meKey });
      setState({ kind: 'fine' });
    } finally {
      setPending(false);
    }
  };

  if (state.kind === 'fine') return null;
  const minutes = Math.max(1, Math.ceil((state.kind === 'warning' ? state.remainingMs : 0) / 60_000));
  return (
    <Modal isOpen isDismissable={false} isKeyboardDismissDisabled className="modal">
      <Dialog role="alertdialog" className="dialog">
        {state.kind === 'warning' ? (
          <>
            <Heading slot="title">{t('session.warningTitle')}</Heading>
            <p>{t('session.warningText', { count: minutes, formatted: formatNumber(minutes) })}</p>
            <div className="actions">
              <Button className="button button-primary" autoFocus isPending={pending} onPress={() => void stay()}>
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
                setState({ kind: 'fine' });
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
