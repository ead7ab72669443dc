import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../i18n/index.ts';

export const MIN_LENGTH = 12;

/**
 * The CNIL rules, shown as the person types. Only the length can be told here; the list of common
 * passwords stays on the server, which is the judge: its refusals (`problems`) are shown as they come.
 */
export function PasswordRules({ id, password, problems }: { id: string; password: string; problems: string[] }) {
  const { t } = useTranslation();
  const length = [...password].length;
  const longEnough = length >= MIN_LENGTH;
  const rules: Array<{ key: string; text: string; state: 'ok' | 'ko' | 'pending' }> = [
    {
      key: 'length',
      text: t('password.rules.length', { min: formatNumber(MIN_LENGTH), count: length, typed: formatNumber(length) }),
      state: problems.includes('TOO_SHORT') || (password && !longEnough) ? 'ko' : longEnough ? 'ok' : 'pending',
    },
    {
      key: 'common',
      text: t('password.rules.common'),
      state: problems.includes('TOO_COMMON') || problems.includes('REPETITIVE') ? 'ko' : 'pending',
    },
    { key: 'login', text: t('password.rules.login'), state: problems.includes('CONTAINS_LOGIN') ? 'ko' : 'pending' },
  ];
  return (
    <div id={id} className="password-rules">
      <p>{t('password.rules.title')}</p>
      <ul>
        {rules.map((r) => (
          <li key={r.key} className={`rule rule-${r.state}`}>
            <span aria-hidden="true" className="rule-mark">
              {r.state === 'ok' ? '✓' : r.state === 'ko' ? '✗' : '•'}
            </span>
            <span className="visually-hidden">
              {r.state === 'ok' ? t('password.rules.met') : r.state === 'ko' ? t('password.rules.notMet') : ''}
            </span>
            {r.text}
          </li>
        ))}
      </ul>
      <p className="hint">{t('password.rules.advice')}</p>
    </div>
  );
}
