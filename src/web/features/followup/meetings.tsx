import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { usePeople } from '../../api/queries.ts';
import { Loading } from '../../components/loading.tsx';
import { formatDate } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { todayIso } from '../timetable/dates.ts';
import { useAddAction, useAddMinutes, useCreateMeeting, useMeeting, useMeetings } from './queries.ts';
import type { MeetingDetail, MeetingList } from './types.ts';

type Person = { id: string; firstName: string; lastName: string };
const nameOf = (p: Person) => `${p.firstName} ${p.lastName}`;

/** The meetings the caller sits on, and (direction, CPE) the form to call one. */
export function MeetingsList({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const q = useMeetings(schoolId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  return (
    <>
      {q.data.meetings.length === 0 ? (
        <p>{t('meetings.none')}</p>
      ) : (
        <ul className="cards">
          {q.data.meetings.map((m) => (
            <li key={m.id} className="card">
              <h2 className="card-title">
                <Link href={`/suivi/reunions/${encodeURIComponent(m.id)}`} className="card-link">
                  {m.title}
                </Link>
              </h2>
              <p>
                {t(`meetings.kinds.${m.kind}`)} · {formatDate(m.heldOn)} ·{' '}
                {t('meetings.pupilCount', { count: m.pupilCount })}
              </p>
            </li>
          ))}
        </ul>
      )}
      {q.data.abilities.create && <NewMeeting schoolId={schoolId} candidates={q.data.candidates} />}
    </>
  );
}

function NewMeeting({ schoolId, candidates }: { schoolId: string; candidates: MeetingList['candidates'] }) {
  const { t } = useTranslation();
  const ids = useId();
  const [, navigate] = useLocation();
  const create = useCreateMeeting(schoolId);
  const [kind, setKind] = useState<'gpds' | 'cellule_veille'>('gpds');
  const [heldOn, setHeldOn] = useState(todayIso());
  const [title, setTitle] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [pupils, setPupils] = useState<Person[]>([]);
  const [search, setSearch] = useState('');
  const found = usePeople(schoolId, { q: search, profile: 'pupil', limit: 8, offset: 0 }, search.trim().length >= 2);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    create.mutate(
      { kind, heldOn, title, memberIds: members, pupilIds: pupils.map((p) => p.id) } as Parameters<
        typeof create.mutate
      >[0],
      { onSuccess: (r) => navigate(`/suivi/reunions/${encodeURIComponent(r.id)}`) },
    );
  };
  return (
    <section className="section" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('meetings.new')}</h2>
      <form className="form card" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-kind`}>{t('meetings.kind')}</label>
          <select
            id={`${ids}-kind`}
            className="native-select"
            value={kind}
            onChange={(e) => setKind(e.currentTarget.value as 'gpds' | 'cellule_veille')}
          >
            <option value="gpds">{t('meetings.kinds.gpds')}</option>
            <option value="cellule_veille">{t('meetings.kinds.cellule_veille')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-title-input`}>{t('meetings.titleLabel')}</label>
          <input
            id={`${ids}-title-input`}
            required
            maxLength={200}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-date`}>{t('meetings.date')}</label>
          <input
            id={`${ids}-date`}
            type="date"
            required
            value={heldOn}
            onChange={(e) => setHeldOn(e.currentTarget.value)}
          />
        </div>
        <fieldset>
          <legend>{t('meetings.members')}</legend>
          {candidates.map((c) => (
            <label key={c.id} className="native-checkbox">
              <input
                type="checkbox"
                checked={members.includes(c.id)}
                onChange={(e) => {
                  const on = e.currentTarget.checked;
                  setMembers((l) => (on ? [...l, c.id] : l.filter((x) => x !== c.id)));
                }}
              />
              <bdi>{nameOf(c)}</bdi> (
              {c.roles.map((r) => t(r === 'professeur_principal' ? 'meetings.pp' : `functions.${r}`)).join(', ')})
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>{t('meetings.pupils')}</legend>
          {pupils.length > 0 && (
            <ul>
              {pupils.map((p) => (
                <li key={p.id}>
                  <bdi>{nameOf(p)}</bdi>{' '}
                  <Button className="button" onPress={() => setPupils((l) => l.filter((x) => x.id !== p.id))}>
                    {t('meetings.remove')}
                    <span className="visually-hidden"> {nameOf(p)}</span>
                  </Button>
                </li>
              ))}
            </ul>
          )}
          <div className="field">
            <label htmlFor={`${ids}-search`}>{t('meetings.findPupil')}</label>
            <input
              id={`${ids}-search`}
              type="search"
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
          </div>
          {found.data && found.data.items.length > 0 && (
            <ul>
              {found.data.items
                .filter((p) => !pupils.some((x) => x.id === p.id))
                .map((p) => (
                  <li key={p.id}>
                    <Button
                      className="button"
                      onPress={() =>
                        setPupils((l) => [...l, { id: p.id, firstName: p.firstName, lastName: p.lastName }])
                      }
                    >
                      {t('meetings.add', { name: nameOf(p) })}
                      {p.class && ` (${p.class.label || p.class.code})`}
                    </Button>
                  </li>
                ))}
            </ul>
          )}
        </fieldset>
        <ErrorAlert error={create.error} />
        <Button type="submit" className="button button-primary" isDisabled={create.isPending || members.length === 0}>
          {t('meetings.create')}
        </Button>
      </form>
    </section>
  );
}

/** One meeting: members, each pupil's minutes (team compartment), actions with owner and due date. */
export function MeetingView({ schoolId, meetingId }: { schoolId: string; meetingId: string }) {
  const { t } = useTranslation();
  const q = useMeeting(schoolId, meetingId);
  if (q.isPending) return <Loading />;
  if (q.error) return <ErrorAlert error={q.error} />;
  const m = q.data;
  return (
    <>
      <p>
        {t(`meetings.kinds.${m.kind}`)} · {formatDate(m.heldOn)}
      </p>
      <section className="section" aria-labelledby="members-title">
        <h2 id="members-title">{t('meetings.members')}</h2>
        <p>{m.members.map(nameOf).join(', ')}</p>
      </section>
      <section className="section" aria-labelledby="pupils-title">
        <h2 id="pupils-title">{t('meetings.pupils')}</h2>
        {m.pupils.length === 0 && <p>{t('common.none')}</p>}
        {m.pupils.map((p) => (
          <div key={p.id} className="card">
            <h3>
              <Link href={`/eleves/${encodeURIComponent(p.id)}`}>
                <bdi>{nameOf(p)}</bdi>
              </Link>
            </h3>
            {p.minutes.map((e) => (
              <p key={e.id} className="prewrap">
                {e.body}
                <span className="muted"> — {e.author ? nameOf(e.author) : ''}</span>
              </p>
            ))}
            <MinutesForm schoolId={schoolId} meetingId={m.id} pupil={p} />
          </div>
        ))}
      </section>
      <Actions schoolId={schoolId} meeting={m} />
    </>
  );
}

function MinutesForm({ schoolId, meetingId, pupil }: { schoolId: string; meetingId: string; pupil: Person }) {
  const { t } = useTranslation();
  const ids = useId();
  const add = useAddMinutes(schoolId, meetingId);
  const [body, setBody] = useState('');
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (body.trim()) add.mutate({ pupilId: pupil.id, body }, { onSuccess: () => setBody('') });
  };
  return (
    <form className="form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${ids}-body`}>{t('meetings.minutesFor', { name: nameOf(pupil) })}</label>
        <textarea id={`${ids}-body`} rows={3} required value={body} onChange={(e) => setBody(e.currentTarget.value)} />
      </div>
      <ErrorAlert error={add.error} />
      <Button type="submit" className="button" isDisabled={add.isPending}>
        {t('meetings.addMinutes')}
        <span className="visually-hidden"> — {nameOf(pupil)}</span>
      </Button>
    </form>
  );
}

