import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { queryClient, saveLocale } from '../api/queries.ts';
import type { Locale } from '../api/types.ts';
import { PageTitle } from '../components/page-title.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { isServerPath, safeRedirect } from '../components/redirect.ts';
import { SignInForm } from '../features/auth/sign-in-form.tsx';

let chosenLocale: Locale | null = null;

export default function SignInPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const params = new URLSearchParams(useSearch());
  const redirect = safeRedirect(params.get('redirect'));
  const signedOut = params.has('au-revoir');
  const expired = params.has('expiree');

  return (
    <PublicShell
      onLocale={(l) => {
        chosenLocale = l;
      }}
    >
      <div className="card narrow">
        <PageTitle>{t('signIn.title')}</PageTitle>
        {signedOut && (
          <p className="alert alert-success" role="status">
            {t('signIn.signedOut')}
          </p>
        )}
        {expired && (
          <p className="alert alert-info" role="status">
            {t('signIn.expired')}
          </p>
        )}
        <SignInForm
          autoFocus
          onSignedIn={async () => {
            // A language picked on this page becomes the account's.
            if (chosenLocale) await saveLocale(chosenLocale).catch(() => undefined);
            await queryClient.resetQueries();
            // Signing in to another application (docs/sso.md): back to Préau's server, which sends the browser on.
            if (isServerPath(redirect)) window.location.assign(redirect);
            else navigate(redirect, { replace: true });
          }}
        />
        <p className="hint">
          {t('signIn.firstTime')} <Link href="/activation">{t('signIn.activateLink')}</Link>
        </p>
        <p className="hint">{t('signIn.forgotten')}</p>
      </div>
    </PublicShell>
  );
}
