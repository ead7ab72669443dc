import { useEffect, useId, useState } from 'react';
import { Button, Checkbox, Form, Label, Radio, RadioGroup } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { type MailCategory, type MailMode, useMailPreferences, useSaveMailPreferences } from './api.ts';

const MODES: readonly MailMode[] = ['immediate', 'digest', 'never'];

/** "Préférences de notification": per category right away / digest / never, quiet hours, the address used. */
export function MailPreferencesForm() {
  const { t } = useTranslation();
  const prefs = useMailPreferences();
  const save = useSaveMailPreferences();
  const [modes, setModes] = useState<Partial<Record<MailCategory, MailMode>>>({});
  const [quiet, setQuiet] = useState(true);
  const [start, setStart] = useState('21:00');
  const [end, setEnd] = useState('07:00');
  const [saved, setSaved] = useState(false);
  const startId = useId();
  const endId = useId();

  const data = prefs.data;
  useEffect(() => {
    if (!data) return;
    setModes(Object.fromEntries(data.categories.map((c) => [c.category, c.mode])));
    setQuiet(data.quietHours !== null);
    if (data.quietHours) {
      setStart(data.quietHours.start);
      setEnd(data.quietHours.end);
    }
  }, [data]);

  if (prefs.isPending) return <Loading />;
  if (!data) return <ErrorAlert error={prefs.error} onRetry={() => void prefs.refetch()} />;

  return (
    <Form
      className="form mail-prefs"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate({ modes, quietHours: quiet ? { start, end } : null }, { onSuccess: () => setSaved(true) });
      }}
    >
      <p>{t('mail.prefs.intro', { hour: data.digestHour })}</p>
      <div className={data.emailStatus === 'bouncing' ? 'alert alert-error' : 'mail-address'}>
        <p>
          {t('mail.prefs.address')} : {data.email ? <strong dir="ltr">{data.email}</strong> : <span>—</span>}
        </p>
        <p>
          {data.emailStatus === 'missing'
            ? t('mail.prefs.noAddress')
            : data.emailStatus === 'bouncing'
              ? t('mail.prefs.bouncing', { date: data.bouncedAt ? formatDateTime(data.bouncedAt) : '' })
              : t('mail.prefs.ok')}
        </p>
      </div>
      {data.waitingForDigest > 0 && (
        <p className="muted">{t('mail.prefs.waiting', { count: data.waitingForDigest })}</p>
      )}
      {data.categories.map((c) => (
        <RadioGroup
          key={c.category}
          className="radio-group fieldset mail-category"
          value={modes[c.category] ?? c.mode}
          onChange={(v) => setModes((m) => ({ ...m, [c.category]: v as MailMode }))}
        >
          <Label className="legend">{t(`mail.categories.${c.category}`)}</Label>
          {MODES.map((mode) => (
            <Radio key={mode} value={mode} className="radio">
              <span className="radio-circle" aria-hidden="true" />
              {t(`mail.modes.${mode}`)}
            </Radio>
          ))}
        </RadioGroup>
      ))}
      <fieldset className="fieldset">
        <legend>{t('mail.prefs.quietTitle')}</legend>
        <p className="muted">{t('mail.prefs.quietIntro')}</p>
        <Checkbox className="checkbox" isSelected={quiet} onChange={setQuiet}>
          <span className="checkbox-box" aria-hidden="true" />
          {t('mail.prefs.quietEnabled')}
        </Checkbox>
        {quiet && (
          <div className="form-row">
            <div className="field">
              <label htmlFor={startId}>{t('mail.prefs.quietStart')}</label>
              <input id={startId} type="time" required value={start} onChange={(e) => setStart(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={endId}>{t('mail.prefs.quietEnd')}</label>
              <input id={endId} type="time" required value={end} onChange={(e) => setEnd(e.target.value)} />
            </div>
          </div>
        )}
      </fieldset>
      <ErrorAlert error={save.error} />
      {saved && (
        <p className="alert alert-success" role="status">
          {t('mail.prefs.saved')}
        </p>
      )}
      <Button type="submit" className="button button-primary" isDisabled={save.isPending}>
        {t('mail.prefs.save')}
      </Button>
    </Form>
  );
}
