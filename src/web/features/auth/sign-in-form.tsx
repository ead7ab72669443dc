import { useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { signIn, signInWithCode } from '../../api/queries.ts';
import type { SessionResult } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';

/**
 * Login and password, then (two-step sign-in on) the code from the authenticator app or a recovery code; used by
 * the sign-in page and by the "session expired" dialog.
 */
export function SignInForm({
  defaultLogin = '',
  autoFocus = false,
  onSignedIn,
}: {
  defaultLogin?: string;
  autoFocus?: boolean;
  onSignedIn: (result: SessionResult) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [challenge, setChallenge] = useState<string | null>(null);

  const run = async (step: () => Promise<void>) => {
    setPending(true);
    setError(null);
    try {
      await step();
    } catch (err) {
      // An expired challenge: back to the password.
      if ((err as { code?: string }).code === 'MFA_CHALLENGE_EXPIRED') setChallenge(null);
      setError(err);
    } finally {
      setPending(false);
    }
  };

  const submitPassword = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    void run(async () => {
      const result = await signIn({ login: String(data.get('login')), password: String(data.get('password')) });
      if ('mfaRequired' in result) setChallenge(result.challenge);
      else await onSignedIn(result);
    });
  };

  const submitCode = (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const current = challenge;
    if (!current) return;
    void run(async () => {
      await onSignedIn(await signInWithCode({ challenge: current, code: String(data.get('code')) }));
    });
  };

  if (challenge) {
    return (
      <Form className="form" onSubmit={submitCode}>
        <ErrorAlert error={error} />
        <TextField name="code" isRequired autoComplete="one-time-code" autoFocus minLength={6} maxLength={20}>
          <Label>{t('signIn.code')}</Label>
          <Input inputMode="text" autoCapitalize="characters" spellCheck={false} />
          <Text slot="description">{t('signIn.codeHint')}</Text>
        </TextField>
        <Button type="submit" className="button button-primary" isDisabled={pending}>
          {pending ? t('common.pleaseWait') : t('signIn.verify')}
        </Button>
        <Button
          className="button button-link"
          onPress={() => {
            setChallenge(null);
            setError(null);
          }}
        >
          {t('signIn.restart')}
        </Button>
      </Form>
    );
  }

  return (
    <Form className="form" onSubmit={submitPassword}>
      <ErrorAlert error={error} />
      <TextField name="login" isRequired defaultValue={defaultLogin} autoComplete="username" autoFocus={autoFocus}>
        <Label>{t('signIn.login')}</Label>
        <Input autoCapitalize="none" spellCheck={false} />
      </TextField>
      <TextField name="password" type="password" isRequired autoComplete="current-password">
        <Label>{t('signIn.password')}</Label>
        <Input />
      </TextField>
      {/* Not isPending: react-aria would announce it by a reference to this button, gone once we navigate. */}
      <Button type="submit" className="button button-primary" isDisabled={pending}>
        {pending ? t('common.pleaseWait') : t('signIn.submit')}
      </Button>
    </Form>
  );
}
