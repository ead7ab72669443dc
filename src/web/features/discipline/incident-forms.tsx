import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { fromSchoolDateTimeInput, toSchoolDateTimeInput } from '../../i18n/index.ts';
import { ErrorAlert } from '../errors.tsx';
import { PupilSelect } from './pupil-select.tsx';
import { useCreateIncident, useCreatePunishment } from './queries.ts';
import { INCIDENT_ROLES, type NameablePupil, PUNISHMENT_KINDS } from './types.ts';

type Role = (typeof INCIDENT_ROLES)[number];
type Kind = (typeof PUNISHMENT_KINDS)[number];

/** An incident report: when, where, what, the pupils involved and their role, witnesses. */
export function IncidentForm({
  schoolId,
  pupils,
  onDone,
}: {
  schoolId: string;
  pupils: NameablePupil[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreateIncident(schoolId);
  const [when, setWhen] = useState(() => toSchoolDateTimeInput(new Date().toISOString()));
  const [place, setPlace] = useState('');
  const [description, setDescription] = useState('');
  const [witnesses, setWitnesses] = useState('');
  const [pick, setPick] = useState('');
  const [role, setRole] = useState<Role>('author');
  const [involved, setInvolved] = useState<Array<{ pupilId: string; role: Role }>>([]);
  const nameOf = (id: string) => {
    const p = pupils.find((x) => x.id === id);
    return p ? `${p.lastName} ${p.firstName}` : '';
  };
  return (
    <form
      className="form discipline-form"
      aria-labelledby="incident-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          { occurredAt: fromSchoolDateTimeInput(when), place, description, witnesses, pupils: involved },
          { onSuccess: () => onDone(t('discipline.incident.saved')) },
        );
      }}
    >
      <h2 id="incident-form-title">{t('discipline.incident.new')}</h2>
      <div className="field">
        <label htmlFor="incident-when">{t('discipline.incident.when')}</label>
        <input
          id="incident-when"
          type="datetime-local"
          required
          value={when}
          onChange={(e) => setWhen(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="incident-place">{t('discipline.incident.place')}</label>
        <input
          id="incident-place"
          required
          maxLength={200}
          value={place}
          onChange={(e) => setPlace(e.currentTarget.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="incident-what">{t('discipline.incident.what')}</label>
        <textarea
          id="incident-what"
          required
          rows={4}
          maxLength={5000}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
        />
      </div>
      <fieldset className="fieldset">
        <legend>{t('discipline.incident.pupils')}</legend>
        {involved.length > 0 && (
          <ul className="discipline-list">
            {involved.map((p) => (
              <li key={p.pupilId}>
                <bdi>{nameOf(p.pupilId)}</bdi> — {t(`discipline.incident.roles.${p.role}`)}{' '}
                <Button
                  className="button"
                  aria-label={t('discipline.incident.remove', { name: nameOf(p.pupilId) })}
                  onPress={() => setInvolved((all) => all.filter((x) => x.pupilId !== p.pupilId))}
                >
                  {t('discipline.form.remove')}
                </Button>
              </li>
            ))}
          </ul>
        )}
        <PupilSelect
          pupils={pupils}
          value={pick}
          onChange={setPick}
          label={t('discipline.form.pupil')}
          required={false}
        />
        <div className="field">
          <label htmlFor="incident-role">{t('discipline.incident.role')}</label>
          <select
            id="incident-role"
            className="native-select"
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as Role)}
          >
            {INCIDENT_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`discipline.incident.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <Button
          className="button"
          isDisabled={!pick || involved.some((p) => p.pupilId === pick)}
          onPress={() => {
            setInvolved((all) => [...all, { pupilId: pick, role }]);
            setPick('');
          }}
        >
          {t('discipline.incident.addPupil')}
        </Button>
      </fieldset>
      <div className="field">
        <label htmlFor="incident-witnesses">{t('discipline.incident.witnesses')}</label>
        <input
          id="incident-witnesses"
          maxLength={1000}
          value={witnesses}
          onChange={(e) => setWitnesses(e.currentTarget.value)}
        />
      </div>
      {create.error && <ErrorAlert error={create.error} />}
      <Button type="submit" className="button button-primary" isDisabled={create.isPending || involved.length === 0}>
        {t('discipline.incident.submit')}
      </Button>
    </form>
  );
}

/** A punition scolaire; a retenue with its date, time and room. */
export function PunishmentForm({
  schoolId,
  pupils,
  onDone,
}: {
  schoolId: string;
  pupils: NameablePupil[];
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreatePunishment(schoolId);
  const [pupilId, setPupilId] = useState('');
  const [kind, setKind] = useState<Kind>('retenue');
  const [reason, setReason] = useState('');
  const [date, setDate] = useState('');
  const [startsAt, setStartsAt] = useState('13:00');
  const [endsAt, setEndsAt] = useState('15:00');
  const [room, setRoom] = useState('');
  return (
    <form
      className="form discipline-form"
      aria-labelledby="punishment-form-title"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(
          {
            pupilId,
            kind,
            reason,
            ...(kind === 'retenue' ? { detention: { date, startsAt, endsAt, room } } : {}),
          },
          { onSuccess: () => onDone(t('discipline.punishment.saved')) },
        );
      }}
    >
      <h2 id="punishment-form-title">{t('discipline.punishment.new')}</h2>
      <PupilSelect pupils={pupils} value={pupilId} onChange={setPupilId} label={t('discipline.form.pupil')} />
      <div className="field">
        <label htmlFor="punishment-kind">{t('discipline.punishment.kind')}</label>
        <select
          id="punishment-kind"
          className="native-select"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as Kind)}
        >
          {PUNISHMENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`discipline.punishment.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="punishment-reason">{t('discipline.punishment.reason')}</label>
        <textarea
          id="punishment-reason"
          required
          rows={3}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
        />
      </div>
      {kind === 'retenue' && (
        <fieldset className="fieldset">
          <legend>{t('discipline.detention.title')}</legend>
          <div className="field">
            <label htmlFor="detention-date">{t('discipline.detention.date')}</label>
            <input
              id="detention-date"
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="detention-start">{t('discipline.detention.start')}</label>
            <input
              id="detention-start"
              type="time"
              required
              value={startsAt}
              onChange={(e) => setStartsAt(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="detention-end">{t('discipline.detention.end')}</label>
            <input
              id="detention-end"
              type="time"
              required
              value={endsAt}
              onChange={(e) => setEndsAt(e.currentTarget.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="detention-room">{t('discipline.detention.room')}</label>
            <input
              id="detention-room"
              required
              maxLength={100}
              value={room}
              onChange={(e) => setRoom(e.currentTarget.value)}
            />
          </div>
        </fieldset>
      )}
      {create.error && <ErrorAlert error={create.error} />}
      <Button type="submit" className="button button-primary" isDisabled={create.isPending || !pupilId}>
        {t('discipline.punishment.submit')}
      </Button>
    </form>
  );
}
