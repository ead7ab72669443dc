import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../errors.tsx';
import { createIcalFeed, revokeIcalFeed } from './queries.ts';

/** The secret address of the person's calendar feed: shown once created, with copy and revoke. */
export function IcalSection() {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="section" aria-labelledby="ical-title">
      <h2 id="ical-title">{t('timetable.ical.title')}</h2>
      <p className="hint">{t('timetable.ical.explain')}</p>
      {error !== null && <ErrorAlert error={error} />}
      {url ? (
        <div className="card">
          <label htmlFor="ical-url">{t('timetable.ical.address')}</label>
          <input id="ical-url" className="code" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
          <p className="hint">{t('timetable.ical.secret')}</p>
          <div className="toolbar">
            <Button
              className="button"
              onPress={() =>
                void navigator.clipboard
                  .writeText(url)
                  .then(() => setMessage(t('timetable.ical.copied')))
                  .catch(() => setMessage(t('timetable.ical.copyFailed')))
              }
            >
              {t('timetable.ical.copy')}
            </Button>
          </div>
        </div>
      ) : (
        <Button
          className="button"
          isDisabled={busy}
          onPress={() =>
            void run(async () => {
              const feed = await createIcalFeed();
              // Without PUBLIC_URL the server gives the path only: the origin is the one the person is using.
              setUrl(new URL(feed.url, window.location.origin).href);
              setMessage('');
            })
          }
        >
          {t('timetable.ical.create')}
        </Button>
      )}
      <div className="toolbar">
        <Button
          className="button"
          isDisabled={busy}
          onPress={() =>
            void run(async () => {
              await revokeIcalFeed();
              setUrl(null);
              setMessage(t('timetable.ical.revoked'));
            })
          }
        >
          {t('timetable.ical.revoke')}
        </Button>
      </div>
      <p role="status" className="status-line">
        {message}
      </p>
    </section>
  );
}