function Actions({ schoolId, meeting }: { schoolId: string; meeting: MeetingDetail }) {
  const { t } = useTranslation();
  const ids = useId();
  const add = useAddAction(schoolId, meeting.id);
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState(meeting.members[0]?.id ?? '');
  const [pupilId, setPupilId] = useState('');
  const [dueOn, setDueOn] = useState(todayIso());
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    add.mutate({ title, ownerId, dueOn, pupilId: pupilId || null }, { onSuccess: () => setTitle('') });
  };
  return (
    <section className="section" aria-labelledby="actions-title">
      <h2 id="actions-title">{t('meetings.actions')}</h2>
      {meeting.actions.length === 0 ? (
        <p>{t('meetings.noAction')}</p>
      ) : (
        <ul>
          {meeting.actions.map((a) => (
            <li key={a.id}>
              {a.title} — <bdi>{nameOf(a.owner)}</bdi> — {t('meetings.due', { date: formatDate(a.dueOn) })}
              {a.pupil && (
                <>
                  {' '}
                  — <bdi>{nameOf(a.pupil)}</bdi>
                </>
              )}
              {a.done && <span className="tag tag-success"> {t('meetings.done')}</span>}
            </li>
          ))}
        </ul>
      )}
      <form className="form card" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${ids}-title`}>{t('meetings.actionTitle')}</label>
          <input
            id={`${ids}-title`}
            required
            maxLength={300}
            value={title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-owner`}>{t('meetings.owner')}</label>
          <select
            id={`${ids}-owner`}
            className="native-select"
            value={ownerId}
            onChange={(e) => setOwnerId(e.currentTarget.value)}
          >
            {meeting.members.map((p) => (
              <option key={p.id} value={p.id}>
                {nameOf(p)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-pupil`}>{t('meetings.actionPupil')}</label>
          <select
            id={`${ids}-pupil`}
            className="native-select"
            value={pupilId}
            onChange={(e) => setPupilId(e.currentTarget.value)}
          >
            <option value="">{t('common.none')}</option>
            {meeting.pupils.map((p) => (
              <option key={p.id} value={p.id}>
                {nameOf(p)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-due`}>{t('meetings.dueOn')}</label>
          <input
            id={`${ids}-due`}
            type="date"
            required
            value={dueOn}
            onChange={(e) => setDueOn(e.currentTarget.value)}
          />
        </div>
        <ErrorAlert error={add.error} />
        <Button type="submit" className="button button-primary" isDisabled={add.isPending}>
          {t('meetings.addAction')}
        </Button>
      </form>
    </section>
  );
}
