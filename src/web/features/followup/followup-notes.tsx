import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDateTime } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { useEntryReads, useShareEntry, useWriteEntry } from './queries.ts';
import { type Compartment, ENTRY_KINDS, type Entry, type EntryKind, type FileBlocks, type PupilFile } from './types.ts';

type FollowupData = NonNullable<FileBlocks['followup']>;

/** Follow-up entries the caller may read, by compartment, and the form to write one where they may. */
export function FollowupNotes({ file, data }: { file: PupilFile; data: FollowupData }) {
  const { t } = useTranslation();
  const byCompartment = new Map<Compartment, Entry[]>();
  for (const e of data.entries) byCompartment.set(e.compartment, [...(byCompartment.get(e.compartment) ?? []), e]);
  const shown = [...new Set([...data.compartments, ...byCompartment.keys()])];
  return (
    <section className="section" aria-labelledby="file-followup-title">
      <h2 id="file-followup-title">{t('followup.title')}</h2>
      <p className="hint">{t('followup.confidential')}</p>
      <NoteForm file={file} compartments={data.compartments} />
      {shown.map((c) => (
        <section key={c} aria-labelledby={`compartment-${c}`} className="section">
          <h3 id={`compartment-${c}`}>{t(`followup.compartments.${c}`)}</h3>
          {(byCompartment.get(c) ?? []).length === 0 ? (
            <p>{t('followup.noEntry')}</p>
          ) : (
            <ul className="cards">
              {(byCompartment.get(c) ?? []).map((e) => (
                <EntryCard key={e.id} file={file} entry={e} team={data.team} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  );
}

function NoteForm({ file, compartments }: { file: PupilFile; compartments: Compartment[] }) {
  const { t } = useTranslation();
  const ids = useId();
  const write = useWriteEntry(file.schoolId, file.pupil.id);
  const [compartment, setCompartment] = useState<Compartment | ''>(compartments[0] ?? '');
  const [kind, setKind] = useState<EntryKind>('entretien');
  const [occurredOn, setOccurredOn] = useState(todayIso());
  const [body, setBody] = useState('');
  const [saved, setSaved] = useState(false);
  if (compartments.length === 0) return null;
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!compartment || body.trim() === '') return;
    setSaved(false);
    write.mutate(
      { compartment, kind, occurredOn, body },
      {
        onSuccess: () => {
          setBody('');
          setSaved(true);
        },
      },
    );
  };
  return (
    <form className="form card" onSubmit={submit} aria-labelledby={`${ids}-title`}>
      <h3 id={`${ids}-title`}>{t('followup.write')}</h3>
      <div className="field">
        <label htmlFor={`${ids}-compartment`}>{t('followup.compartment')}</label>
        <select
          id={`${ids}-compartment`}
          className="native-select"
          value={compartment}
          onChange={(e) => setCompartment(e.currentTarget.value as Compartment)}
        >
          {compartments.map((c) => (
            <option key={c} value={c}>
              {t(`followup.compartments.${c}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-kind`}>{t('followup.kind')}</label>
        <select
          id={`${ids}-kind`}
          className="native-select"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as EntryKind)}
        >
          {ENTRY_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`followup.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${ids}-date`}>{t('followup.date')}</label>
        <input
          id={`${ids}-date`}
          type="date"
          required
          value={occurredOn}
          onChange={(e) => setOccurredOn(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${ids}-body`}>{t('followup.body')}</label>
        <textarea
          id={`${ids}-body`}
          required
          rows={4}
          maxLength={10_000}
          value={body}
          onChange={(e) => setBody(e.currentTarget.value)}
        />
      </div>
      <ErrorAlert error={write.error} />
      <div className="actions">
        <Button type="submit" className="button button-primary" isDisabled={write.isPending}>
          {t('followup.save')}
        </Button>
      </div>
      <p aria-live="polite" className="hint">
        {saved ? t('followup.saved') : ''}
      </p>
    </form>
  );
}

function EntryCard({ file, entry, team }: { file: PupilFile; entry: Entry; team: FollowupData['team'] }) {
  const { t } = useTranslation();
  const [showLog, setShowLog] = useState(false);
  const [sharing, setSharing] = useState(false);
  const author = entry.author ? `${entry.author.firstName} ${entry.author.lastName}` : t('followup.formerStaff');
  return (
    <li className="card">
      <p>
        <strong>{t(`followup.kinds.${entry.kind}`)}</strong> · {formatDate(entry.occurredOn)} · <bdi>{author}</bdi>
      </p>
      <p className="prewrap">{entry.body}</p>
      {(entry.sharedWithTeam || entry.sharedWith.length > 0) && (
        <p className="hint">
          {t('followup.sharedWith', {
            names: [
              ...(entry.sharedWithTeam ? [t('followup.compartments.equipe')] : []),
              ...entry.sharedWith.map((p) => `${p.firstName} ${p.lastName}`),
            ].join(', '),
          })}
        </p>
      )}
      <div className="actions">
        {entry.abilities.share && (
          <Button className="button" onPress={() => setSharing((v) => !v)} aria-expanded={sharing}>
            {t('followup.share')}
          </Button>
        )}
        {entry.abilities.readLog && (
          <Button className="button" onPress={() => setShowLog((v) => !v)} aria-expanded={showLog}>
            {t('followup.whoRead')}
          </Button>
        )}
      </div>
      {sharing && <ShareForm file={file} entry={entry} team={team} onDone={() => setSharing(false)} />}
      {showLog && <ReadLog file={file} entryId={entry.id} />}
    </li>
  );
}

function ShareForm({
  file,
  entry,
  team,
  onDone,
}: {
  file: PupilFile;
  entry: Entry;
  team: FollowupData['team'];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const share = useShareEntry(file.schoolId, file.pupil.id);
  const [withTeam, setWithTeam] = useState(false);
  const [people, setPeople] = useState<string[]>([]);
  const already = new Set(entry.sharedWith.map((p) => p.id));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (!withTeam && people.length === 0) return;
    share.mutate({ entryId: entry.id, personIds: people, team: withTeam }, { onSuccess: onDone });
  };
  return (
    <form className="form" onSubmit={submit}>
      <fieldset>
        <legend>{t('followup.shareWith')}</legend>
        {!entry.sharedWithTeam && (
          <label className="native-checkbox">
            <input type="checkbox" checked={withTeam} onChange={(e) => setWithTeam(e.currentTarget.checked)} />
            {t('followup.wholeTeam')}
          </label>
        )}
        {team
          .filter((p) => !already.has(p.id))
          .map((p) => (
            <label key={p.id} className="native-checkbox">
              <input
                type="checkbox"
                checked={people.includes(p.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setPeople((l) => (on ? [...l, p.id] : l.filter((x) => x !== p.id)));
                }}
              />
              <bdi>
                {p.firstName} {p.lastName}
              </bdi>
            </label>
          ))}
      </fieldset>
      <p className="hint">{t('followup.shareHint')}</p>
      <ErrorAlert error={share.error} />
      <Button type="submit" className="button button-primary" isDisabled={share.isPending}>
        {t('followup.confirmShare')}
      </Button>
    </form>
  );
}

function ReadLog({ file, entryId }: { file: PupilFile; entryId: string }) {
  const { t } = useTranslation();
  const q = useEntryReads(file.schoolId, file.pupil.id, entryId);
  if (q.isPending) return <p>{t('common.loading')}</p>;
  if (q.error) return <ErrorAlert error={q.error} />;
  return (
    <ul className="read-log">
      {q.data.reads.map((r) => (
        <li key={r.id}>
          <bdi>
            {r.reader.firstName} {r.reader.lastName}
          </bdi>{' '}
          — {formatDateTime(r.readAt)}
        </li>
      ))}
    </ul>
  );
}
