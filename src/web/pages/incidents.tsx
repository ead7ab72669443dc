import { useState } from 'react';
import { Button, ToggleButton } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { currentSchool, hasAbility } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { Loading } from '../components/loading.tsx';
import { PageTitle } from '../components/page-title.tsx';
import { PunishmentLine } from '../features/discipline/discipline-block.tsx';
import { IncidentForm, PunishmentForm } from '../features/discipline/incident-forms.tsx';
import {
  useCheckDetention,
  useDetentions,
  useIncidents,
  useNameablePupils,
  usePunishments,
} from '../features/discipline/queries.ts';
import '../features/discipline/discipline.css';
import { ErrorAlert } from '../features/errors.tsx';
import { todayIso } from '../features/timetable/dates.ts';
import { formatDateTime } from '../i18n/index.ts';

/** The retenues of a day and their roll call (present / absent), for vie scolaire. */
function Detentions({ schoolId }: { schoolId: string }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(todayIso());
  const q = useDetentions(schoolId, date, true);
  const check = useCheckDetention(schoolId);
  return (
    <section className="section" aria-labelledby="detentions-title">
      <h2 id="detentions-title">{t('discipline.detention.planning')}</h2>
      <div className="field">
        <label htmlFor="detentions-date">{t('discipline.detention.day')}</label>
        <input id="detentions-date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.error ? (
        <ErrorAlert error={q.error} />
      ) : q.data.items.length === 0 ? (
        <p className="hint">{t('discipline.detention.none')}</p>
      ) : (
        <ul className="discipline-list">
          {q.data.items.map((p) => {
            const name = `${p.pupil.lastName} ${p.pupil.firstName}`;
            return (
              <li key={p.id}>
                <PunishmentLine p={p} withPupil linkPupil />
                <div className="detention-actions">
                  {(['present', 'absent'] as const).map((s) => (
                    <ToggleButton
                      key={s}
                      className="button toggle"
                      aria-label={t(`discipline.detention.mark.${s}`, { name })}
                      isSelected={p.detention?.status === s}
                      isDisabled={check.isPending}
                      onChange={() => check.mutate({ id: p.id, status: s })}
                    >
                      {t(`discipline.detention.status.${s}`)}
                    </ToggleButton>
                  ))}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {check.error && <ErrorAlert error={check.error} />}
    </section>
  );
}

/** "Incidents et punitions": report an incident, give a punishment, the retenues' planning and roll call. */
export default function IncidentsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const schoolId = currentSchool(me)?.id ?? '';
  const follows = hasAbility(me, 'attendance.watch');
  const [open, setOpen] = useState<'incident' | 'punishment' | null>(null);
  const [message, setMessage] = useState('');
  const pupils = useNameablePupils(schoolId, open !== null);
  const incidents = useIncidents(schoolId);
  const punishments = usePunishments(schoolId);
  const done = (m: string) => {
    setOpen(null);
    setMessage(m);
  };
  return (
    <div className="page">
      <PageTitle>{t('discipline.title')}</PageTitle>
      <p className="actions">
        <Button
          className="button button-primary"
          aria-expanded={open === 'incident'}
          onPress={() => {
            setMessage('');
            setOpen(open === 'incident' ? null : 'incident');
          }}
        >
          {t('discipline.incident.new')}
        </Button>
        <Button
          className="button"
          aria-expanded={open === 'punishment'}
          onPress={() => {
            setMessage('');
            setOpen(open === 'punishment' ? null : 'punishment');
          }}
        >
          {t('discipline.punishment.new')}
        </Button>
      </p>
      <p role="status" className="status-line">
        {message}
      </p>
      {open !== null &&
        (pupils.isPending ? (
          <Loading />
        ) : pupils.error ? (
          <ErrorAlert error={pupils.error} />
        ) : open === 'incident' ? (
          <IncidentForm schoolId={schoolId} pupils={pupils.data} onDone={done} />
        ) : (
          <PunishmentForm schoolId={schoolId} pupils={pupils.data} onDone={done} />
        ))}
      {follows && <Detentions schoolId={schoolId} />}
      <section className="section" aria-labelledby="punishments-title">
        <h2 id="punishments-title">{follows ? t('discipline.punishment.all') : t('discipline.punishment.mine')}</h2>
        {punishments.isPending ? (
          <Loading />
        ) : punishments.error ? (
          <ErrorAlert error={punishments.error} />
        ) : punishments.data.items.length === 0 ? (
          <p className="hint">{t('discipline.punishment.none')}</p>
        ) : (
          <ul className="discipline-list">
            {punishments.data.items.slice(0, 30).map((p) => (
              <li key={p.id}>
                <PunishmentLine p={p} withPupil linkPupil={follows} />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="section" aria-labelledby="incidents-title">
        <h2 id="incidents-title">{follows ? t('discipline.incident.all') : t('discipline.incident.mine')}</h2>
        {incidents.isPending ? (
          <Loading />
        ) : incidents.error ? (
          <ErrorAlert error={incidents.error} />
        ) : incidents.data.items.length === 0 ? (
          <p className="hint">{t('discipline.incident.none')}</p>
        ) : (
          <ul className="discipline-list">
            {incidents.data.items.slice(0, 30).map((i) => (
              <li key={i.id}>
                <h3>
                  {formatDateTime(i.occurredAt)} — {i.place}
                </h3>
                <p>{i.description}</p>
                <p className="discipline-meta">
                  {i.pupils
                    .map(
                      (p) =>
                        `${p.lastName} ${p.firstName}${p.className ? ` (${p.className})` : ''} : ${t(`discipline.incident.roles.${p.role}`)}`,
                    )
                    .join(' ; ')}
                </p>
                {i.witnesses && (
                  <p className="discipline-meta">{t('discipline.incident.witnessesAre', { list: i.witnesses })}</p>
                )}
                {i.author && (
                  <p className="discipline-meta">
                    {t('discipline.incident.by', { name: `${i.author.firstName} ${i.author.lastName}` })}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
