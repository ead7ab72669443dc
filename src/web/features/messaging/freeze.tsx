import { useState } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useSearch } from 'wouter';
import { api } from '../../api/client.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { type PersonHit, useFreeze, useFreezes, useRecall, useSentBy, useUnfreeze } from './api.ts';

/** A local date-time input value ("2026-12-05T14:30") for an instant. */
const toLocalInput = (d: Date) => {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

interface Person {
  id: string;
  name: string;
}

/** What a person sent in a window, and the recall of it. */
function SentPanel({ person }: { person: Person }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState(() => toLocalInput(new Date(Date.now() - 24 * 3_600_000)));
  const [to, setTo] = useState(() => toLocalInput(new Date(Date.now() + 60_000)));
  const iso = (v: string) => (v ? new Date(v).toISOString() : '');
  const sent = useSentBy(person.id, iso(from), iso(to));
  const recall = useRecall();
  const freeze = useFreeze();
  const pending = (sent.data?.items ?? []).filter((i) => i.recalledAt === null);
  return (
    <section aria-labelledby="sent-title" className="card">
      <h2 id="sent-title">{t('messaging.freeze.sentBy', { name: person.name })}</h2>
      {sent.data && !sent.data.frozen && (
        <Button
          className="button button-danger"
          onPress={() => freeze.mutate({ personId: person.id, reason: '' })}
          isDisabled={freeze.isPending}
        >
          {t('messaging.freeze.freezeName', { name: person.name })}
        </Button>
      )}
      {sent.data?.frozen && <p className="tag">{t('messaging.freeze.isFrozen')}</p>}
      <div className="form-row">
        <label className="field">
          <span>{t('messaging.freeze.from')}</span>
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label className="field">
          <span>{t('messaging.freeze.to')}</span>
          <input type="datetime-local" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
      </div>
      <ErrorAlert error={sent.error ?? recall.error ?? freeze.error} />
      {sent.isPending ? (
        <Loading />
      ) : sent.data?.items.length === 0 ? (
        <p>{t('messaging.freeze.noneSent')}</p>
      ) : (
        <ul className="plain-list">
          {sent.data?.items.map((m) => (
            <li key={m.id}>
              <bdi dir="auto">{m.subject}</bdi> · <time dateTime={m.sentAt}>{formatDateTime(m.sentAt)}</time> ·{' '}
              {t('messaging.people', { count: m.recipientCount })}
              {m.recalledAt && <span className="tag"> {t('messaging.freeze.recalled')}</span>}
            </li>
          ))}
        </ul>
      )}
      {recall.data && (
        <p className="alert alert-success" role="status">
          {t('messaging.freeze.recallDone', { count: recall.data.recalled })}
        </p>
      )}
      {pending.length > 0 && (
        <Button
          className="button button-danger"
          isDisabled={recall.isPending}
          onPress={() => recall.mutate({ personId: person.id, from: iso(from), to: iso(to) })}
        >
          {t('messaging.freeze.recall', { count: pending.length })}
        </Button>
      )}
    </section>
  );
}

/**
 * A taken-over account: the school admin or the direction freezes its sending (it can still read) and recalls
 * what it sent in a time window. Reached from the messaging page, or from a person's page (?personne=id).
 */
export function FreezePage() {
  const { t } = useTranslation();
  const params = new URLSearchParams(useSearch());
  const freezes = useFreezes();
  const unfreeze = useUnfreeze();
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Person[]>([]);
  const initial = params.get('personne');
  const [selected, setSelected] = useState<Person | null>(initial ? { id: initial, name: '' } : null);
  const search = async () => {
    const r = await api<{ people: PersonHit[] }>('GET', `/api/messaging/recipients?q=${encodeURIComponent(q)}`);
    setResults(r.people.map((p) => ({ id: p.id, name: `${p.firstName} ${p.lastName}` })));
  };
  return (
    <div className="page">
      <p className="breadcrumb">
        <Link href="/messagerie">{t('messaging.back')}</Link>
      </p>
      <PageTitle>{t('messaging.freeze.title')}</PageTitle>
      <p>{t('messaging.freeze.intro')}</p>
      <h2>{t('messaging.freeze.frozen')}</h2>
      <ErrorAlert error={freezes.error ?? unfreeze.error} />
      {freezes.isPending ? (
        <Loading />
      ) : freezes.data?.items.length === 0 ? (
        <p>{t('messaging.freeze.none')}</p>
      ) : (
        <ul className="plain-list">
          {freezes.data?.items.map((f) => {
            const name = `${f.firstName} ${f.lastName}`;
            return (
              <li key={f.personId} className="card">
                <bdi>{name}</bdi> — <time dateTime={f.createdAt}>{formatDateTime(f.createdAt)}</time>
                {f.reason && (
                  <>
                    {' '}
                    — <span dir="auto">{f.reason}</span>
                  </>
                )}
                <div className="actions">
                  <Button className="button button-small" onPress={() => setSelected({ id: f.personId, name })}>
                    {t('messaging.freeze.showSent', { name })}
                  </Button>
                  <Button className="button button-small" onPress={() => unfreeze.mutate(f.personId)}>
                    {t('messaging.freeze.unfreeze', { name })}
                  </Button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void search();
        }}
      >
        <SearchField className="field" value={q} onChange={setQ}>
          <Label>{t('messaging.freeze.searchPerson')}</Label>
          <Input />
        </SearchField>
        <Button type="submit" className="button">
          {t('messaging.searchButton')}
        </Button>
        <ul className="plain-list">
          {results.map((p) => (
            <li key={p.id}>
              <Button className="link-button" onPress={() => setSelected(p)}>
                {t('messaging.freeze.choose', { name: p.name })}
              </Button>
            </li>
          ))}
        </ul>
      </form>
      {selected && <SentPanelLoader key={selected.id} person={selected} />}
    </div>
  );
}

/** A person given by id only (from a person's page) gets their name from the sent list. */
function SentPanelLoader({ person }: { person: Person }) {
  const sent = useSentBy(person.name ? null : person.id, new Date(0).toISOString(), new Date(0).toISOString());
  if (person.name) return <SentPanel person={person} />;
  if (!sent.data) return <ErrorAlert error={sent.error} />;
  return <SentPanel person={{ id: person.id, name: `${sent.data.person.firstName} ${sent.data.person.lastName}` }} />;
}
