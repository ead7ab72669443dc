import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../api/types.ts';
import { changeLocale, currentLocale, LOCALES } from '../i18n/index.ts';

/** Each language named in itself, so that anyone can find theirs. */
export const LOCALE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English', ar: 'العربية' };

/** A compact language choice for pages without an account (sign-in, activation). */
export function LanguageSwitch({ onChange }: { onChange?: (locale: Locale) => void }) {
  const { t } = useTranslation();
  const current = currentLocale();
  return (
    <ul className="language-switch" aria-label={t('account.language')}>
      {LOCALES.map((l) => (
        <li key={l}>
          <Button
            className="link-button"
            aria-pressed={l === current}
            onPress={() => {
              void changeLocale(l).then(() => onChange?.(l));
            }}
          >
            <span lang={l}>{LOCALE_NAMES[l]}</span>
          </Button>
        </li>
      ))}
    </ul>
  );
}
