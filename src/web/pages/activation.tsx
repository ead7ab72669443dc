import { useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearch } from 'wouter';
import { activate, queryClient } from '../api/queries.ts';
import { PageTitle } from '../components/page-title.tsx';
import { PublicShell } from '../components/public-shell.tsx';
import { PasswordRules } from '../features/auth/password-rules.tsx';
import { WELCOME_KEY } from '../features/auth/welcome.ts';
import { ErrorAlert, passwordProblems } from '../features/errors.tsx';

export default function ActivationPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const code = new URLSearchParams(useSearch()).get('code') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const mismatch = confirm !== '' && confirm !== password;

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (mismatch) return;
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await activate({ code: String(data.get('code')), password });
      // The person now needs their login to come back: the home page shows it once.
      sessionStorage.setItem(WELCOME_KEY, result.login);
      await queryClient.resetQueries();
      navigate('/', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <PublicShell>
      <div className="card narrow">
        <PageTitle>{t('activation.title')}</PageTitle>
        <p>{t('activation.intro')}</p>
        <Form className="form" onSubmit={(e) => void submit(e)}>
          <ErrorAlert error={error} />
          <TextField name="code" isRequired defaultValue={code} autoComplete="one-time-code">
            <Label>{t('activation.code')}</Label>
            <Input autoCapitalize="characters" spellCheck={false} />
            <Text slot="description" className="hint">
              {t('activation.codeHint')}
            </Text>
          </TextField>
          <TextField
            name="password"
            type="password"
            isRequired
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            aria-describedby="password-rules"
          >
            <Label>{t('activation.password')}</Label>
            <Input />
          </TextField>
          <PasswordRules id="password-rules" password={password} problems={passwordProblems(error)} />
          <TextField
            name="confirm"
            type="password"
            isRequired
            value={confirm}
            onChange={setConfirm}
            autoComplete="new-password"
            isInvalid={mismatch}
          >
            <Label>{t('activation.confirm')}</Label>
            <Input />
            {mismatch && (
              <Text slot="errorMessage" className="field-error">
                {t('activation.mismatch')}
              </Text>
            )}
          </TextField>
          {/* Not isPending: react-aria would announce it by a reference to this button, gone once we navigate. */}
          <Button type="submit" className="button button-primary" isDisabled={pending}>
            {pending ? t('common.pleaseWait') : t('activation.submit')}
          </Button>
        </Form>
        <p className="hint">
          {t('activation.haveAccount')} <Link href="/connexion">{t('activation.signInLink')}</Link>
        </p>
      </div>
    </PublicShell>
  );
}
