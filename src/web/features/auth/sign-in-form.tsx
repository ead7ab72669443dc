import { useState } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { signIn } from '../../api/queries.ts';
import type { LoginResult } from '../../api/types.ts';
import { ErrorAlert } from '../errors.tsx';

/** Login and password; used by the sign-in page and by the "session expired" dialog. */
export function SignInForm({
  defaultLogin = '',
  autoFocus = false,
  onSignedIn,
}: {
  defaultLogin?: string;
  autoFocus?: boolean;
  onSignedIn: (result: LoginResult) => void | Promise<void>;
}) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);

  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn({ login: String(data.get('login')), password: String(data.get('password')) });
      await onSignedIn(result);
    } catch (err) {
      setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <Form className="form" onSubmit={(e) => void submit(e)}>
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
