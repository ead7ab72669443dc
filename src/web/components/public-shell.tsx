import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import { LanguageSwitch } from './language-switch.tsx';

/** The frame of the pages seen before signing in. */
export function PublicShell({ children, onLocale }: { children: ReactNode; onLocale?: (l: Locale) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <a className="skip-link" href="#main">
        {t('layout.skip')}
      </a>
      <header className="public-header">
        <p className="brand">
          <span className="brand-name">Préau</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </p>
        <LanguageSwitch onChange={onLocale} />
      </header>
      <main id="main" tabIndex={-1} className="public-main">
        {children}
      </main>
    </>
  );
}
