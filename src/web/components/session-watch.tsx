import { lazy, Suspense, useEffect, useState } from 'react';
import { getLastActivityAt, onSessionLost } from '../api/client.ts';

const WARN_BEFORE_MS = 2 * 60_000;
// The server notes activity at most once a minute: consider the session over a minute early.
const SERVER_SLACK_MS = 60_000;

// The dialog (and its sign-in form) is only downloaded when it is needed.
const SessionDialog = lazy(() => import('./session-dialog.tsx'));

/** The server's idle timeout, written into the page by the server (src/server/lib/web.ts). */
export function idleTimeoutMs(): number {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="preau-idle-minutes"]');
  const minutes = Number(meta?.content);
  return (Number.isFinite(minutes) && minutes > 0 ? minutes : 120) * 60_000;
}

export type SessionState = { kind: 'fine' } | { kind: 'warning'; remainingMs: number } | { kind: 'expired' };

/**
 * Warns two minutes before the session ends for inactivity and offers to stay signed in. When it has
 * ended, asks for the password in a dialog over the page: what the person typed stays where it was.
 */
export function SessionWatch({ login, personId }: { login: string; personId: string }) {
  const [state, setState] = useState<SessionState>({ kind: 'fine' });

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

  if (state.kind === 'fine') return null;
  return (
    <Suspense fallback={null}>
      <SessionDialog state={state} login={login} personId={personId} onFine={() => setState({ kind: 'fine' })} />
    </Suspense>
  );
}
