import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form, Input, Label, Radio, RadioGroup, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { changePassword, meKey, saveLocale, useEndSession, useSessions } from '../api/queries.ts';
import type { Locale, Me } from '../api/types.ts';
import { LOCALE_NAMES } from '../components/language-switch.tsx';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PasswordRules } from '../features/auth/password-rules.tsx';
import { TwoStepSection } from '../features/auth/two-step.tsx';
import { ErrorAlert, passwordProblems } from '../features/errors.tsx';
import { MailPreferencesForm } from '../features/mail/preferences.tsx';
import { changeLocale, currentLocale, formatDateTime, LOCALES } from '../i18n/index.ts';

function PasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <Form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        setPending(true);
        setError(null);
        setDone(false);
        changePassword({ currentPassword: current, newPassword: next })
          .then(() => {
            setDone(true);
            setCurrent('');
            setNext('');
          })
          .catch(setError)
          .finally(() => setPending(false));
      }}
    >
      <ErrorAlert error={error} />
      {done && (
        <p className="alert alert-success" role="status">
          {t('account.passwordChanged')}
        </p>
      )}
      <TextField type="password" isRequired value={current} onChange={setCurrent} autoComplete="current-password">
        <Label>{t('account.currentPassword')}</Label>
        <Input />
      </TextField>
      <TextField
        type="password"
        isRequired
        value={next}
        onChange={setNext}
        autoComplete="new-password"
        aria-describedby="new-password-rules"
      >
        <Label>{t('account.newPassword')}</Label>
        <Input />
      </TextField>
      <PasswordRules id="new-password-rules" password={next} problems={passwordProblems(error)} />
      <Button type="submit" className="button button-primary" isDisabled={pending}>
        {t('account.changePassword')}
      </Button>
    </Form>
  );
}

function LanguageChoice() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <ErrorAlert error={error} />
      <RadioGroup
        className="radio-group"
        value={currentLocale()}
        onChange={(value) => {
          const locale = value as Locale;
          setError(null);
          void changeLocale(locale)
            .then(() => saveLocale(locale))
            .then(() => qc.invalidateQueries({ queryKey: meKey }))
            .catch(setError);
        }}
      >
        <Label>{t('account.language')}</Label>
        {LOCALES.map((l) => (
          <Radio key={l} value={l} className="radio">
            <span className="radio-circle" aria-hidden="true" />
            <span lang={l}>{LOCALE_NAMES[l]}</span>
          </Radio>
        ))}
      </RadioGroup>
    </>
  );
}

function Sessions() {
  const { t } = useTranslation();
  const sessions = useSessions();
  const end = useEndSession();
  if (sessions.isPending) return <Loading />;
  return (
    <>
      <ErrorAlert error={sessions.error ?? end.error} />
      <ul className="session-list">
        {(sessions.data ?? []).map((s) => (
          <li key={s.id} className="card">
            <p>
              <strong>{s.userAgent ? summariseAgent(s.userAgent) : t('account.unknownDevice')}</strong>
              {s.current && <span className="tag">{t('account.thisSession')}</span>}
            </p>
            <p className="muted">
              {t('account.sessionSince', { date: formatDateTime(s.createdAt) })} ·{' '}
              {t('account.sessionLastSeen', { date: formatDateTime(s.lastSeenAt) })}
              {s.ip && ` · ${s.ip}`}
            </p>
            {!s.current && (
              <Button className="button" isDisabled={end.isPending} onPress={() => end.mutate(s.id)}>
                {t('account.endSession')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A short name for a browser from its user agent: enough to recognise one's own devices. */
function summariseAgent(ua: string): string {
  const browser = /Firefox\//.test(ua)
    ? 'Firefox'
    : /Edg\//.test(ua)
      ? 'Edge'
      : /Chrom(e|ium)\//.test(ua)
        ? 'Chrome'
        : /Safari\//.test(ua)
          ? 'Safari'
          : '';
  const os = /Android/.test(ua)
    ? 'Android'
    : /iPhone|iPad/.test(ua)
      ? 'iOS'
      : /Windows/.test(ua)
        ? 'Windows'
        : /Mac OS X/.test(ua)
          ? 'macOS'
          : /Linux/.test(ua)
            ? 'Linux'
            : '';
  return [browser, os].filter(Boolean).join(' · ') || ua.slice(0, 60);
}

export default function AccountPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageTitle>{t('account.title')}</PageTitle>
      <p>
        {t('person.login')} <strong className="login">{me.person.login}</strong>
      </p>
      <section className="section" aria-labelledby="password-title">
        <h2 id="password-title">{t('account.passwordTitle')}</h2>
        <PasswordForm />
      </section>
      <section className="section" id="deux-etapes" aria-labelledby="mfa-title">
        <h2 id="mfa-title">{t('mfa.title')}</h2>
        <TwoStepSection />
      </section>
      <section className="section" aria-labelledby="language-title">
        <h2 id="language-title">{t('account.languageTitle')}</h2>
        <LanguageChoice />
      </section>
      <section className="section" id="preferences-notification" aria-labelledby="mail-prefs-title">
        <h2 id="mail-prefs-title">{t('mail.prefs.title')}</h2>
        <MailPreferencesForm />
      </section>
      <section className="section" aria-labelledby="sessions-title">
        <h2 id="sessions-title">{t('account.sessionsTitle')}</h2>
        <p>{t('account.sessionsIntro')}</p>
        <Sessions />
      </section>
    </div>
  );
}
