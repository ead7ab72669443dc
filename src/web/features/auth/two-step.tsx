import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import { call } from '../../api/contract.ts';
import { meKey, signOut } from '../../api/queries.ts';
import type { MfaSetup, MfaStatus } from '../../api/types.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { PublicShell } from '../../components/public-shell.tsx';
import { ErrorAlert } from '../errors.tsx';

const statusKey = ['mfa'] as const;

function useMfaStatus() {
  return useQuery({ queryKey: statusKey, queryFn: (): Promise<MfaStatus> => call('get', '/api/me/mfa') });
}

/** The secret in groups of four, for typing it into an app that cannot scan. */
const grouped = (secret: string) => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="recovery" role="status">
      <h3>{t('mfa.recoveryTitle')}</h3>
      <p>{t('mfa.recoveryIntro')}</p>
      <ul className="recovery-codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ul>
      <div className="actions">
        <Button className="button" onPress={() => window.print()}>
          {t('mfa.print')}
        </Button>
        <Button className="button button-primary" onPress={onDone}>
          {t('mfa.recoveryNoted')}
        </Button>
      </div>
    </div>
  );
}

/** Scan, type the first code, keep the recovery codes. */
export function TwoStepSetup({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const setup = useMutation({ mutationFn: (): Promise<MfaSetup> => call('post', '/api/me/mfa/setup') });
  const confirm = useMutation({
    mutationFn: (c: string): Promise<{ recoveryCodes: string[] }> =>
      call('post', '/api/me/mfa/confirm', { body: { code: c } }),
    onSuccess: (r) => {
      setCodes(r.recoveryCodes);
      void qc.invalidateQueries({ queryKey: statusKey });
    },
  });

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} />;
  if (!setup.data) {
    return (
      <>
        <ErrorAlert error={setup.error} />
        <ol className="steps">
          <li>{t('mfa.step1')}</li>
          <li>{t('mfa.step2')}</li>
          <li>{t('mfa.step3')}</li>
        </ol>
        <Button className="button button-primary" isDisabled={setup.isPending} onPress={() => setup.mutate()}>
          {t('mfa.start')}
        </Button>
      </>
    );
  }
  return (
    <div className="mfa-setup">
      <p>{t('mfa.scan')}</p>
      <img
        className="mfa-qr"
        src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qrSvg)}`}
        alt={t('mfa.qrAlt')}
        width={200}
        height={200}
      />
      <p>
        {t('mfa.cannotScan')} <code className="mfa-secret">{grouped(setup.data.secret)}</code>
      </p>
      <Form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          confirm.mutate(code.replace(/\s/g, ''));
        }}
      >
        <ErrorAlert error={confirm.error} />
        <TextField
          name="code"
          isRequired
          value={code}
          onChange={setCode}
          autoComplete="one-time-code"
          minLength={6}
          maxLength={7}
        >
          <Label>{t('mfa.firstCode')}</Label>
          <Input inputMode="numeric" />
          <Text slot="description">{t('mfa.firstCodeHint')}</Text>
        </TextField>
        <Button type="submit" className="button button-primary" isDisabled={confirm.isPending}>
          {t('mfa.confirm')}
        </Button>
      </Form>
    </div>
  );
}

function Disable() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [password, setPassword] = useState('');
  const off = useMutation({
    mutationFn: () => call('post', '/api/me/mfa/disable', { body: { password } }),
    onSuccess: () => {
      setPassword('');
      void qc.invalidateQueries({ queryKey: statusKey });
    },
  });
  return (
    <Form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        off.mutate();
      }}
    >
      <ErrorAlert error={off.error} />
      <TextField type="password" isRequired value={password} onChange={setPassword} autoComplete="current-password">
        <Label>{t('mfa.disablePassword')}</Label>
        <Input />
      </TextField>
      <Button type="submit" className="button" isDisabled={off.isPending}>
        {t('mfa.disable')}
      </Button>
    </Form>
  );
}

function RenewCodes() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const renew = useMutation({
    mutationFn: (): Promise<{ recoveryCodes: string[] }> =>
      call('post', '/api/me/mfa/recovery-codes', { body: { code: code.replace(/\s/g, '') } }),
    onSuccess: (r) => {
      setCode('');
      setCodes(r.recoveryCodes);
      void qc.invalidateQueries({ queryKey: statusKey });
    },
  });
  if (codes) return <RecoveryCodes codes={codes} onDone={() => setCodes(null)} />;
  return (
    <Form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        renew.mutate();
      }}
    >
      <ErrorAlert error={renew.error} />
      <TextField isRequired value={code} onChange={setCode} autoComplete="one-time-code" minLength={6} maxLength={7}>
        <Label>{t('mfa.currentCode')}</Label>
        <Input inputMode="numeric" />
      </TextField>
      <Button type="submit" className="button" isDisabled={renew.isPending}>
        {t('mfa.renew')}
      </Button>
    </Form>
  );
}

/** "Validation en deux étapes" on the account page. */
export function TwoStepSection() {
  const { t } = useTranslation();
  const status = useMfaStatus();
  const [settingUp, setSettingUp] = useState(false);
  if (status.isPending) return <Loading />;
  if (!status.data) return <ErrorAlert error={status.error} />;
  const s = status.data;
  if (!s.enabled) {
    return (
      <>
        <p>{s.required ? t('mfa.requiredIntro') : t('mfa.offIntro')}</p>
        {settingUp ? (
          <TwoStepSetup onDone={() => setSettingUp(false)} />
        ) : (
          <Button className="button button-primary" onPress={() => setSettingUp(true)}>
            {t('mfa.turnOn')}
          </Button>
        )}
      </>
    );
  }
  return (
    <>
      <p className="alert alert-success">{t('mfa.on')}</p>
      <p>{t('mfa.codesLeft', { count: s.recoveryCodesLeft })}</p>
      <h3>{t('mfa.renewTitle')}</h3>
      <RenewCodes />
      <h3>{t('mfa.disableTitle')}</h3>
      {s.required ? <p>{t('mfa.requiredCannotDisable')}</p> : <Disable />}
    </>
  );
}

/** All a session opened only to enrol shows: the set-up, then the ordinary app. */
export function EnrolmentPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [, navigate] = useLocation();
  return (
    <PublicShell>
      <div className="card narrow">
        <PageTitle>{t('mfa.enrolTitle')}</PageTitle>
        <p>{t('mfa.enrolIntro')}</p>
        <TwoStepSetup onDone={() => void qc.invalidateQueries({ queryKey: meKey })} />
        <p>
          <Button
            className="button button-link"
            onPress={() => {
              void signOut().finally(() => navigate('/connexion?au-revoir', { replace: true }));
            }}
          >
            {t('nav.signOut')}
          </Button>
        </p>
      </div>
    </PublicShell>
  );
}
