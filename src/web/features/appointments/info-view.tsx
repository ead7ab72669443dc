import './appointments.css';
import { useId, useState } from 'react';
import { Button, Checkbox, Label, TextArea, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { type Info, type ReceptionSettings, useSaveInfoPage, useSaveReceptionSettings } from './api.ts';

/** Each site's page of practical information. The HTML was sanitised by the server when it was saved. */
export function InfoPages({ info }: { info: Info }) {
  const { t } = useTranslation();
  return (
    <>
      {info.pages.map((p) => (
        <section key={p.siteId} aria-labelledby={`site-${p.siteId}`} className="section info-page">
          <h2 id={`site-${p.siteId}`}>{p.siteName}</h2>
          {p.address && <p className="muted">{p.address}</p>}
          {p.bodyHtml ? (
            // biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised on the server (info.sanitize.ts)
            <div className="rich-text" dir="auto" dangerouslySetInnerHTML={{ __html: p.bodyHtml }} />
          ) : (
            <p>{t('appointments.info.empty')}</p>
          )}
          {p.updatedAt && (
            <p className="muted">{t('appointments.info.updated', { at: formatDateTime(p.updatedAt) })}</p>
          )}
        </section>
      ))}
    </>
  );
}

/** Reception and the secretariat edit one site's page (a small subset of HTML, cleaned on the server). */
export function InfoEditor({ schoolId, info }: { schoolId: string; info: Info }) {
  const { t } = useTranslation();
  const ids = useId();
  const save = useSaveInfoPage(schoolId);
  const [siteId, setSiteId] = useState(info.pages[0]?.siteId ?? '');
  const [body, setBody] = useState(info.pages[0]?.bodyHtml ?? '');
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="info-edit" className="section">
      <h2 id="info-edit">{t('appointments.info.editTitle')}</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(
            { siteId, bodyHtml: body },
            {
              onSuccess: (data) => {
                setBody(data.pages.find((p) => p.siteId === siteId)?.bodyHtml ?? '');
                setSaved(true);
              },
            },
          );
        }}
      >
        <div className="field">
          <label htmlFor={`${ids}-site`}>{t('appointments.availability.site')}</label>
          <select
            id={`${ids}-site`}
            className="native-select"
            value={siteId}
            onChange={(e) => {
              const id = e.currentTarget.value;
              setSiteId(id);
              setBody(info.pages.find((p) => p.siteId === id)?.bodyHtml ?? '');
              setSaved(false);
            }}
          >
            {info.pages.map((p) => (
              <option key={p.siteId} value={p.siteId}>
                {p.siteName}
              </option>
            ))}
          </select>
        </div>
        <TextField
          className="field"
          value={body}
          onChange={(v) => {
            setBody(v);
            setSaved(false);
          }}
        >
          <Label>{t('appointments.info.body')}</Label>
          <TextArea rows={12} dir="auto" className="code-input" />
        </TextField>
        <p className="muted">{t('appointments.info.help')}</p>
        <ErrorAlert error={save.error} />
        {saved && (
          <p className="alert alert-success" role="status">
            {t('appointments.info.saved')}
          </p>
        )}
        <Button type="submit" className="button button-primary" isDisabled={save.isPending || !siteId}>
          {t('appointments.info.save')}
        </Button>
      </form>
    </section>
  );
}

/** The head of the school: visitor-log delay, public information page, private reasons and the other guardian. */
export function ReceptionSettingsForm({ schoolId, initial }: { schoolId: string; initial: ReceptionSettings }) {
  const { t } = useTranslation();
  const ids = useId();
  const save = useSaveReceptionSettings(schoolId);
  const [v, setV] = useState(initial);
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<ReceptionSettings>) => {
    setV((x) => ({ ...x, ...patch }));
    setSaved(false);
  };
  return (
    <section aria-labelledby="reception-settings" className="section">
      <h2 id="reception-settings">{t('appointments.settings.title')}</h2>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate(v, { onSuccess: () => setSaved(true) });
        }}
      >
        <Checkbox className="checkbox" isSelected={v.infoPublic} onChange={(infoPublic) => set({ infoPublic })}>
          <span className="checkbox-box" aria-hidden="true" />
          {t('appointments.settings.public')}
        </Checkbox>
        {v.infoPublic && (
          <p className="muted">
            {t('appointments.settings.publicAddress')} <code>{`${location.origin}/infos/${schoolId}`}</code>
          </p>
        )}
        <Checkbox
          className="checkbox"
          isSelected={v.hidePrivateReasonFromOtherGuardian}
          onChange={(hidePrivateReasonFromOtherGuardian) => set({ hidePrivateReasonFromOtherGuardian })}
        >
          <span className="checkbox-box" aria-hidden="true" />
          {t('appointments.settings.hideFromOther')}
        </Checkbox>
        <div className="field">
          <label htmlFor={`${ids}-days`}>{t('appointments.settings.retention')}</label>
          <input
            id={`${ids}-days`}
            type="number"
            min={1}
            max={365}
            className="input"
            value={v.visitorLogRetentionDays}
            onChange={(e) =>
              set({ visitorLogRetentionDays: Math.max(1, Math.min(365, Number(e.currentTarget.value) || 1)) })
            }
          />
        </div>
        <ErrorAlert error={save.error} />
        {saved && (
          <p className="alert alert-success" role="status">
            {t('appointments.settings.saved')}
          </p>
        )}
        <Button type="submit" className="button button-primary" isDisabled={save.isPending}>
          {t('appointments.settings.save')}
        </Button>
      </form>
    </section>
  );
}
